"""State per letter, what a letter changed, deadlines that are read, Signalen: in the browser.

Expected values are worked out here from the records themselves (which documents give statuses,
in which order, what each status entry says), not from the code under test (monitor.site.letters,
monitor.site.signals); most pages are opened without JavaScript, because they must work without it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from monitor.data.model import MONTHS, Dataset
from monitor.data.validate import validate_data

from .browsing import PHONE, ROOT, Browser

pytestmark = pytest.mark.browser

# The five documents that give statuses, oldest first (two are undated: their inferred dates
# are "uiterlijk juli 2017" and "najaar 2019", placed at their latest day).
LETTERS = [
    "kamerbrief-2017-toekomstagenda",
    "toekomstagenda-ondermijning",
    "contouren-offensief-ondermijning",
    "beleidsreactie-koers-bepalen",
    "kamerbrief-2024-aanpak-ondermijning",
]
KNOWN = "investering-platforms-veilig-ondernemen"  # three letters, two statuses
LETTER_2024 = "/documenten/kamerbrief-2024-aanpak-ondermijning/"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    dataset = validate_data(ROOT / "data", root=ROOT).dataset
    assert dataset is not None
    return dataset


def last_part(href: str) -> str:
    return [p for p in href.split("#")[0].split("/") if p and p != ".."][-1]


def mentions(record: Any) -> list[str]:
    """The letters that mention a record (its source or a status entry), oldest first."""
    docs = {record.source.document, *(e.document for e in record.status_history)}
    return [d for d in LETTERS if d in docs]


def test_the_letters_are_the_documents_with_statuses_in_date_order(ds: Dataset) -> None:
    with_status = {
        e.document for _, rs in ds.tracked_groups() for r in rs for e in r.status_history
    }
    assert set(LETTERS) == with_status


def test_state_page_shows_each_letters_status_for_a_known_record(
    pages: Browser, ds: Dataset
) -> None:
    page = pages.reuse("/stand-per-brief/", javascript=False).page
    table = page.locator("table.state-table").first
    headers = table.locator("thead th a")
    assert [last_part(h) for h in headers.evaluate_all("(as) => as.map((a) => a.href)")] == LETTERS
    assert "geschat" in headers.nth(2).inner_text()  # the undated contours: "najaar 2019"
    row = table.locator("tbody tr", has=page.locator(f"th a[href*='/{KNOWN}/']"))
    assert row.count() == 1
    cells = row.locator("td")
    record = ds.measures[KNOWN]
    for i, letter in enumerate(LETTERS):
        entries = [(n, e) for n, e in enumerate(record.status_history, 1) if e.document == letter]
        cell = cells.nth(i)
        if not entries:
            assert cell.inner_text().strip() == "", letter
            continue
        number, entry = entries[-1]
        assert cell.inner_text().strip() == ds.statuses[entry.status].label
        assert cell.locator("a").get_attribute("href").endswith(f"/{KNOWN}/#stand-{number}")
    # A cell leads to the quote of that status entry on the record's page.
    cells.nth(3).locator("a").click()
    target = page.locator(":target")
    assert target.get_attribute("id") == "stand-2"
    quote = " ".join(record.status_history[1].quote.split())
    assert quote in " ".join(target.inner_text().split())


def test_state_page_lists_every_record_once(pages: Browser, ds: Dataset) -> None:
    page = pages.reuse("/stand-per-brief/", javascript=False).page
    rows = page.locator("table.state-table tbody tr th a")
    found = sorted(last_part(h) for h in rows.evaluate_all("(as) => as.map((a) => a.href)"))
    assert found == sorted([*ds.measures, *ds.motions, *ds.commitments])


TABLES_PAST_THE_EDGE = """() => [...document.querySelectorAll('article table')]
    .filter((t) => t.getBoundingClientRect().right > window.innerWidth + 1).length"""


@pytest.mark.parametrize("path", ["/stand-per-brief/", "/signalen/", "/"])
def test_on_a_phone_no_table_runs_past_the_screen(pages: Browser, path: str) -> None:
    page = pages.reuse(path, viewport=PHONE, javascript=False).page
    assert page.evaluate(TABLES_PAST_THE_EDGE) == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_a_record_card_names_the_letter_of_each_status(pages: Browser) -> None:
    page = pages.reuse("/stand-per-brief/", viewport=PHONE, javascript=False).page
    row = page.locator("table.state-table tbody tr", has=page.locator(f"a[href*='/{KNOWN}/']"))
    # Each shown status has its letter before it (CSS ::before, from the cell's data-label).
    shown = row.locator("td").evaluate_all(
        """(tds) => tds.filter((td) => td.offsetParent !== null).map((td) =>
            getComputedStyle(td, '::before').content + td.innerText.trim())"""
    )
    assert shown[0].startswith('"Eerste contouren van het offensief')
    assert shown[0].endswith('najaar 2019 (geschat): "Aangekondigd')
    hidden = row.locator("td").evaluate_all(
        "(tds) => tds.filter((td) => td.offsetParent === null).length"
    )
    assert hidden == 2  # the two letters that say nothing about it leave no line


def test_letter_page_says_what_it_changed(pages: Browser, ds: Dataset) -> None:
    page = pages.reuse(LETTER_2024, javascript=False).page
    section = page.locator("#wat-deze-brief-veranderde")
    assert section.inner_text().strip().rstrip("¶") == "Wat deze brief veranderde"
    changed = page.locator("table.state-table--changes tbody tr")
    moved = [
        r.id
        for _, rs in ds.tracked_groups()
        for r in rs
        if len(r.status_history) > 1
        and r.status_history[-1].document == LETTERS[-1]
        and r.status_history[-2].status != r.status_history[-1].status
    ]
    assert changed.count() == len(moved) == 1
    assert " ".join(changed.first.inner_text().split()).startswith(
        f"{ds.measures[moved[0]].title} Aangekondigd volgens"
    )
    assert changed.first.locator("td").last.inner_text().strip() == "In voorbereiding"
    # "Niet meer genoemd" is closed until opened, and opens without JavaScript.
    dropped = page.locator("details", has=page.locator("summary", has_text="Niet meer genoemd"))
    summary = dropped.locator("summary").inner_text()
    assert not dropped.locator("ul").first.is_visible()
    dropped.locator("summary").click()
    assert dropped.locator("ul").first.is_visible()
    assert "Dat betekent niet dat ze zijn gestopt" in dropped.inner_text()
    listed = {last_part(h) for h in dropped.locator("li a").evaluate_all(
        "(as) => as.map((a) => a.href)")}  # fmt: skip
    # Each record is listed once, at the first later letter that no longer mentions it: here,
    # the open records whose last mention before 2024 is the 2023 response.
    expected = {
        r.id
        for _, rs in ds.tracked_groups()
        for r in rs
        if mentions(r)[-1] == "beleidsreactie-koers-bepalen"
        and not ds.statuses[r.status_history[-1].status].final
    }
    assert expected and listed == expected
    assert summary == f"Niet meer genoemd ({len(listed)})"
    # Those the contours (2019) were the last to mention are on the 2023 response's page.
    page = pages.reuse("/documenten/beleidsreactie-koers-bepalen/", javascript=False).page
    dropped = page.locator("details", has=page.locator("summary", has_text="Niet meer genoemd"))
    on_2023 = {last_part(h) for h in dropped.locator("li a").evaluate_all(
        "(as) => as.map((a) => a.href)")}  # fmt: skip
    only_2019 = {
        r.id
        for _, rs in ds.tracked_groups()
        for r in rs
        if mentions(r) == ["contouren-offensief-ondermijning"]
        and not ds.statuses[r.status_history[-1].status].final
    }
    assert only_2019 and only_2019 <= on_2023 and not only_2019 & listed


def test_home_chart_is_a_named_described_image_with_a_table(pages: Browser, ds: Dataset) -> None:
    page = pages.reuse("/", javascript=False).page
    svg = page.locator("#grafiek-stand-per-brief svg[role=img]")
    title = page.locator(f"#{svg.get_attribute('aria-labelledby')}")
    desc = page.locator(f"#{svg.get_attribute('aria-describedby')}")
    assert title.evaluate("(e) => e.tagName") == "title" and title.text_content()
    words = desc.text_content()
    assert all(ds.documents[d].title in words for d in LETTERS)
    assert svg.evaluate("(e) => e.querySelectorAll('[style]').length") == 0
    table = page.locator("#grafiek-stand-per-brief ~ .state-wrap table")
    totals = table.locator("tbody tr", has=page.locator("th", has_text="Totaal")).locator("td")
    every = len(ds.measures) + len(ds.motions) + len(ds.commitments)
    assert totals.last.inner_text() == str(every)  # by the last letter all are known
    first = {r.id for _, rs in ds.tracked_groups() for r in rs
             if any(e.document == LETTERS[0] for e in r.status_history)}  # fmt: skip
    assert totals.first.inner_text() == str(len(first))


def _date(text: str) -> dt.date:
    day, month, year = re.search(r"(\d+) (\w+) (\d{4})", text).groups()  # type: ignore[union-attr]
    return dt.date(int(year), MONTHS.index(month) + 1, int(day))


def test_signals_counts_on_top_and_most_overdue_first(pages: Browser) -> None:
    page = pages.reuse("/signalen/", javascript=False).page
    tops = page.locator("article ul").first.locator("li")
    counts = {
        re.sub(r"^\d+ ", "", li.locator("a").inner_text()): int(li.locator("strong").inner_text())
        for li in tops.all()
    }
    assert set(counts) == {"te laat", "lang niet genoemd", "zonder datum"}
    tables = page.locator("table.signal-table")
    assert tables.nth(0).locator("tbody tr").count() == counts["te laat"] > 1
    assert tables.nth(1).locator("tbody tr").count() == counts["lang niet genoemd"]
    assert tables.nth(2).locator("tbody tr").count() == counts["zonder datum"]
    latest = [_date(t) for t in tables.nth(0).locator("td[data-label=Uiterlijk]").all_inner_texts()]
    assert latest == sorted(latest)  # the longest passed first
    first = tables.nth(0).locator("tbody tr").first.inner_text()
    assert "deze zomer" in first and "22 september 2017" in first and "jaar geleden" in first
    assert "dagen" not in page.locator("article").inner_text()  # years and months, not days
    rule = page.locator("#termijnen ~ table").first.inner_text()
    assert "voor de zomer\t21 juni" in rule


def test_record_page_shows_its_signal(pages: Browser) -> None:
    page = pages.reuse(
        "/toezeggingen/brief-informatiedeling-gemeenten-ondermijning/", javascript=False
    ).page
    notice = page.locator(".signal").first
    text = " ".join(notice.inner_text().split())
    assert text.startswith('Termijn verstreken: de brief noemde "deze zomer", dus uiterlijk 22')
    assert "22 september 2017" in text and "geschat" not in text
    # A term from the undated contours rests on an inferred date, and says so.
    page = pages.reuse(
        "/toezeggingen/uitgewerkt-plan-offensief-met-dekking-in-voorjaar/", javascript=False
    ).page
    text = " ".join(page.locator(".signal").first.inner_text().split())
    assert "uiterlijk 20 juni 2020 (geschat)" in text
    notices = [" ".join(t.split()) for t in page.locator(".signal").all_inner_texts()]
    silent = [t for t in notices if t.startswith("Lang niet genoemd")]
    assert len(silent) == 1 and "najaar 2019 (geschat): " in silent[0]
    assert silent[0].endswith("jaar geleden of langer. Alle signalen")  # counted from 20 Dec
    page = pages.reuse("/maatregelen/verstevigen-internationaal-offensief/", javascript=False).page
    assert any(
        t.startswith("Termijn zonder datum") for t in page.locator(".signal").all_inner_texts()
    )
