"""Adapter: every use of MkDocs internals, in one place, pinned to MkDocs 1.6.1.

The rest of the adapter uses public plugin events and Jinja's public API only. What is here has
no public equivalent, and each buys a measured speed-up of the fast path (`fast_render`):

- `replace_render`: a generated page's `Page.render` is replaced on the instance (on_pre_page), so
  that MkDocs takes HTML converted earlier, in worker processes (`mkdocs build`) or in an earlier
  rebuild (`mkdocs serve`), instead of converting the Markdown again. No public event can skip the
  conversion: on_page_markdown and on_page_content run around it, and it builds a Python-Markdown
  instance with every extension per page. Rendering in workers is what makes the build 0.40× of
  stock mkdocs-material at 10,000 records (BENCHMARKS.md); reuse in serve took a one-file edit from
  19.5 s to 2.8 s at 1,000 records.
- `render_state` / `set_render_state`: what `Page.render` leaves on a page besides `content` and
  `toc`: the title found in the page (`_title_from_render`, private; `Page.title` reads it) and
  the anchors MkDocs checks links against (`present_anchor_ids`, `links_to_anchors`, public names
  but undocumented). Copied from the page a worker rendered onto the page MkDocs holds.
- `page_markdown_event`: runs the plugins' on_page_markdown for a page read in a worker, as
  MkDocs' `_populate_page` does before converting (the worker's result is used only if the
  Markdown comes out the same as in the parent).
- `template_output`: the steps of MkDocs' `_build_page` up to the template's output (context,
  template, on_page_context, render), without writing the file and without
  `config._current_page`: run in workers on every core once every page's HTML is known; the
  parent then runs MkDocs' own `_build_page`, which takes this output through a template that
  returns it (`fast_render.install_template`: on_env, Jinja's public loader API, and the page's
  documented `template` meta key; no longer an internal).

`PINNED` holds the MkDocs version and a hash of the source of every MkDocs function whose
behaviour the code here copies or relies on; tests/test_internals.py fails when an upgrade
changes any of them: read the new source, adapt this module, and update `PINNED`.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import mkdocs
from jinja2 import Environment
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

MKDOCS_VERSION = "1.6.1"


def _sources() -> dict[str, Any]:
    """The MkDocs code this module copies or relies on, by name."""
    title = Page.__dict__["title"]  # a mkdocs.utils.weak_property: its function is `func`
    return {
        "commands.build._build_page": mkdocs_build._build_page,
        "commands.build._populate_page": mkdocs_build._populate_page,
        "commands.build.get_context": get_context,
        "structure.pages.Page.__init__": Page.__init__,
        "structure.pages.Page.render": Page.render,
        "structure.pages.Page.title": title.func,
    }


def source_hashes() -> dict[str, str]:
    return {
        name: hashlib.sha256(inspect.getsource(code).encode("utf-8")).hexdigest()[:16]
        for name, code in _sources().items()
    }


PINNED = {
    "commands.build._build_page": "adcdbd14b2361126",
    "commands.build._populate_page": "31a70ea4caef1e12",
    "commands.build.get_context": "4b4bf8a076edc4a6",
    "structure.pages.Page.__init__": "fa0bb890179b7375",
    "structure.pages.Page.render": "320529348f7a8af1",
    "structure.pages.Page.title": "0b79ceaa40829423",
}


def changed_since_pinned() -> list[str]:
    """What differs from the MkDocs this module was written against; [] when nothing does."""
    found = [] if mkdocs.__version__ == MKDOCS_VERSION else [f"mkdocs {mkdocs.__version__}"]
    return found + [name for name, h in source_hashes().items() if PINNED.get(name) != h]


def replace_render(page: Page, render: Callable[[MkDocsConfig, Files], None]) -> None:
    """MkDocs calls `page.render(config, files)` next; this page's is `render` instead."""
    page.render = render  # type: ignore[method-assign,assignment]


RenderState = tuple[str | None, set[str], dict[str, dict[str, str]] | None]


def render_state(page: Page) -> RenderState:
    """The title and anchors `Page.render` left on `page`, in a form that pickles (the files a
    page links to by their src path)."""
    links = None
    if page.links_to_anchors is not None:
        links = {f.src_uri: dict(v) for f, v in page.links_to_anchors.items()}
    return page._title_from_render, set(page.present_anchor_ids or ()), links


def set_render_state(page: Page, state: RenderState, files: Files) -> None:
    title, anchors, links = state
    page._title_from_render = title
    page.present_anchor_ids = set(anchors)
    if links is not None:
        found: dict[File, dict[str, str]] = {}
        for src, targets in links.items():
            target = files.get_file_from_path(src)
            if target is not None:
                found[target] = dict(targets)
        page.links_to_anchors = found


def page_markdown_event(page: Page, config: MkDocsConfig, files: Files) -> None:
    """The plugins' on_page_markdown over the page's Markdown, as MkDocs runs it."""
    assert page.markdown is not None
    page.markdown = config.plugins.on_page_markdown(
        page.markdown, page=page, config=config, files=files
    )


def template_output(
    page: Page, config: MkDocsConfig, nav: Navigation, env: Environment, doc_files: Sequence[File]
) -> str:
    """What MkDocs' `_build_page` renders for `page`, before on_post_page and without writing."""
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return template.render(context)
    finally:
        page.active = False
