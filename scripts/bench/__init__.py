"""Benchmarks of the site build at scale; not part of the published package (see run.py)."""
