"""Data: read `data/`, type it, check it. Load (YAML with positions), model (the records and the
dataset; the JSON Schema comes from here), validate (every rule, every problem in one run),
quotes and coverage against the source texts, history (the data's versions from git).
Imports nothing from the later stages (site, publish, editing, adapter)."""
