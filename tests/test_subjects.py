"""Subjects (data/subjects.yaml): every measure, motion and commitment has at least one, and each
subject it has is defensible from the record's own words.

Parametrized per record, so a failure names the record: a subject counts as defended when one
of the subject's `keywords` starts a word in the record's title, summary (or what it asks or
promises) or one of its quotes. An assignment a keyword script would make blindly is not enough
for the editors, but one that no word of the record supports fails here."""

from __future__ import annotations

import pytest

from monitor.data.model import Commitment, Measure, Motion, Subject, Tracked
from test_data import dataset


def _records() -> list[Tracked]:
    ds = dataset()
    return [*ds.measures.values(), *ds.motions.values(), *ds.commitments.values()]


RECORDS = {r.id: r for r in _records()}


def record_text(record: Tracked) -> str:
    """The record's own words: title, what it is about, and every quote."""
    if isinstance(record, Measure):
        about = record.summary
    elif isinstance(record, Motion):
        about = record.asks
    else:
        assert isinstance(record, Commitment)
        about = record.what
    quotes = [record.source.quote, *(e.quote for e in record.status_history)]
    return " ".join([record.title, about, *quotes])


def test_there_are_ten_to_fifteen_subjects() -> None:
    assert 10 <= len(dataset().subjects) <= 15


@pytest.mark.parametrize("record_id", sorted(RECORDS))
def test_record_has_a_known_subject(record_id: str) -> None:
    record = RECORDS[record_id]
    assert record.subjects, f"{record_id} has no subject"
    unknown = [s for s in record.subjects if s not in dataset().subjects]
    assert not unknown, f"{record_id}: unknown subjects {unknown}"
    assert len(set(record.subjects)) == len(record.subjects), f"{record_id}: a subject twice"


@pytest.mark.parametrize("record_id", sorted(RECORDS))
def test_each_subject_is_defended_by_the_records_words(record_id: str) -> None:
    record = RECORDS[record_id]
    text = record_text(record)
    for subject_id in record.subjects:
        subject = dataset().subjects[subject_id]
        assert subject.evidence(text), (
            f"{record_id}: no keyword of subject {subject_id!r} ({subject.keywords}) in its "
            "title, summary or quotes"
        )


def test_every_subject_has_records() -> None:
    ds = dataset()
    empty = [s for s in ds.subjects if not ds.records_by_subject(s)]
    assert not empty, empty


def test_evidence_matches_at_the_start_of_a_word_only() -> None:
    subject = Subject(id="havens", name="Havens", description="Havens.", keywords=["haven", "OM"])
    assert subject.evidence("Twee havens en een jachthaven") == ["haven"]
    assert subject.evidence("de jachthavens") == []
    assert subject.evidence("om te voorkomen") == [], "an upper-case keyword matches as written"
    assert subject.evidence("het OM vervolgt") == ["OM"]


def test_an_indefensible_subject_fails() -> None:
    record = RECORDS["uitleveringsverdrag-marokko"]
    drugs = dataset().subjects["drugs"]
    assert not drugs.evidence(record_text(record))
