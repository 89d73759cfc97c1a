"""Editing: the tools editors run on `data/` itself: a new record from a template, fmt, the
intake of a new letter, the files a branch changes. Builds on `data` only."""
