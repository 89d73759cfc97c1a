"""Subjects in the browser: the home page leads with them, each has a page with its records, a
status chart with its table and what the letters said, and the overviews and search filter on them.

The expected records are worked out from the data (`subjects:` of each record), not from the
pages under test.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from monitor.data.model import Dataset
from monitor.data.validate import validate_data

from .browsing import ROOT, Browser

pytestmark = pytest.mark.browser

ROW_IDS = """(selector) => [...document.querySelectorAll(selector)]
    .filter((row) => !row.hidden && row.offsetParent !== null)
    .map((row) => new URL(row.querySelector('a').href).pathname.split('/').filter(Boolean)[1])"""


@pytest.fixture(scope="module")
def ds() -> Dataset:
    dataset = validate_data(ROOT / "data", root=ROOT).dataset
    assert dataset is not None
    return dataset


def records_of(ds: Dataset, subject: str) -> list[Any]:
    return [r for _, rs in ds.tracked_groups() for r in rs if subject in r.subjects]


def test_the_home_page_leads_with_the_subjects(pages: Browser, ds: Dataset) -> None:
    page = pages.reuse("home").page
    headings = page.locator("article h2").all_inner_texts()
    assert headings[0].strip(" ¶") == "Onderwerpen", headings
    items = page.locator(".subject-grid li")
    assert items.count() == len(ds.subjects)
    for i, subject in enumerate(ds.subjects.values()):
        item = items.nth(i)
        n = len(records_of(ds, subject.id))
        assert item.locator("a").inner_text() == subject.name
        assert item.locator(".subject-grid__count").inner_text() == (
            f"{n} punt" if n == 1 else f"{n} punten"
        )
    # Near the top: the grid starts within the first screen of a desktop.
    box = page.locator(".subject-grid").bounding_box()
    assert box is not None and box["y"] < 900


@pytest.mark.parametrize("subject", ["drugs", "havens-en-logistiek", "witwassen-en-geldstromen"])
def test_a_subject_page_shows_its_records_chart_and_letters(
    pages: Browser, ds: Dataset, subject: str
) -> None:
    page = pages.reuse("home").page
    page.click(f".subject-grid a[href$='onderwerpen/{subject}/']")
    page.wait_for_url(f"**/onderwerpen/{subject}/")
    records = records_of(ds, subject)
    article = page.locator("article")
    assert f"De monitor volgt bij dit onderwerp {len(records)} punten" in article.inner_text()
    linked = set(
        page.eval_on_selector_all(
            ".related table a[href*='/maatregelen/'], .related table a[href*='/moties/'], "
            ".related table a[href*='/toezeggingen/']",
            "(as) => as.map((a) => new URL(a.href).pathname.split('/')[2])",
        )
    )
    assert linked == {r.id for r in records}
    # The chart: an accessible picture of the table beside it, styled by classes only.
    chart = page.locator("svg.chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("title").text_content() == f"{ds.subjects[subject].name}: stand van zaken"
    assert page.locator("article [style]").count() == 0
    counts = page.locator(".chart-block table tbody tr td:last-child").all_inner_texts()
    assert sum(int(c) for c in counts) == len(records)
    desc = chart.locator("desc").text_content() or ""
    assert all(c in desc for c in counts)
    # What the letters said: one heading per document, oldest first, each entry a record.
    told = page.locator(".subject-timeline h3")
    assert told.count() >= 1
    entries = page.locator(".subject-timeline li").count()
    assert entries == sum(1 for r in records for _ in r.status_history), (
        "every status entry of every record, once"
    )


def test_the_overview_filters_on_a_subject(pages: Browser, ds: Dataset) -> None:
    expected = sorted(m.id for m in ds.measures.values() if "drugs" in m.subjects)
    page = pages.reuse("/maatregelen/").page
    page.select_option("select[data-filter=onderwerp]", "drugs")
    page.wait_for_function(
        "(n) => document.querySelector('p.record-count').innerText.startsWith(n + ' ')",
        arg=len(expected),
    )
    assert sorted(page.evaluate(ROW_IDS, "table.record-table tbody tr")) == expected


def test_without_javascript_a_subject_has_its_filter_page(pages: Browser, ds: Dataset) -> None:
    expected = sorted(m.id for m in ds.measures.values() if "havens-en-logistiek" in m.subjects)
    page = pages.reuse("/maatregelen/onderwerp/havens-en-logistiek/", javascript=False).page
    assert sorted(page.evaluate(ROW_IDS, "table.record-table tbody tr")) == expected


def test_a_record_page_links_to_its_subjects(pages: Browser, ds: Dataset) -> None:
    record = ds.measures["pilot-scanbeelden-containers-brazilie"]
    page = pages.reuse(f"/maatregelen/{record.id}/").page
    cell = page.locator("th", has_text=re.compile(r"^Onderwerpen?$"))
    links = cell.locator("xpath=following-sibling::td[1]//a")
    assert links.all_inner_texts() == [ds.subjects[s].name for s in record.subjects]


def test_search_knows_the_subjects(pages: Browser) -> None:
    page = pages.reuse("/zoeken/?q=drugs&soort=Onderwerp").page
    page.wait_for_function(
        "() => document.querySelector('#zoek-status').textContent.includes('soort: Onderwerp')"
    )
    first = page.locator("#zoek-resultaten > li .monitor-zoeken__title a").first
    assert (first.get_attribute("href") or "").endswith("/onderwerpen/drugs/")
