"""Letters: the state of every record as of each document that gives statuses ("stand per brief").

The *letters* are the documents with status entries, in date order; a letter without a date
stands at the latest day of its inferred date and is marked estimated (`deadlines.document_date`).
From them: the table of records × letters (each cell the status entry that letter gave), what
each letter changed (records it mentions first, statuses it changes, records of earlier letters
it no longer mentions), and the distribution of public statuses as of each letter. Pure
functions of the dataset; this module knows nothing of pages or MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from .deadlines import DocumentDate, document_date
from .model import Dataset, Document, StatusEntry, Tracked, format_date

# A letter and the agenda sent with it are one moment: "no longer mentioned" compares a letter
# only with letters at least this much older (the 2017 agenda went with the letter of 14 July
# 2017; the next letter came two years later).
SAME_MOMENT = dt.timedelta(days=31)

KINDS = (("measure", "measures"), ("motion", "motions"), ("commitment", "commitments"))


@dataclass(frozen=True)
class Letter:
    document: Document
    when: DocumentDate

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def date_text(self) -> str:
        """'28 augustus 2024', or the inferred date marked as such: 'najaar 2019 (geschat)'."""
        return date_text(self.document)


@dataclass(frozen=True)
class Cell:
    entry: StatusEntry
    number: int  # 1-based position in the record's status history: the anchor "stand-N"


@dataclass(frozen=True)
class Line:
    kind: str
    record: Tracked
    cells: tuple[Cell | None, ...]  # one per letter, None where the letter says nothing


@dataclass(frozen=True)
class StatusChange:
    kind: str
    record: Tracked
    before: Cell
    before_letter: str  # document id
    after: Cell


@dataclass(frozen=True)
class Dropped:
    kind: str
    record: Tracked
    last_letter: str  # the latest earlier letter that mentioned it


@dataclass
class LetterChanges:
    letter: Letter
    announced: list[tuple[str, Tracked]] = field(default_factory=list)
    changed: list[StatusChange] = field(default_factory=list)
    confirmed: list[tuple[str, Tracked]] = field(default_factory=list)  # same status again
    dropped: list[Dropped] = field(default_factory=list)
    compared_with: list[str] = field(default_factory=list)  # earlier letters (ids), oldest first


def date_text(doc: Document) -> str:
    """A document's date for citizens: the date, or what is known, 'geschat' where inferred."""
    if doc.date is not None:
        return format_date(doc.date)
    return (doc.date_text or "onbekend").replace("(afgeleid)", "(geschat)")


@dataclass(frozen=True)
class State:
    """Everything this module computes, once per dataset."""

    letters: tuple[Letter, ...]
    lines: dict[str, tuple[Line, ...]]  # by kind, rows ordered by title
    changes: dict[str, LetterChanges]  # by letter id
    distribution: tuple[tuple[Letter, tuple[tuple[str, int], ...]], ...]
    statuses_used: tuple[str, ...] = ()  # the public statuses in `distribution`, in order


def find_letters(ds: Dataset) -> list[Letter]:
    """The documents that give statuses, oldest first (ties by id)."""
    ids = {e.document for _, recs in ds.tracked_groups() for r in recs for e in r.status_history}
    letters = []
    for doc_id in ids:
        doc = ds.documents.get(doc_id)
        when = document_date(doc) if doc is not None else None
        if doc is not None and when is not None:
            letters.append(Letter(doc, when))
    return sorted(letters, key=lambda letter: (letter.when.date, letter.id))


def state_of(ds: Dataset) -> State:
    """The table, the changes per letter and the distribution: computed once per build."""
    letters = find_letters(ds)
    position = {letter.id: i for i, letter in enumerate(letters)}
    lines: dict[str, tuple[Line, ...]] = {}
    every: list[Line] = []
    for kind, group in KINDS:
        rows = []
        for rec in sorted(getattr(ds, group).values(), key=lambda r: (r.title.lower(), r.id)):
            cells: list[Cell | None] = [None] * len(letters)
            for n, entry in enumerate(rec.status_history, start=1):
                at = position.get(entry.document)
                if at is not None:
                    cells[at] = Cell(entry, n)  # the last entry a letter gives wins
            rows.append(Line(kind, rec, tuple(cells)))
        lines[kind] = tuple(rows)
        every.extend(rows)
    changes = {
        letter.id: _changes(ds, letters, i, every, position) for i, letter in enumerate(letters)
    }
    distribution = tuple((letter, tuple(_counts(ds, every, i))) for i, letter in enumerate(letters))
    found = {status for _, counts in distribution for status, _ in counts}
    used = tuple(s for s in ds.statuses if s in found)
    return State(tuple(letters), lines, changes, distribution, used)


def _mentions(rec: Tracked, position: dict[str, int]) -> set[int]:
    docs = {rec.source.document} | {e.document for e in rec.status_history}
    return {position[d] for d in docs if d in position}


def _changes(
    ds: Dataset, letters: list[Letter], at: int, every: list[Line], position: dict[str, int]
) -> LetterChanges:
    letter = letters[at]
    out = LetterChanges(letter)
    earlier = [i for i in range(at) if letter.when.date - letters[i].when.date >= SAME_MOMENT]
    out.compared_with = [letters[i].id for i in earlier]
    for line in every:
        seen = _mentions(line.record, position)
        if not seen:
            continue
        if min(seen) == at:
            out.announced.append((line.kind, line.record))
        previous = _latest(line.cells, at)
        cell = line.cells[at]
        if cell is not None and previous is not None:
            before_at, before = previous
            if before.entry.status != cell.entry.status:
                out.changed.append(
                    StatusChange(line.kind, line.record, before, letters[before_at].id, cell)
                )
            else:
                out.confirmed.append((line.kind, line.record))
        if at in seen or not earlier:
            continue
        mentioned_before = [i for i in seen if i in set(earlier)]
        if not mentioned_before:
            continue
        status = _latest(line.cells, at)
        final = status is not None and ds.statuses[status[1].entry.status].final
        if not final:
            out.dropped.append(Dropped(line.kind, line.record, letters[max(mentioned_before)].id))
    return out


def _latest(cells: tuple[Cell | None, ...], before: int) -> tuple[int, Cell] | None:
    """The last status a letter before position `before` gave, with that letter's position."""
    for i in range(before - 1, -1, -1):
        cell = cells[i]
        if cell is not None:
            return i, cell
    return None


def _counts(ds: Dataset, every: list[Line], at: int) -> list[tuple[str, int]]:
    """Public statuses of every record with a status as of letter `at` (its latest one)."""
    counts: Counter[str] = Counter()
    for line in every:
        found = _latest(line.cells, at + 1)
        if found is not None:
            counts[ds.public_status(found[1].entry.status)] += 1
    return [(s, counts[s]) for s in ds.statuses if counts[s]]
