"""Deadlines: the latest date of a stated term, by the documented rule (monitor.site.deadlines)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT
from monitor.data.model import Commitment, Measure
from monitor.data.validate import validate_data
from monitor.site.deadlines import (
    RULES,
    document_date,
    duration_text,
    latest_date,
    record_deadline,
)

D = dt.date
AUG_2024 = D(2024, 8, 28)  # the letter of 28 August 2024
JULY_2017 = D(2017, 7, 14)


@pytest.mark.parametrize(
    ("text", "written", "latest"),
    [
        ("voor de zomer", D(2024, 3, 1), D(2024, 6, 21)),
        ("Ik informeer uw Kamer voor de zomer", D(2024, 8, 28), D(2025, 6, 21)),
        ("In het voorjaar", D(2019, 12, 20), D(2020, 6, 20)),
        ("in het voorjaar", D(2024, 3, 1), D(2024, 6, 20)),
        ("deze zomer", JULY_2017, D(2017, 9, 22)),
        ("dit najaar", AUG_2024, D(2024, 12, 20)),
        ("in de herfst", AUG_2024, D(2024, 12, 20)),
        ("deze winter", AUG_2024, D(2025, 3, 20)),
        ("deze winter", D(2025, 1, 10), D(2025, 3, 20)),
        ("winter 2024", AUG_2024, D(2025, 3, 20)),
        ("eind 2024", D(2023, 5, 1), D(2024, 12, 31)),
        ("uiterlijk aan het eind van dit jaar", AUG_2024, D(2024, 12, 31)),
        ("dit jaar", AUG_2024, D(2024, 12, 31)),
        ("begin 2025", AUG_2024, D(2025, 3, 31)),
        ("medio 2025", AUG_2024, D(2025, 7, 31)),
        ("volgend jaar", AUG_2024, D(2025, 12, 31)),
        ("begin volgend jaar", AUG_2024, D(2025, 3, 31)),
        ("in het voorjaar van volgend jaar", AUG_2024, D(2025, 6, 20)),
        ("in Q3", D(2024, 2, 1), D(2024, 9, 30)),
        ("in het derde kwartaal van 2025", AUG_2024, D(2025, 9, 30)),
        ("in september", AUG_2024, D(2024, 9, 30)),
        ("in februari", AUG_2024, D(2025, 2, 28)),
        ("eind februari 2024", D(2023, 1, 1), D(2024, 2, 29)),
        ("voor september", AUG_2024, D(2024, 8, 31)),
        ("voor januari", AUG_2024, D(2024, 12, 31)),
        ("september dit jaar (einde van de financiering)", D(2023, 12, 31), D(2023, 9, 30)),
        ("2023-2026", D(2023, 12, 31), D(2026, 12, 31)),
        ("2023–2026", D(2023, 12, 31), D(2026, 12, 31)),
    ],
)
def test_rule_gives_the_latest_date(text: str, written: dt.date, latest: dt.date) -> None:
    assert latest_date(text, written) == latest


@pytest.mark.parametrize(
    "text",
    [
        "de komende jaren",
        "deze kabinetsperiode",
        "binnenkort (behandeling door de Tweede Kamer)",
        "In de komende maanden",
        "in mijn volgende halfjaarbrieven",
        "zodra daar meer over duidelijk is",
        "in de eerste fase",
        "dit najaar",  # read, so not None: the control of this list
    ],
)
def test_vague_terms_have_no_date(text: str) -> None:
    found = latest_date(text, AUG_2024)
    if text == "dit najaar":
        assert found == D(2024, 12, 20)
    else:
        assert found is None


def test_rule_table_names_every_season() -> None:
    said = " ".join(what for what, _ in RULES)
    for word in ("voor de zomer", "voorjaar", "zomer", "najaar", "winter", "volgend jaar"):
        assert word in said


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2024, 1, 10), D(2024, 1, 30), "minder dan een maand"),
        (D(2024, 1, 10), D(2024, 2, 10), "1 maand"),
        (D(2024, 1, 10), D(2024, 8, 9), "6 maanden"),
        (D(2022, 1, 1), D(2024, 1, 1), "2 jaar"),
        (D(2022, 1, 1), D(2024, 3, 5), "ruim 2 jaar"),
        (D(2022, 1, 1), D(2024, 7, 5), "2,5 jaar"),
        (D(2022, 1, 1), D(2024, 8, 5), "ruim 2,5 jaar"),
        (D(2022, 1, 1), D(2024, 11, 5), "bijna 3 jaar"),
        (D(2017, 9, 22), D(2026, 11, 25), "ruim 9 jaar"),
    ],
)
def test_duration_in_years_and_months(start: dt.date, end: dt.date, text: str) -> None:
    assert duration_text(start, end) == text


# --- on the real data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ds():
    found = validate_data(ROOT / "data", root=ROOT).dataset
    assert found is not None
    return found


def test_inferred_document_dates(ds) -> None:
    contours = document_date(ds.documents["contouren-offensief-ondermijning"])
    assert contours is not None and contours.estimated
    assert contours.date == D(2019, 12, 20)  # "najaar 2019 (afgeleid)"
    agenda = document_date(ds.documents["toekomstagenda-ondermijning"])
    assert agenda is not None and (agenda.date, agenda.estimated) == (D(2017, 7, 31), True)
    letter = document_date(ds.documents["kamerbrief-2024-aanpak-ondermijning"])
    assert letter is not None and (letter.date, letter.estimated) == (AUG_2024, False)


def test_spring_of_the_undated_contours_is_estimated(ds) -> None:
    plan = ds.commitments["uitgewerkt-plan-offensief-met-dekking-in-voorjaar"]
    found = record_deadline(ds.documents, plan)
    assert found is not None
    assert (found.by, found.estimated, found.explicit) == (D(2020, 6, 20), True, False)


def test_dated_letter_gives_an_exact_deadline(ds) -> None:
    found = record_deadline(ds.documents, ds.commitments["uitwerking-motie-bikker-aanbieden"])
    assert found is not None and (found.by, found.estimated) == (D(2024, 12, 20), False)


def _terms(ds):
    for rec in [*ds.measures.values(), *ds.commitments.values()]:
        term = rec.deadline if isinstance(rec, Measure) else rec.term
        if term is not None:
            yield rec, term


def test_explicit_by_is_only_where_the_rule_does_not_derive_it(ds) -> None:
    """An explicit `by` that the rule derives as well is redundant; one that differs from the
    rule is explained in the record's notes."""
    for rec, term in _terms(ds):
        if term.by is None:
            continue
        doc = document_date(ds.documents[term.document])
        assert doc is not None
        derived = latest_date(term.text, doc.date)
        assert derived != term.by, f"{rec.id}: 'by' is what the rule gives; remove it"
        assert rec.notes, f"{rec.id}: 'by' differs from the rule without a note"


def test_every_open_deadline_of_the_2017_letter_is_read(ds) -> None:
    promise = ds.commitments["brief-informatiedeling-gemeenten-ondermijning"]
    assert isinstance(promise, Commitment)
    found = record_deadline(ds.documents, promise)
    assert found is not None and found.by == D(2017, 9, 22)
    assert Path(ds.paths[("commitments", promise.id)]).name.endswith(".yaml")
