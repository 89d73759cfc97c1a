"""Facets: every value of every filter has a static page with the right records and count, the
overview links to each with that count, and the table rows carry the same value ids."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from urllib.parse import urljoin

import pytest

from conftest import ROOT
from monitor.data.model import Dataset
from monitor.data.validate import validate_data
from monitor.site.facets import FACETS, build_facets, record_facets, records_of
from monitor.site.pages import build_pages, facet_path, page_path
from monitor.site.render import page_url

TODAY = dt.date(2026, 1, 15)
KINDS = ["measure", "motion", "commitment"]


@pytest.fixture
def fixture_ds(project) -> Dataset:
    root = project()
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    return ds


@pytest.fixture(scope="module")
def real_ds() -> Dataset:
    ds = validate_data(ROOT / "data", root=ROOT).dataset
    assert ds is not None
    return ds


@pytest.fixture(scope="module")
def real_pages(real_ds: Dataset):
    return build_pages(real_ds, today=TODAY)


def test_fixture_facets_are_as_the_records_say(fixture_ds: Dataset) -> None:
    facets = {f.key: f for f in build_facets(fixture_ds, "measure")}
    assert list(facets) == ["status", "onderwerp", "thema", "actor", "document", "jaar"]
    status = {v.id: [r.id for r in v.records] for v in facets["status"].values}
    assert status == {
        "aangekondigd": ["pilot-deel-noord"],
        "in-uitvoering": ["pilot-weerbare-wijken"],
    }
    assert [(v.id, v.count) for v in facets["thema"].values] == [("weerbaarheid", 2)]
    assert [(v.id, v.label, v.count) for v in facets["onderwerp"].values] == [
        ("weerbare-wijken", "Weerbare wijken", 2)
    ]
    assert [(v.id, v.label, v.count) for v in facets["actor"].values] == [
        ("gemeenten", "Gemeenten", 1)
    ]
    # A measure is found under every document that says something about it, in date order.
    assert [(v.id, v.count) for v in facets["document"].values] == [("brief-a", 2), ("brief-b", 1)]
    assert [(v.id, v.count) for v in facets["jaar"].values] == [("2024", 2)]
    motion = {f.key: f for f in build_facets(fixture_ds, "motion")}
    assert [(v.id, v.label) for v in motion["stemming"].values] == [("aangenomen", "Aangenomen")]


def test_row_attributes_match_the_facets(fixture_ds: Dataset) -> None:
    record = fixture_ds.measures["pilot-weerbare-wijken"]
    assert record_facets(fixture_ds, "measure", record) == {
        "status": ["in-uitvoering"],
        "onderwerp": ["weerbare-wijken"],
        "thema": ["weerbaarheid"],
        "actor": ["gemeenten"],
        "document": ["brief-a", "brief-b"],
        "jaar": ["2024"],
    }


def test_fixture_facet_pages(fixture_ds: Dataset) -> None:
    pages = build_pages(fixture_ds, today=TODAY)
    facet_pages = {p for p in pages if p.count("/") == 2}
    assert facet_pages == {
        "maatregelen/actor/gemeenten.md", "maatregelen/document/brief-a.md",
        "maatregelen/document/brief-b.md", "maatregelen/jaar/2024.md",
        "maatregelen/status/aangekondigd.md", "maatregelen/status/in-uitvoering.md",
        "maatregelen/thema/weerbaarheid.md", "maatregelen/onderwerp/weerbare-wijken.md",
        "moties/onderwerp/politie-en-opsporing.md", "toezeggingen/onderwerp/weerbare-wijken.md",
        "moties/actor/politie.md", "moties/document/brief-a.md", "moties/jaar/2024.md",
        "moties/status/in-uitvoering.md", "moties/stemming/aangenomen.md",
        "toezeggingen/document/brief-a.md", "toezeggingen/jaar/2024.md",
        "toezeggingen/status/open.md", "toezeggingen/thema/weerbaarheid.md",
    }  # fmt: skip
    assert not any(pages[p].in_nav for p in facet_pages)  # a nav entry each: quadratic build
    path = "maatregelen/status/aangekondigd.md"
    text = pages[path].markdown()
    assert "1 van de 2 maatregelen" in text
    assert _table_rows(text, path) == ["maatregelen/pilot-deel-noord/"]
    assert ">Deel noord van de pilot</a>" in text


def _resolve(href: str, page: str) -> str:
    """Where a link on the generated page `page` (a src path) leads, from the site root."""
    return urljoin(f"https://x/{page_url(page)}", href).removeprefix("https://x/")


def _table_rows(text: str, page: str) -> list[str]:
    """Where the record links in the first overview table of a generated page lead, in order."""
    table = text.split('<table class="record-table"', 1)[1].split("</table>", 1)[0]
    hrefs = re.findall(r'<tr data-[^>]*>\n<td [^>]*><a href="([^"]*)"', table)
    return [_resolve(href, page) for href in hrefs]


@pytest.mark.parametrize("kind", KINDS)
def test_real_data_every_facet_value_has_a_page_with_its_records(
    real_ds: Dataset, real_pages, kind: str
) -> None:
    records = records_of(real_ds, kind)
    for facet in build_facets(real_ds, kind):
        expected = Counter(v for r in records for v in record_facets(real_ds, kind, r)[facet.key])
        assert {v.id: v.count for v in facet.values} == dict(expected), facet.key
        for value in facet.values:
            path = facet_path(kind, facet.key, value.id)
            page = real_pages[path]
            rows = _table_rows(page.markdown(), path)
            assert len(rows) == value.count, (facet.key, value.id)
            assert f"{value.count} van de {len(records)}" in page.markdown()


@pytest.mark.parametrize("kind", KINDS)
def test_real_data_overview_links_every_facet_value_with_its_count(
    real_ds: Dataset, real_pages, kind: str
) -> None:
    overview = real_pages[page_path(kind)].markdown()
    rows = _table_rows(overview, page_path(kind))
    assert rows == [page_url(page_path(kind, r.id)) for r in _in_table_order(real_ds, kind)]
    links = {
        (_resolve(href, page_path(kind)), int(count))
        for href, count in re.findall(r'<li><a href="([^"]*)">.*?</a> \((\d+)\)</li>', overview)
    }
    for facet in build_facets(real_ds, kind):
        for value in facet.values:
            assert (page_url(facet_path(kind, facet.key, value.id)), value.count) in links
            assert f'<option value="{value.id}">' in overview


def _in_table_order(ds: Dataset, kind: str) -> list:
    from monitor.site.pages import _overview_rows

    return [row.record for row in _overview_rows(ds, kind)]


def test_status_counts_add_up_to_all_records(real_ds: Dataset) -> None:
    for kind in KINDS:
        status = build_facets(real_ds, kind)[0]
        assert status.key == "status"
        assert sum(v.count for v in status.values) == len(records_of(real_ds, kind))


def test_every_kind_offers_status_subject_theme_actor_document_and_year() -> None:
    for kind in KINDS:
        keys = {key for key, _, _ in FACETS[kind]}
        assert {"status", "onderwerp", "thema", "actor", "document", "jaar"} <= keys


EVIL = '"><script>alert(1)</script><x y="'


def test_hostile_labels_stay_text_in_the_filter_form_and_table(project) -> None:
    import markdown
    from bs4 import BeautifulSoup

    from conftest import VALID_FILES

    themes = VALID_FILES["data/themes.yaml"].replace("label: Weerbaarheid", f"label: '{EVIL}'")
    measure = VALID_FILES["data/measures/pilot-weerbare-wijken.yaml"].replace(
        "title: Pilot weerbare wijken", f"title: '{EVIL} *x*'"
    )
    root = project(
        {"data/themes.yaml": themes, "data/measures/pilot-weerbare-wijken.yaml": measure}
    )
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    text = build_pages(ds, today=TODAY)["maatregelen/index.md"].markdown()
    html = markdown.markdown(text, extensions=["tables", "attr_list", "abbr", "md_in_html"])
    page = BeautifulSoup(html, "html.parser")
    assert not page.find_all(["script", "x"])
    option = page.select_one("select[data-filter=thema] option[value=weerbaarheid]")
    assert option.get_text() == f"{EVIL} (2)"
    titles = [a.get_text() for a in page.select("table.record-table tbody td a")]
    assert f"{EVIL} *x*" in titles


def test_a_facet_without_values_is_left_out(fixture_ds: Dataset) -> None:
    # The fixture's motion has no themes: no empty 'Thema' filter on the motions overview.
    keys = [f.key for f in build_facets(fixture_ds, "motion")]
    assert keys == ["status", "onderwerp", "stemming", "actor", "document", "jaar"]


def test_themes_with_the_same_label_are_told_apart_by_their_document(real_ds: Dataset) -> None:
    labels = [
        v.label for f in build_facets(real_ds, "measure") if f.key == "thema" for v in f.values
    ]
    assert len(labels) == len(set(labels))
    assert "Internationale samenwerking (Kamerbrief aanpak ondermijnende criminaliteit)" in labels
