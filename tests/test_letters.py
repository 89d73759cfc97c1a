"""State per letter on the fixture: brief-a (1 March 2024) announces the pilot,
its northern part, the motion and the commitment; brief-b (1 October 2024) reports the pilot
running and says nothing of the rest."""

from __future__ import annotations

import datetime as dt

from conftest import VALID_FILES
from monitor.data.validate import validate_data
from monitor.site.letters import MAX_COLUMNS, SAME_MOMENT, date_text, state_of

PILOT = "pilot-weerbare-wijken"


def dataset(project, overrides=None):
    root = project(overrides)
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    return ds


def ids(pairs) -> list[str]:
    return [r.id for _, r in pairs]


def test_letters_in_date_order_and_each_cell_the_status_that_letter_gave(project) -> None:
    state = state_of(dataset(project))
    assert [letter.id for letter in state.letters] == ["brief-a", "brief-b"]
    pilot = next(line for line in state.lines["measure"] if line.record.id == PILOT)
    first, second = pilot.cell(0), pilot.cell(1)
    assert first is not None and (first.entry.status, first.number) == ("aangekondigd", 1)
    assert second is not None and (second.entry.status, second.number) == ("in-uitvoering", 2)
    north = next(line for line in state.lines["measure"] if line.record.id != PILOT)
    assert north.cell(1) is None  # brief-b says nothing about it
    assert state.columns == (0, 1) and MAX_COLUMNS >= 2


def test_what_each_letter_changed(project) -> None:
    state = state_of(dataset(project))
    a, b = state.changes["brief-a"], state.changes["brief-b"]
    assert sorted(ids(a.announced)) == sorted(
        [PILOT, "pilot-deel-noord", "motie-jansen-wijkagenten", "voortgang-pilot"]
    )
    assert a.changed == [] and a.dropped == [] and a.compared_with == []
    assert b.announced == [] and b.compared_with == ["brief-a"]
    assert [(c.record.id, c.before.entry.status, c.after.entry.status) for c in b.changed] == [
        (PILOT, "aangekondigd", "in-uitvoering")
    ]
    assert b.changed[0].before_letter == "brief-a"
    # Mentioned by brief-a, open then, not mentioned by brief-b (seven months later).
    assert sorted(d.record.id for d in b.dropped) == [
        "motie-jansen-wijkagenten",
        "pilot-deel-noord",
        "voortgang-pilot",
    ]
    assert {d.last_letter for d in b.dropped} == {"brief-a"}


def test_a_letter_within_a_month_is_the_same_moment(project) -> None:
    close = VALID_FILES["data/documents/brief-b.yaml"].replace("2024-10-01", "2024-03-20")
    assert close != VALID_FILES["data/documents/brief-b.yaml"]
    assert dt.timedelta(days=19) < SAME_MOMENT
    state = state_of(dataset(project, {"data/documents/brief-b.yaml": close}))
    assert state.changes["brief-b"].dropped == []
    assert state.changes["brief-b"].compared_with == []


def test_distribution_counts_every_known_record_by_its_latest_status(project) -> None:
    state = state_of(dataset(project))
    counts = {letter.id: dict(c) for letter, c in state.distribution}
    assert counts["brief-a"] == {"aangekondigd": 2, "in-uitvoering": 1, "open": 1}
    assert counts["brief-b"] == {"aangekondigd": 1, "in-uitvoering": 2, "open": 1}
    assert state.statuses_used == ("aangekondigd", "in-uitvoering", "open")


def test_an_inferred_date_is_marked_estimated(project) -> None:
    undated = VALID_FILES["data/documents/brief-b.yaml"].replace(
        "date: 2024-10-01\n        date_source:\n          document: brief-b\n"
        '          section: Briefhoofd\n          quote: "Datum 1 oktober 2024"\n',
        "date_text: najaar 2024 (afgeleid)\n        date_note: Geen datum.\n        year: 2024\n",
    )
    assert undated != VALID_FILES["data/documents/brief-b.yaml"]
    ds = dataset(project, {"data/documents/brief-b.yaml": undated})
    letter = state_of(ds).letters[1]
    assert letter.when.date == dt.date(2024, 12, 20) and letter.when.estimated
    assert letter.date_text == "najaar 2024 (geschat)" == date_text(ds.documents["brief-b"])
