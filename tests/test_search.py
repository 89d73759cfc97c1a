"""The search stage: Pagefind indexes what the theme marks as content, in Dutch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.publish.search import UNUSED, SearchIndexError, _count, index_site, remove_unused

PAGE = """<!doctype html><html lang="nl"><head><title>{title}</title></head><body>
<nav>Navigatie die op elke pagina staat</nav>
<div data-pagefind-body><h1>{title}<a class="headerlink" href="#x">¶</a></h1><p>{text}</p>
<span hidden data-pagefind-filter="soort">Maatregel</span></div></body></html>"""


def write_site(root: Path) -> Path:
    for name, title, text in [
        ("a", "Afpakken zonder veroordeling", "Het NCBC-wetsvoorstel wordt voorbereid."),
        ("b", "Wijkagenten", "Meer wijkagenten in de maatregelen voor wijken."),
    ]:
        (root / name).mkdir(parents=True)
        (root / name / "index.html").write_text(PAGE.format(title=title, text=text), "utf-8")
    (root / "zonder-body.html").write_text("<html lang='nl'><body>los</body></html>", "utf-8")
    return root


def test_index_site_writes_a_dutch_bundle_of_the_marked_pages(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    result = index_site(site)
    assert result.pages == 2  # the page without data-pagefind-body is left out
    assert result.words > 0
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["nl"]
    assert entry["languages"]["nl"]["page_count"] == 2
    assert (site / "pagefind/pagefind.js").is_file(), "the API the search page imports"
    assert list((site / "pagefind/filter").iterdir()), "the 'soort' filter is indexed"
    # The site's search page has its own interface: Pagefind's ready-made ones are not published.
    left = sorted(p.name for p in (site / "pagefind").iterdir() if p.name in UNUSED)
    assert left == []
    assert not list((site / "pagefind").glob("*ui*")), "an interface file Pagefind added since"


def test_remove_unused_deletes_only_pagefinds_interfaces(tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-ui.js", "pagefind-highlight.js"):
        (bundle / name).write_text("//", "utf-8")
    assert remove_unused(bundle) == ["pagefind-ui.js", "pagefind-highlight.js"]
    assert sorted(p.name for p in bundle.iterdir()) == ["pagefind-worker.js", "pagefind.js"]
    assert remove_unused(bundle) == []


def test_index_site_failure_is_an_error_with_pagefinds_message(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError) as error:
        index_site(tmp_path / "does-not-exist")
    assert str(error.value)


def test_count_reads_pagefinds_summary() -> None:
    out = "Total: \n  Indexed 1 language\n  Indexed 317 pages\n  Indexed 2740 words\n"
    assert _count(out, "Indexed", "page") == 317
    assert _count(out, "Indexed", "word") == 2740
    assert _count("nothing", "Indexed", "page") == 0
