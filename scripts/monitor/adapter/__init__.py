"""Adapter: MkDocs. `plugin` (thin event handlers that hand `build.build_content`'s result to
MkDocs), `fast_render` (generated pages rendered on every core, and reused in serve), `internals`
(every use of MkDocs internals, pinned to its version), `command` (`mkdocs build` as a checked
child process, swapped into place) and `serve`, which owns `mkdocs serve`. The only package that
imports MkDocs: moving to another generator rewrites this folder and nothing else."""
