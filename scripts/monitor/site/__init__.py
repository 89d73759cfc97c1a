"""Site: which pages exist and what is on them, as Markdown text: pages, render (Jinja, escaping),
facets, charts, signals, deadlines, state per letter, links to the originals, wording.
Reads the dataset from `data`; knows no generator (never imports MkDocs) and writes no files."""
