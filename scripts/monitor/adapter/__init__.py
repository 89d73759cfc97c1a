"""Adapter: MkDocs. The plugin's event handlers, the fast rendering path, and `serve`, which owns
`mkdocs serve`. The only package that imports MkDocs: moving to another generator rewrites this
folder and nothing else."""
