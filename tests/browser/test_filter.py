"""Overview filters in the browser: static facet pages without JavaScript, instant filtering with.

The expected rows are worked out here from the records themselves (current status = the last
step of the status history; themes and actors as listed), not from the facet code under test.
"""

from __future__ import annotations

from typing import Any

import pytest

from monitor.data.model import Dataset
from monitor.data.validate import validate_data

from .browsing import ROOT, Browser

pytestmark = pytest.mark.browser

ROW_IDS = """(selector) => [...document.querySelectorAll(selector)]
    .filter((row) => !row.hidden && row.offsetParent !== null)
    .map((row) => new URL(row.querySelector('a').href).pathname.split('/').filter(Boolean)[1])"""
ROWS = "table.record-table tbody tr"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    dataset = validate_data(ROOT / "data", root=ROOT).dataset
    assert dataset is not None
    return dataset


def current(record: Any, ds: Dataset) -> str:
    """The record's current status as the filters and status pages count it: a lifecycle step
    ('ondertekend') under the public status it maps to."""
    return ds.public_status(str(record.status_history[-1].status))


def shown(page: Any) -> list[str]:
    return page.evaluate(ROW_IDS, ROWS)


def count_text(page: Any) -> str:
    return page.locator("p.record-count").inner_text().strip()


# --- without JavaScript: one static page per facet value ------------------------------------


def test_without_javascript_the_overview_lists_every_measure(pages: Browser, ds: Dataset) -> None:
    page = pages.reuse("/maatregelen/", javascript=False).page
    assert sorted(shown(page)) == sorted(ds.measures)
    assert count_text(page) == f"{len(ds.measures)} maatregelen"
    assert not page.locator("form.record-filter").is_visible(), "a filter form that cannot work"


@pytest.mark.parametrize(
    "status", ["aangekondigd", "in-voorbereiding", "in-uitvoering", "gerealiseerd"]
)
def test_without_javascript_a_status_page_lists_its_measures(
    pages: Browser, ds: Dataset, status: str
) -> None:
    expected = sorted(m.id for m in ds.measures.values() if current(m, ds) == status)
    assert expected, f"no measure is {status}"
    page = pages.reuse(f"/maatregelen/status/{status}/", javascript=False).page
    assert sorted(shown(page)) == expected
    assert count_text(page).startswith(f"{len(expected)} maatregel")


def test_without_javascript_theme_actor_and_vote_pages_list_their_records(
    pages: Browser, ds: Dataset
) -> None:
    theme = max(ds.themes, key=lambda t: sum(t in m.themes for m in ds.measures.values()))
    actor = max(ds.actors, key=lambda a: sum(a in m.actors for m in ds.measures.values()))
    cases = [
        (f"/maatregelen/thema/{theme}/", [m for m in ds.measures.values() if theme in m.themes]),
        (f"/maatregelen/actor/{actor}/", [m for m in ds.measures.values() if actor in m.actors]),
        (
            "/moties/stemming/aangenomen/",
            [m for m in ds.motions.values() if m.vote == "aangenomen"],
        ),
        (
            "/toezeggingen/status/open/",
            [c for c in ds.commitments.values() if current(c, ds) == "open"],
        ),
    ]
    for path, records in cases:
        assert records, path
        page = pages.reuse(path, javascript=False).page
        assert sorted(shown(page)) == sorted(r.id for r in records), path


# --- with JavaScript: the form filters the table in place -----------------------------------


@pytest.fixture
def overview(pages: Browser) -> Any:
    page = pages.reuse("/maatregelen/").page
    page.wait_for_selector("form.record-filter:not([hidden])")
    return page


def test_choosing_a_status_narrows_the_rows_and_updates_the_count(
    overview: Any, ds: Dataset
) -> None:
    total = len(ds.measures)
    expected = sorted(m.id for m in ds.measures.values() if current(m, ds) == "in-uitvoering")
    overview.evaluate("() => { window.monitorStillHere = true; }")
    overview.select_option("#tabel-maatregelen-status", "in-uitvoering")
    assert sorted(shown(overview)) == expected
    assert count_text(overview) == f"{len(expected)} van de {total} maatregelen"
    assert overview.evaluate("() => window.monitorStillHere"), "filtering loaded another page"


def test_filters_combine_and_reset_shows_every_row(overview: Any, ds: Dataset) -> None:
    measures = ds.measures.values()
    theme = max(ds.themes, key=lambda t: sum(t in m.themes for m in measures))
    status = max(
        {current(m, ds) for m in measures if theme in m.themes},
        key=lambda s: sum(current(m, ds) == s and theme in m.themes for m in measures),
    )
    overview.select_option("#tabel-maatregelen-thema", theme)
    assert sorted(shown(overview)) == sorted(m.id for m in measures if theme in m.themes)
    overview.select_option("#tabel-maatregelen-status", status)
    both = sorted(m.id for m in measures if theme in m.themes and current(m, ds) == status)
    assert sorted(shown(overview)) == both
    overview.click("form.record-filter button[type=reset]")
    overview.wait_for_function(
        "(n) => document.querySelector('p.record-count').textContent.trim() === n",
        arg=f"{len(ds.measures)} maatregelen",
    )
    assert sorted(shown(overview)) == sorted(ds.measures)


def test_typing_words_filters_on_the_title(overview: Any, ds: Dataset) -> None:
    expected = sorted(m.id for m in ds.measures.values() if "wetsvoorstel" in m.title.lower())
    assert expected
    overview.fill("#tabel-maatregelen-tekst", "wetsvoorstel")
    overview.wait_for_function(
        "(n) => document.querySelector('p.record-count').textContent.trim().startsWith(n + ' ')",
        arg=str(len(expected)),
    )
    assert sorted(shown(overview)) == expected


def test_a_column_header_sorts_the_rows(overview: Any) -> None:
    header = overview.locator("table.record-table thead th").nth(0)
    titles = (
        "() => [...document.querySelectorAll('table.record-table tbody tr td:first-child')]"
        ".map((td) => td.textContent.trim().toLowerCase())"
    )
    header.locator("button").click()
    assert header.get_attribute("aria-sort") in {"ascending", "descending"}
    first = overview.evaluate(titles)
    header.locator("button").click()
    second = overview.evaluate(titles)
    assert second == list(reversed(first)) and first != second


# --- the choices in the address: shareable, kept on reload; counts that combine --------------


def option_counts(page: Any, select: str) -> dict[str, int]:
    """{value id: the number in the option's label} of a filter."""
    pairs = page.evaluate(
        """(sel) => [...document.querySelector(sel).options].filter((o) => o.value)
            .map((o) => [o.value, o.textContent])""",
        select,
    )
    return {value: int(text.rsplit("(", 1)[1].rstrip(")")) for value, text in pairs}


def busiest_theme_and_status(ds: Dataset) -> tuple[str, str]:
    measures = ds.measures.values()
    theme = max(ds.themes, key=lambda t: sum(t in m.themes for m in measures))
    status = max(
        {current(m, ds) for m in measures if theme in m.themes},
        key=lambda s: sum(current(m, ds) == s and theme in m.themes for m in measures),
    )
    return theme, status


def test_a_choice_is_written_into_the_address_and_survives_a_reload(
    overview: Any, ds: Dataset
) -> None:
    expected = sorted(m.id for m in ds.measures.values() if current(m, ds) == "in-uitvoering")
    overview.select_option("#tabel-maatregelen-status", "in-uitvoering")
    assert overview.url.endswith("/maatregelen/?status=in-uitvoering")
    overview.reload(wait_until="load")
    overview.wait_for_selector("form.record-filter:not([hidden])")
    assert overview.input_value("#tabel-maatregelen-status") == "in-uitvoering"
    assert sorted(shown(overview)) == expected
    overview.click("form.record-filter button[type=reset]")
    overview.wait_for_function("() => !location.search")


def test_an_address_with_choices_opens_the_list_filtered(pages: Browser, ds: Dataset) -> None:
    theme, status = busiest_theme_and_status(ds)
    page = pages.reuse(f"/maatregelen/?thema={theme}&status={status}&tekst=").page
    page.wait_for_selector("form.record-filter:not([hidden])")
    both = sorted(
        m.id for m in ds.measures.values() if theme in m.themes and current(m, ds) == status
    )
    assert both and len(both) < len(ds.measures)
    assert sorted(shown(page)) == both
    assert count_text(page) == f"{len(both)} van de {len(ds.measures)} maatregelen"
    assert page.input_value("#tabel-maatregelen-thema") == theme


def test_words_in_the_address_filter_the_titles(pages: Browser, ds: Dataset) -> None:
    expected = sorted(m.id for m in ds.measures.values() if "wetsvoorstel" in m.title.lower())
    page = pages.reuse("/maatregelen/?tekst=Wetsvoorstel").page
    page.wait_for_selector("form.record-filter:not([hidden])")
    assert page.input_value("#tabel-maatregelen-tekst") == "Wetsvoorstel"
    assert sorted(shown(page)) == expected


def test_an_unknown_choice_in_the_address_is_ignored(pages: Browser, ds: Dataset) -> None:
    page = pages.reuse("/maatregelen/?status=bestaat-niet&onzin=1").page
    page.wait_for_selector("form.record-filter:not([hidden])")
    assert page.input_value("#tabel-maatregelen-status") == ""
    assert sorted(shown(page)) == sorted(ds.measures)


def test_the_counts_of_each_filter_follow_the_other_choices(overview: Any, ds: Dataset) -> None:
    measures = list(ds.measures.values())
    theme, status = busiest_theme_and_status(ds)
    alone = option_counts(overview, "#tabel-maatregelen-status")
    assert alone["in-uitvoering"] == sum(current(m, ds) == "in-uitvoering" for m in measures)
    overview.select_option("#tabel-maatregelen-thema", theme)
    in_theme = [m for m in measures if theme in m.themes]
    statuses = option_counts(overview, "#tabel-maatregelen-status")
    assert statuses == {s: sum(current(m, ds) == s for m in in_theme) for s in statuses}
    assert statuses != alone, "the counts did not change"
    # The theme's own counts are those of every theme, until a status is chosen too.
    themes = option_counts(overview, "#tabel-maatregelen-thema")
    assert themes[theme] == len(in_theme)
    overview.select_option("#tabel-maatregelen-status", status)
    themes = option_counts(overview, "#tabel-maatregelen-thema")
    with_status = [m for m in measures if current(m, ds) == status]
    assert themes == {t: sum(t in m.themes for m in with_status) for t in themes}
    overview.click("form.record-filter button[type=reset]")
    overview.wait_for_function("() => !location.search")
    assert option_counts(overview, "#tabel-maatregelen-status") == alone
