"""Letters: the state of every record as of each document that gives statuses ("stand per brief").

The *letters* are the documents with status entries, in date order; a letter without a date
stands at the latest day of its inferred date and is marked estimated (`deadlines.document_date`).
From them: the table of records × letters (each cell the status entry that letter gave), what
each letter changed (records it mentions first, statuses it changes, records of earlier letters
it no longer mentions), and the distribution of public statuses as of each letter. Pure
functions of the dataset; this module knows nothing of pages or MkDocs.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..bulk import without_gc_pauses
from ..data.model import Dataset, Document, StatusEntry, Tracked, format_date
from .deadlines import DocumentDate, document_date

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
    cells: dict[int, Cell]  # by letter position; a letter that says nothing has none

    def cell(self, at: int) -> Cell | None:
        return self.cells.get(at)


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


# The state page shows at most this many letters, the latest: a column per letter stops being
# readable long before the synthetic benchmark's 249 (each letter page still says what it
# changed).
MAX_COLUMNS = 12


@dataclass(frozen=True)
class State:
    """Everything this module computes, once per build."""

    letters: tuple[Letter, ...]
    lines: dict[str, tuple[Line, ...]]  # by kind, rows ordered by title
    changes: dict[str, LetterChanges]  # by letter id
    distribution: tuple[tuple[Letter, tuple[tuple[str, int], ...]], ...]
    statuses_used: tuple[str, ...] = ()  # the public statuses in `distribution`, in order

    @property
    def columns(self) -> tuple[int, ...]:
        """The positions of the letters the state page shows: the latest MAX_COLUMNS."""
        return tuple(range(max(0, len(self.letters) - MAX_COLUMNS), len(self.letters)))

    @property
    def recent_distribution(self) -> tuple[tuple[Letter, tuple[tuple[str, int], ...]], ...]:
        """The distribution at the letters in `columns` (the home page's chart and table)."""
        return self.distribution[-MAX_COLUMNS:]

    def shown_lines(self, kind: str) -> list[Line]:
        """The rows of `kind` with a status in a shown column."""
        first = self.columns[0] if self.columns else 0
        return [line for line in self.lines[kind] if any(at >= first for at in line.cells)]


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


@without_gc_pauses  # objects that all stay alive for the build (see bulk)
def state_of(ds: Dataset) -> State:
    """The table, the changes per letter and the distribution, in one pass over the status
    entries (linear in them: the benchmark has 10,000 records and 249 letters)."""
    letters = find_letters(ds)
    position = {letter.id: i for i, letter in enumerate(letters)}
    # The first letter of a later moment after each letter: SAME_MOMENT or more after it.
    dates = [letter.when.date for letter in letters]
    later = [bisect.bisect_left(dates, d + SAME_MOMENT) for d in dates]
    changes = {letter.id: LetterChanges(letter) for letter in letters}
    for letter in letters:
        first_later = bisect.bisect_right(dates, letter.when.date - SAME_MOMENT)
        changes[letter.id].compared_with = [letters[i].id for i in range(first_later)]
    lines: dict[str, tuple[Line, ...]] = {}
    arrivals: list[list[tuple[str, int]]] = [[] for _ in letters]  # (status, +1/-1) per letter
    for kind, group in KINDS:
        rows = []
        for rec in sorted(getattr(ds, group).values(), key=lambda r: (r.title.lower(), r.id)):
            cells: dict[int, Cell] = {}
            for n, entry in enumerate(rec.status_history, start=1):
                at = position.get(entry.document)
                if at is not None:
                    cells[at] = Cell(entry, n)  # the last entry a letter gives wins
            line = Line(kind, rec, dict(sorted(cells.items())))
            rows.append(line)
            _record_changes(ds, letters, changes, line, position, later, arrivals)
        lines[kind] = tuple(rows)
    distribution = []
    counts: Counter[str] = Counter()
    for at, letter in enumerate(letters):
        for status, step in arrivals[at]:
            counts[status] += step
        distribution.append((letter, tuple((s, counts[s]) for s in ds.statuses if counts[s])))
    found = {status for _, counted in distribution for status, _ in counted}
    used = tuple(s for s in ds.statuses if s in found)
    return State(tuple(letters), lines, changes, tuple(distribution), used)


def _record_changes(
    ds: Dataset,
    letters: list[Letter],
    changes: dict[str, LetterChanges],
    line: Line,
    position: dict[str, int],
    later: list[int],
    arrivals: list[list[tuple[str, int]]],
) -> None:
    """Enter one record in what each letter changed and in the counts per letter."""
    rec = line.record
    docs = {rec.source.document} | {e.document for e in rec.status_history}
    seen = sorted(position[d] for d in docs if d in position)
    if not seen:
        return
    changes[letters[seen[0]].id].announced.append((line.kind, rec))
    previous: tuple[int, Cell] | None = None
    for at, cell in line.cells.items():
        public = ds.public_status(cell.entry.status)
        if previous is not None:
            before_at, before = previous
            arrivals[at].append((ds.public_status(before.entry.status), -1))
            target = changes[letters[at].id]
            if before.entry.status != cell.entry.status:
                target.changed.append(
                    StatusChange(line.kind, rec, before, letters[before_at].id, cell)
                )
            else:
                target.confirmed.append((line.kind, rec))
        arrivals[at].append((public, 1))
        previous = at, cell
    # Dropped: a letter of a later moment than a mention, when no letter up to it mentions the
    # record again (listed once, at the letter where it dropped out), unless it was finished.
    for k, at in enumerate(seen):
        nxt = later[at]
        if nxt >= len(letters) or (k + 1 < len(seen) and seen[k + 1] <= nxt):
            continue
        status = _latest(line.cells, at + 1)
        if status is None or not ds.statuses[status[1].entry.status].final:
            changes[letters[nxt].id].dropped.append(Dropped(line.kind, rec, letters[at].id))


def _latest(cells: dict[int, Cell], before: int) -> tuple[int, Cell] | None:
    """The last status a letter before position `before` gave, with that letter's position."""
    found = None
    for at, cell in cells.items():  # in letter order
        if at >= before:
            break
        found = at, cell
    return found
