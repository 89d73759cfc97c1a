"""Signals: records that need attention, as a pure function of the dataset and a reference date.

Three groups, each ordered by how much attention it asks. *Overdue* ("te laat"): a measure or
commitment whose deadline has passed on the reference date while its current status is not
final: no later document reports it done. The deadline is the latest date its quoted phrase
allows by the documented rule of `deadlines` ("dit najaar" in a letter of 28 August 2024: 20
December 2024), or the data's own `by`. *Stale* ("lang niet genoemd"): a tracked record whose
last status entry comes from a document older than `stale_after_days`. *Undated* ("zonder
datum"): an open record whose term has no date the rules can read ("de komende jaren"), and a
record last mentioned in a document of which nothing dates it (`unknown`). A document without a
date but with an inferred one counts from the latest day of that inference, and whatever rests
on it is marked estimated ("geschat"). A record with a final status is none of these: nothing
more is expected of it.

The reference date is a parameter (the adapter takes it from SOURCE_DATE_EPOCH, so one commit
always gives the same pages). This module reads no files and knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from ..data.model import Commitment, Dataset, Measure, Term, Tracked
from .deadlines import Deadline, document_date, duration_text, record_deadline

DEFAULT_STALE_AFTER_DAYS = 730

# Data folder → record kind, in the order the overview lists them.
_GROUP_KIND = {"measures": "measure", "motions": "motion", "commitments": "commitment"}


@dataclass(frozen=True)
class Overdue:
    kind: str  # measure | commitment
    record: Tracked
    by: dt.date
    days_late: int
    text: str = ""  # the term as the text gives it: "deze zomer"
    estimated: bool = False  # the year rests on an inferred document date
    late: str = ""  # how late, in words: "ruim 9 jaar"


@dataclass(frozen=True)
class Stale:
    kind: str
    record: Tracked
    document: str  # id of the document of the last status entry
    last_date: dt.date | None  # None: nothing dates that document ("onbekend")
    days: int | None  # days since last_date; None when unknown
    estimated: bool = False  # last_date is the latest day of an inferred date
    ago: str = ""  # how long ago, in words: "ruim 2 jaar"


@dataclass(frozen=True)
class Undated:
    """An open record whose stated term has no date: "deze kabinetsperiode"."""

    kind: str
    record: Tracked
    term: Term
    stated: dt.date | None  # the date of the document that states it (for the order)
    estimated: bool = False


@dataclass
class Signals:
    today: dt.date
    stale_after_days: int
    overdue: list[Overdue] = field(default_factory=list)  # most days late first
    stale: list[Stale] = field(default_factory=list)  # longest silent first
    unknown: list[Stale] = field(default_factory=list)  # last mention in an undated document
    undated: list[Undated] = field(default_factory=list)  # term without a date, oldest first
    _by_record: dict[tuple[str, str], list[Overdue | Stale | Undated]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.stale) + len(self.undated) + len(self.unknown)

    @property
    def stale_after_text(self) -> str:
        """The threshold in words: 730 days → '2 jaar'."""
        start = dt.date(2001, 1, 1)  # not a leap year: 730 days are 2 years
        return duration_text(start, start + dt.timedelta(days=self.stale_after_days))

    def overdue_of(self, kind: str, record_id: str) -> Overdue | None:
        found = [n for n in self.notices(kind, record_id) if isinstance(n, Overdue)]
        return found[0] if found else None

    def stale_of(self, kind: str, record_id: str) -> Stale | None:
        found = [n for n in self.notices(kind, record_id) if isinstance(n, Stale)]
        return found[0] if found else None

    def notices(self, kind: str, record_id: str) -> list[Overdue | Stale | Undated]:
        """The signals shown on one record's page, overdue first."""
        # Looked up once per record page: a dict, not a scan (quadratic at thousands of records).
        if self._by_record is None:
            index: dict[tuple[str, str], list[Overdue | Stale | Undated]] = {}
            every: list[Overdue | Stale | Undated] = [
                *self.overdue,
                *self.stale,
                *self.unknown,
                *self.undated,
            ]
            for item in every:
                index.setdefault((item.kind, item.record.id), []).append(item)
            self._by_record = index
        return list(self._by_record.get((kind, record_id), []))

    def report_lines(self) -> list[str]:
        """The build report: a summary line for the log, then one line per record (shown with
        `--verbose`: a rebuild should say one thing, not fifty)."""
        lines = [
            f"{len(self.overdue)} te laat, {len(self.stale)} lang niet genoemd (meer dan "
            f"{self.stale_after_days} dagen), {len(self.undated)} met een termijn zonder datum, "
            f"{len(self.unknown)} laatst genoemd in een document zonder datum: zie Signalen "
            f"(peildatum {self.today.isoformat()}; de records met --verbose)"
        ]
        for o in self.overdue:
            lines.append(f"te laat: {o.kind} '{o.record.id}' (termijn {o.by.isoformat()})")
        for s in self.stale:
            assert s.last_date is not None
            lines.append(
                f"lang niet genoemd: {s.kind} '{s.record.id}' (laatst {s.last_date.isoformat()}, "
                f"in '{s.document}')"
            )
        return lines


def find_signals(
    ds: Dataset, today: dt.date, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
) -> Signals:
    """Every signal on `today`: overdue records most days late first, stale ones longest silent
    first, terms without a date oldest first; ties by kind order, then title."""
    signals = Signals(today=today, stale_after_days=stale_after_days)
    order = {kind: i for i, kind in enumerate(_GROUP_KIND.values())}
    for group, records in ds.tracked_groups():
        kind = _GROUP_KIND[group]
        for rec in records:
            current = ds.statuses.get(rec.status_history[-1].status)
            if current is not None and current.final:
                continue  # nothing more is expected of a finished record
            deadline = record_deadline(ds.documents, rec)
            if deadline is not None and deadline.by < today:
                signals.overdue.append(_overdue(kind, rec, deadline, today))
            term = _term(rec)
            if term is not None and deadline is None:
                stated = ds.documents.get(term.document)
                when = document_date(stated) if stated is not None else None
                signals.undated.append(
                    Undated(
                        kind, rec, term, when.date if when else None, bool(when and when.estimated)
                    )
                )
            doc_id = rec.status_history[-1].document
            doc = ds.documents.get(doc_id)
            last = document_date(doc) if doc is not None else None
            if last is None:
                signals.unknown.append(Stale(kind, rec, doc_id, None, None))
            elif (today - last.date).days > stale_after_days:
                signals.stale.append(
                    Stale(
                        kind,
                        rec,
                        doc_id,
                        last.date,
                        (today - last.date).days,
                        last.estimated,
                        duration_text(last.date, today),
                    )
                )

    def tie(item: Overdue | Stale | Undated) -> tuple[int, str, str]:
        return (order[item.kind], item.record.title.lower(), item.record.id)

    signals.overdue.sort(key=lambda o: (-o.days_late, *tie(o)))
    signals.stale.sort(key=lambda s: (-(s.days or 0), *tie(s)))
    signals.unknown.sort(key=tie)
    signals.undated.sort(key=lambda u: (u.stated or dt.date.max, *tie(u)))
    return signals


def _overdue(kind: str, rec: Tracked, deadline: Deadline, today: dt.date) -> Overdue:
    return Overdue(
        kind,
        rec,
        deadline.by,
        (today - deadline.by).days,
        deadline.text,
        deadline.estimated,
        duration_text(deadline.by, today),
    )


def _term(rec: Tracked) -> Term | None:
    if isinstance(rec, Measure):
        return rec.deadline
    if isinstance(rec, Commitment):
        return rec.term
    return None


def reference_date(environ: dict[str, str] | None = None) -> dt.date:
    """The build's "today": the UTC day of SOURCE_DATE_EPOCH when set (reproducible builds; the
    build command sets it to the last commit's time), else the calendar's today."""
    env = os.environ if environ is None else environ
    stamp = env.get("SOURCE_DATE_EPOCH", "").strip()
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC).date()
    return dt.date.today()
