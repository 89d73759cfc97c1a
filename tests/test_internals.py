"""The MkDocs internals the fast path relies on (adapter/internals.py) are the ones it was written
against: an upgrade of MkDocs that changes any of them fails here, before it can break a build."""

from __future__ import annotations

import inspect

import mkdocs
import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.pages import Page

from monitor.adapter import internals


def test_mkdocs_is_the_pinned_version_and_its_internals_unchanged() -> None:
    assert mkdocs.__version__ == internals.MKDOCS_VERSION, (
        f"MkDocs {mkdocs.__version__} is installed; adapter/internals.py was written against "
        f"{internals.MKDOCS_VERSION}: read the new source of what it names, adapt, update PINNED"
    )
    assert internals.changed_since_pinned() == []


def test_a_changed_internal_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    def render(self, config, files):  # type: ignore[no-untyped-def]
        """Not MkDocs' own."""

    monkeypatch.setattr(Page, "render", render)
    assert internals.changed_since_pinned() == ["structure.pages.Page.render"]
    monkeypatch.setattr(mkdocs, "__version__", "1.7.0")
    assert internals.changed_since_pinned()[0] == "mkdocs 1.7.0"


def test_the_private_names_used_still_exist() -> None:
    """What internals.py reads and writes on a page, and the functions it copies."""
    page_source = inspect.getsource(Page)
    for name in ("_title_from_render", "present_anchor_ids", "links_to_anchors"):
        assert f"self.{name} = " in page_source, name
    params = list(inspect.signature(mkdocs_build.get_context).parameters)
    assert params[:4] == ["nav", "files", "config", "page"]
    params = list(inspect.signature(mkdocs_build._build_page).parameters)
    assert params[:5] == ["page", "config", "doc_files", "nav", "env"]
