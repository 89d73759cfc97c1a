"""Signals: overdue deadlines and records not mentioned for a long time, on a fixed reference date.

Fixture: the pilot's deadline is 2025-12-31 and its last status comes from brief-b (2024-10-01);
the motion's and the commitment's last status from brief-a (2024-03-01); the commitment's term is
"voor de zomer" in brief-a, by the rule 21 June 2024."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import VALID_FILES
from monitor.data.history import Changelog
from monitor.data.validate import validate_data
from monitor.publish.opendata import OpenData
from monitor.publish.reports import SIGNALS_PAGE, build_report_pages
from monitor.site.pages import build_pages
from monitor.site.signals import find_signals, reference_date

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
    assert find_signals(ds, dt.date(2024, 6, 21)).overdue == []  # the day itself is in time
    # The commitment's "voor de zomer" (brief-a, 1 March 2024) is read as 21 June 2024.
    early = find_signals(ds, dt.date(2025, 12, 31))
    assert ids(early.overdue) == [("commitment", "voortgang-pilot")]
    assert early.overdue[0].by == dt.date(2024, 6, 21)
    assert (early.overdue[0].text, early.overdue[0].late) == ("voor de zomer", "1,5 jaar")
    signals = find_signals(ds, dt.date(2026, 1, 2))
    # Most days late first.
    assert ids(signals.overdue) == [("commitment", "voortgang-pilot"), ("measure", PILOT)]
    assert signals.overdue[1].by == dt.date(2025, 12, 31)
    assert signals.overdue[1].days_late == 2
    assert signals.overdue[1].late == "minder dan een maand"


def test_a_term_without_a_date_is_listed_as_undated(project) -> None:
    ds = dataset(project)
    vague = VALID_FILES["data/commitments/voortgang-pilot.yaml"].replace(
        "text: voor de zomer", "text: de komende jaren"
    )
    assert vague != VALID_FILES["data/commitments/voortgang-pilot.yaml"]
    ds = dataset(project, {"data/commitments/voortgang-pilot.yaml": vague})
    signals = find_signals(ds, dt.date(2026, 1, 2))
    assert ("commitment", "voortgang-pilot") not in ids(signals.overdue)
    assert ids(signals.undated) == [("commitment", "voortgang-pilot")]
    assert signals.undated[0].stated == dt.date(2024, 3, 1)


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
    assert signals.stale[0].ago == "2 jaar"
    # Longest silent first: brief-b's pilot (1 October 2024) comes after brief-a's records.
    later = find_signals(ds, dt.date(2027, 1, 1), stale_after_days=730)
    assert ids(later.stale)[-1] == ("measure", PILOT)
    assert [s.days for s in later.stale] == sorted((s.days for s in later.stale), reverse=True)
    # The pilot's last status is from brief-b, 2024-10-01: not yet stale.
    assert ("measure", PILOT) not in ids(signals.stale)
    assert ids(find_signals(ds, dt.date(2026, 3, 2), stale_after_days=10_000).stale) == []


def _undate_brief_b(project, date_text: str, year: str):
    undated = VALID_FILES[BRIEF_B].replace(
        "date: 2024-10-01\n        date_source:\n          document: brief-b\n"
        '          section: Briefhoofd\n          quote: "Datum 1 oktober 2024"\n',
        f"date_text: {date_text}\n        date_note: De brief noemt geen datum.\n{year}",
    )
    assert undated != VALID_FILES[BRIEF_B]
    return dataset(project, {BRIEF_B: undated})


def test_inferred_date_counts_as_estimated(project) -> None:
    ds = _undate_brief_b(project, "najaar 2024 (afgeleid)", "        year: 2024\n")
    signals = find_signals(ds, dt.date(2040, 1, 1))
    stale = {s.record.id: s for s in signals.stale}
    # The latest day "najaar 2024" allows: 20 December 2024, marked estimated.
    assert stale[PILOT].last_date == dt.date(2024, 12, 20) and stale[PILOT].estimated
    assert not stale["voortgang-pilot"].estimated  # brief-a has its own date


def test_undated_document_gives_unknown_not_stale(project) -> None:
    ds = _undate_brief_b(project, "onbekend", "")
    signals = find_signals(ds, dt.date(2040, 1, 1))
    assert ("measure", PILOT) not in ids(signals.stale)
    assert ids(signals.unknown) == [("measure", PILOT)]
    assert signals.unknown[0].last_date is None


def test_report_lines_name_each_record(project) -> None:
    lines = find_signals(dataset(project), dt.date(2026, 3, 2)).report_lines()
    assert lines[0].startswith("2 te laat, 3 lang niet genoemd (meer dan 730 dagen), 0 met ")
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
    assert (
        '**Termijn verstreken:** de brief noemde "eind 2025", dus uiterlijk 31 december 2025. '
        "Dat is 2 maanden geleden" in pilot
    )
    assert "[Alle signalen](../signalen.md#te-laat)\n{: .signal }" in pilot
    assert "Lang niet genoemd" not in pilot
    motion = pages["moties/motie-jansen-wijkagenten.md"].markdown()
    assert (
        "**Lang niet genoemd:** laatst genoemd in [Voorbeeldbrief](../documenten/brief-a.md)"
        in motion
    )
    assert "1 maart 2024: 2 jaar geleden." in motion
    assert "Termijn" not in pages["documenten/brief-a.md"].markdown()
    quiet = build_pages(
        ds, today=dt.date(2025, 1, 1), signals=find_signals(ds, dt.date(2025, 1, 1))
    )
    assert "{: .signal" not in quiet[f"maatregelen/{PILOT}.md"].markdown()


def test_overview_page_lists_every_signal(project) -> None:
    ds = dataset(project)
    signals = find_signals(ds, dt.date(2026, 3, 2))
    page = build_report_pages(
        ds, changelog=Changelog(), signals=signals, open_data=OpenData([], 0), site_url=None
    )[SIGNALS_PAGE]
    assert page.in_nav
    text = page.markdown()
    assert "Stand op 2 maart 2026." in text
    assert "[**2** te laat](#te-laat)" in text and "[**3** lang niet genoemd]" in text
    overdue, rest = text.split("## Lang niet genoemd")
    stale, undated = rest.split("## Zonder datum")
    # Most days late first: the commitment (21 June 2024) before the pilot (31 December 2025).
    assert overdue.index("toezeggingen/voortgang-pilot/") < overdue.index(
        "maatregelen/pilot-weerbare-wijken/"
    )
    assert '<td data-label="Uiterlijk">31 december 2025: 2 maanden geleden</td>' in overdue
    assert '<td data-label="Termijn in de brief">"eind 2025"</td>' in overdue
    assert "Voorbeeldbrief</a> (1 maart 2024)</td>" in stale
    assert '<td data-label="Hoe lang geleden">2 jaar</td>' in stale
    assert "Geen." in undated
    assert "| voor de zomer | 21 juni |" in text  # the rule table
