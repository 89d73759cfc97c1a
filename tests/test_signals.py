"""Signals: overdue deadlines and records not mentioned for a long time, on a fixed reference date.

Fixture: the pilot's deadline is 2025-12-31 and its last status comes from brief-b (2024-10-01);
the motion's and the commitment's last status from brief-a (2024-03-01)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import VALID_FILES
from monitor.history import Changelog
from monitor.opendata import OpenData
from monitor.pages import build_pages
from monitor.reports import SIGNALS_PAGE, build_report_pages
from monitor.signals import find_signals, reference_date
from monitor.validate import validate_data

PILOT = "pilot-weerbare-wijken"
BRIEF_B = "data/documents/brief-b.yaml"


def dataset(project, overrides=None):
    root = project(overrides)
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    return ds


def ids(items) -> list[tuple[str, str]]:
    return [(i.kind, i.record.id) for i in items]


def test_deadline_passed_without_final_status_is_overdue(project) -> None:
    ds = dataset(project)
    assert find_signals(ds, dt.date(2025, 12, 31)).overdue == []  # the day itself is in time
    signals = find_signals(ds, dt.date(2026, 1, 2))
    assert ids(signals.overdue) == [("measure", PILOT)]
    assert signals.overdue[0].by == dt.date(2025, 12, 31)
    assert signals.overdue[0].days_late == 2


def test_a_final_status_is_never_overdue_nor_stale(project) -> None:
    statuses = VALID_FILES["data/statuses.yaml"].replace(
        "- id: in-uitvoering\n          label: In uitvoering\n"
        "          definition: Het document zegt dat de maatregel loopt.\n"
        "          final: false",
        "- id: in-uitvoering\n          label: In uitvoering\n"
        "          definition: Het document zegt dat de maatregel loopt.\n"
        "          final: true",
    )
    assert statuses != VALID_FILES["data/statuses.yaml"]
    ds = dataset(project, {"data/statuses.yaml": statuses})
    signals = find_signals(ds, dt.date(2030, 1, 1))
    assert ("measure", PILOT) not in ids(signals.overdue) + ids(signals.stale)
    assert ("motion", "motie-jansen-wijkagenten") not in ids(signals.stale)  # final too


def test_stale_counts_from_the_date_of_the_last_status_document(project) -> None:
    ds = dataset(project)
    # brief-a is 2024-03-01: 730 days later is 2026-03-01; stale only after that.
    on_the_day = find_signals(ds, dt.date(2026, 3, 1), stale_after_days=730)
    assert ("commitment", "voortgang-pilot") not in ids(on_the_day.stale)
    signals = find_signals(ds, dt.date(2026, 3, 2), stale_after_days=730)
    assert ids(signals.stale) == [
        ("measure", "pilot-deel-noord"),
        ("motion", "motie-jansen-wijkagenten"),
        ("commitment", "voortgang-pilot"),
    ]
    assert signals.stale[0].last_date == dt.date(2024, 3, 1) and signals.stale[0].days == 731
    # The pilot's last status is from brief-b, 2024-10-01: not yet stale.
    assert ("measure", PILOT) not in ids(signals.stale)
    assert ids(find_signals(ds, dt.date(2026, 3, 2), stale_after_days=10_000).stale) == []


def test_undated_document_gives_unknown_not_stale(project) -> None:
    undated = VALID_FILES[BRIEF_B].replace(
        "date: 2024-10-01\n        date_source:\n          document: brief-b\n"
        '          section: Briefhoofd\n          quote: "Datum 1 oktober 2024"\n',
        "date_text: onbekend\n        date_note: De brief noemt geen datum.\n        year: 2024\n",
    )
    assert undated != VALID_FILES[BRIEF_B]
    ds = dataset(project, {BRIEF_B: undated})
    signals = find_signals(ds, dt.date(2040, 1, 1))
    assert ("measure", PILOT) not in ids(signals.stale)
    assert ids(signals.unknown) == [("measure", PILOT)]
    assert signals.unknown[0].last_date is None


def test_report_lines_name_each_record(project) -> None:
    lines = find_signals(dataset(project), dt.date(2026, 3, 2)).report_lines()
    assert lines[0].startswith("3 records lang niet genoemd (meer dan 730 dagen), 1 te laat, ")
    assert "zie Signalen" in lines[0]
    assert "te laat: measure 'pilot-weerbare-wijken' (termijn 2025-12-31)" in lines
    stale = "lang niet genoemd: commitment 'voortgang-pilot' (laatst 2024-03-01, in 'brief-a')"
    assert stale in lines


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"SOURCE_DATE_EPOCH": "1735732800"}, dt.date(2025, 1, 1)),  # 2025-01-01 12:00 UTC
        ({"SOURCE_DATE_EPOCH": "0"}, dt.date(1970, 1, 1)),
    ],
)
def test_reference_date_comes_from_source_date_epoch(environ, expected) -> None:
    assert reference_date(environ) == expected


def test_reference_date_without_epoch_is_today() -> None:
    assert reference_date({}) == dt.date.today()
    assert reference_date({"SOURCE_DATE_EPOCH": "not a number"}) == dt.date.today()


def test_record_page_shows_dutch_notices(project) -> None:
    ds = dataset(project)
    today = dt.date(2026, 3, 2)
    pages = build_pages(ds, today=today, signals=find_signals(ds, today))
    pilot = pages[f"maatregelen/{PILOT}.md"].markdown()
    assert "**Let op: termijn verstreken.** De genoemde uiterste datum, 31 december 2025" in pilot
    assert "[Alle signalen](../signalen.md)\n{: .signal }" in pilot
    assert "lang niet genoemd" not in pilot
    motion = pages["moties/motie-jansen-wijkagenten.md"].markdown()
    assert (
        "**Let op: lang niet genoemd.** Geen document in de monitor noemt dit sinds 1 maart"
        in motion
    )
    assert "Let op" not in pages["documenten/brief-a.md"].markdown()
    quiet = build_pages(
        ds, today=dt.date(2025, 1, 1), signals=find_signals(ds, dt.date(2025, 1, 1))
    )
    assert "Let op" not in quiet[f"maatregelen/{PILOT}.md"].markdown()


def test_overview_page_lists_every_signal(project) -> None:
    ds = dataset(project)
    signals = find_signals(ds, dt.date(2026, 3, 2))
    page = build_report_pages(
        ds, changelog=Changelog(), signals=signals, open_data=OpenData([], 0), site_url=None
    )[SIGNALS_PAGE]
    assert page.in_nav
    text = page.text
    assert "Stand op 2 maart 2026." in text and "peildatum" not in text
    overdue, stale = text.split("## Lang niet genoemd")
    assert (
        "| [Pilot weerbare wijken](maatregelen/pilot-weerbare-wijken.md) | Maatregel "
        "| eind 2025 | 31 december 2025 |" in overdue
    )
    assert (
        "| [Voortgang van de pilot melden](toezeggingen/voortgang-pilot.md) | Toezegging "
        "| [Voorbeeldbrief](documenten/brief-a.md) | 1 maart 2024 | 2 jaar geleden |" in stale
    )
