"""Pages: which pages exist, and what each page type says, rendered from the fixture dataset.

Golden files in tests/golden/pages/ hold the Markdown of one page of each type; review their diff
after `pytest --update-golden`."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.data.validate import validate_data
from monitor.site.pages import build_pages

TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def pages(project):
    root = project()
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    return build_pages(ds, today=TODAY)


def test_a_page_for_every_record_and_overview(pages) -> None:
    expected = {
        "index.md", "begrippen.md", "statussen.md", "bijdragen/foutcodes.md", "stand-per-brief.md",
        "bijdragen/velden.md",
        "maatregelen/index.md", "maatregelen/pilot-weerbare-wijken.md",
        "maatregelen/pilot-deel-noord.md",
        "moties/index.md", "moties/motie-jansen-wijkagenten.md",
        "toezeggingen/index.md", "toezeggingen/voortgang-pilot.md",
        "documenten/index.md", "documenten/brief-a.md", "documenten/brief-b.md",
        "documenten/kst-1-2.md",
        "themas/index.md", "themas/weerbaarheid.md",
        "actoren/index.md", "actoren/gemeenten.md", "actoren/politie.md",
        "onderwerpen/index.md", "onderwerpen/weerbare-wijken.md",
        "onderwerpen/politie-en-opsporing.md",
    }  # fmt: skip
    # Facet pages (one folder deeper: maatregelen/status/x.md) are tested in test_facets.py.
    assert {p for p in pages if p.count("/") < 2} == expected


def test_record_pages_stay_out_of_the_navigation(pages) -> None:
    assert not pages["maatregelen/pilot-weerbare-wijken.md"].in_nav
    assert pages["maatregelen/index.md"].in_nav


def test_record_pages_know_their_data_file(pages) -> None:
    page = pages["maatregelen/pilot-weerbare-wijken.md"]
    assert page.edit_path == "data/measures/pilot-weerbare-wijken.yaml"
    assert pages["themas/weerbaarheid.md"].edit_path == "data/themes.yaml"


@pytest.mark.parametrize(
    "path",
    [
        "index.md",
        "maatregelen/pilot-weerbare-wijken.md",
        "maatregelen/index.md",
        "maatregelen/status/aangekondigd.md",
        "moties/index.md",
        "toezeggingen/index.md",
        "moties/motie-jansen-wijkagenten.md",
        "toezeggingen/voortgang-pilot.md",
        "documenten/brief-a.md",
        "documenten/kst-1-2.md",
        "themas/weerbaarheid.md",
        "actoren/gemeenten.md",
        "onderwerpen/index.md",
        "onderwerpen/weerbare-wijken.md",
        "begrippen.md",
        "statussen.md",
    ],
)
def test_page_types_render_as_reviewed(pages, golden, path: str) -> None:
    golden(f"pages/{path.replace('/', '__')}", pages[path].markdown())


def test_measure_page_shows_current_status_with_its_source_and_date(pages) -> None:
    text = pages["maatregelen/pilot-weerbare-wijken.md"].markdown()
    assert '**Status:** [<span class="status status--in-uitvoering">In uitvoering</span>]' in text
    assert "volgens [Tweede brief](../documenten/brief-b.md), 1 oktober 2024" in text


def test_deadline_passed_is_shown_only_when_it_has(project) -> None:
    root = project()
    ds = validate_data(root / "data", root=root).dataset
    before = build_pages(ds, today=dt.date(2025, 6, 1))["maatregelen/pilot-weerbare-wijken.md"]
    after = build_pages(ds, today=dt.date(2026, 1, 1))["maatregelen/pilot-weerbare-wijken.md"]
    assert "verstreken" not in before.markdown()
    assert "(uiterlijk 31 december 2025, verstreken)" in after.markdown()
