"""Signals: records that need attention, as a pure function of the dataset and a reference date.

Two signals. *Overdue*: a measure or commitment whose stated deadline (`deadline.by`, `term.by`)
lies before the reference date while its current status is not final: no source says it was
done. *Stale*: a tracked record whose last status entry comes from a document older than
`stale_after_days`. The age counts from the document's own `date`; a document with only a
(derived) year or no date at all has no day to count from, so such a record is listed as
"onbekend" rather than flagged: the monitor does not guess a date. A record with a final status
is neither: nothing more is expected of it.

The reference date is a parameter (the adapter takes it from SOURCE_DATE_EPOCH, so one commit
always gives the same pages). This module reads no files and knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from .model import Commitment, Dataset, Measure, Tracked

DEFAULT_STALE_AFTER_DAYS = 730

# Data folder → record kind, in the order the overview lists them.
_GROUP_KIND = {"measures": "measure", "motions": "motion", "commitments": "commitment"}


@dataclass(frozen=True)
class Overdue:
    kind: str  # measure | commitment
    record: Tracked
    by: dt.date
    days_late: int


@dataclass(frozen=True)
class Stale:
    kind: str
    record: Tracked
    document: str  # id of the document of the last status entry
    last_date: dt.date | None  # None: that document has no exact date ("onbekend")
    days: int | None  # days since last_date; None when unknown


@dataclass
class Signals:
    today: dt.date
    stale_after_days: int
    overdue: list[Overdue] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)  # older than stale_after_days
    unknown: list[Stale] = field(default_factory=list)  # last mention without an exact date
    _by_record: tuple[dict[tuple[str, str], Overdue], dict[tuple[str, str], Stale]] | None = field(
        default=None, repr=False, compare=False
    )

    def overdue_of(self, kind: str, record_id: str) -> Overdue | None:
        return self._index()[0].get((kind, record_id))

    def stale_of(self, kind: str, record_id: str) -> Stale | None:
        return self._index()[1].get((kind, record_id))

    def _index(self) -> tuple[dict[tuple[str, str], Overdue], dict[tuple[str, str], Stale]]:
        # Looked up once per record page: a dict, not a scan (quadratic at thousands of records).
        if self._by_record is None:
            self._by_record = (
                {(o.kind, o.record.id): o for o in self.overdue},
                {(s.kind, s.record.id): s for s in self.stale},
            )
        return self._by_record

    def notices(self, kind: str, record_id: str) -> list[Overdue | Stale]:
        """The signals shown on one record's page, overdue first."""
        found: list[Overdue | Stale] = []
        if (o := self.overdue_of(kind, record_id)) is not None:
            found.append(o)
        if (s := self.stale_of(kind, record_id)) is not None:
            found.append(s)
        return found

    def report_lines(self) -> list[str]:
        """The build report: a summary line for the log, then one line per record (shown with
        `--verbose`: a rebuild should say one thing, not fifty)."""
        lines = [
            f"{len(self.stale)} records lang niet genoemd (meer dan {self.stale_after_days} "
            f"dagen), {len(self.overdue)} te laat, {len(self.unknown)} laatst genoemd in een "
            f"document zonder datum: zie Signalen (peildatum {self.today.isoformat()}; de "
            "records met --verbose)"
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
    """Every overdue and stale record on `today`, each list sorted by kind order, then id."""
    signals = Signals(today=today, stale_after_days=stale_after_days)
    for group, records in ds.tracked_groups():
        kind = _GROUP_KIND[group]
        for rec in sorted(records, key=lambda r: r.id):
            current = ds.statuses.get(rec.status_history[-1].status)
            final = current is not None and current.final
            by = _deadline(rec)
            if by is not None and by < today and not final:
                signals.overdue.append(Overdue(kind, rec, by, (today - by).days))
            if final:
                continue  # nothing more is expected of a finished record
            doc_id = rec.status_history[-1].document
            doc = ds.documents.get(doc_id)
            last = doc.date if doc is not None else None
            if last is None:
                signals.unknown.append(Stale(kind, rec, doc_id, None, None))
            elif (today - last).days > stale_after_days:
                signals.stale.append(Stale(kind, rec, doc_id, last, (today - last).days))
    return signals


def _deadline(rec: Tracked) -> dt.date | None:
    if isinstance(rec, Measure) and rec.deadline is not None:
        return rec.deadline.by
    if isinstance(rec, Commitment) and rec.term is not None:
        return rec.term.by
    return None


def reference_date(environ: dict[str, str] | None = None) -> dt.date:
    """The build's "today": the UTC day of SOURCE_DATE_EPOCH when set (reproducible builds; the
    build command sets it to the last commit's time), else the calendar's today."""
    env = os.environ if environ is None else environ
    stamp = env.get("SOURCE_DATE_EPOCH", "").strip()
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC).date()
    return dt.date.today()
