"""Deadlines: the latest date a stated term ("dit najaar", "eind 2024") allows, by a fixed rule.

A term keeps its quoted phrase; this module reads the phrase and gives the last day it can still
mean, with the year taken from the date of the document that states it. A document without a
date but with an inferred one ("najaar 2019 (afgeleid)") gets the latest day of that inference,
by the same rules, and a deadline resting on it is marked *estimated* ("geschat"). A phrase the
rules do not read ("de komende jaren", "binnenkort") has no latest date: the monitor does not
guess. An explicit `by` in the data wins over the rule (the editor then explains it in a note).

The rules are `RULES`, shown as a table on the page Signalen. Pure functions: no files, no
dataset queries beyond the records handed in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..data.model import MONTHS, Commitment, Document, Measure, Tracked

# (what the text says, the latest date it allows): the documented rule table. Seasons end on the
# day before the next season starts by the calendar: spring on 20 June, summer on 22 September,
# autumn on 20 December, winter on 20 March of the next year.
RULES: tuple[tuple[str, str], ...] = (
    ("voor de zomer", "21 juni"),
    ("voorjaar, lente", "20 juni"),
    ("zomer", "22 september"),
    ("najaar, herfst", "20 december"),
    ("winter", "20 maart van het jaar daarna"),
    ("begin van het jaar (begin 2025)", "31 maart"),
    ("medio, midden van het jaar (medio 2025)", "31 juli"),
    ("een kwartaal (Q3, derde kwartaal)", "de laatste dag van dat kwartaal"),
    ("een maand (in september, eind september)", "de laatste dag van die maand"),
    ("voor een maand (voor september)", "de laatste dag van de maand ervoor"),
    ("een jaar (dit jaar, eind 2024, 2024)", "31 december"),
    ("een reeks jaren (2023-2026)", "31 december van het laatste jaar"),
    ("volgend jaar", "31 december van het jaar na het document"),
)

# Without a year in the text, a season or month is the first one that has not ended on the
# document's date ("deze winter" in August 2024 is the winter of 2024-2025); "dit jaar" fixes
# the document's year ("september dit jaar").

_SEASONS = (  # (words, month, day, years after the season's own year)
    (("voor de zomer",), 6, 21, 0),
    (("voorjaar", "lente"), 6, 20, 0),
    (("zomer",), 9, 22, 0),
    (("najaar", "herfst"), 12, 20, 0),
    (("winter",), 3, 20, 1),
)
_QUARTERS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_RANGE = re.compile(r"\b(?:19|20)\d\d\s*[-–/]\s*((?:19|20)\d\d)\b")
_MONTH = re.compile(r"\b(voor\s+)?(" + "|".join(MONTHS) + r")\b")
_QUARTER = re.compile(r"\bq([1-4])\b|\b(eerste|tweede|derde|vierde)\s+kwartaal\b")


@dataclass(frozen=True)
class Deadline:
    """The latest date a term allows. `estimated`: the year rests on a document date that is
    itself inferred, not given ("geschat")."""

    by: dt.date
    text: str  # the quoted phrase
    estimated: bool = False
    explicit: bool = False  # the data's own `by`, not the rule's


@dataclass(frozen=True)
class DocumentDate:
    """A document's date for ordering and counting: the date it gives, or the latest day its
    inferred date allows (`estimated`)."""

    date: dt.date
    estimated: bool


def latest_date(text: str, written: dt.date) -> dt.date | None:
    """The last day `text` can mean, read from a document written on `written`; None if the
    rules do not read it."""
    phrase = " ".join(text.lower().split())
    year = written.year
    explicit = _YEAR.search(phrase)
    if (span := _RANGE.search(phrase)) is not None:
        return dt.date(int(span.group(1)), 12, 31)
    fixed = int(explicit.group(1)) if explicit else (year if "dit jaar" in phrase else None)
    if "volgend jaar" in phrase or "volgende jaar" in phrase:
        fixed = year + 1
    for words, month, day, later in _SEASONS:
        if any(w in phrase for w in words):
            if fixed is not None:
                return dt.date(fixed + later, month, day)
            return _first_not_ended(written, month, day, later)
    if (q := _QUARTER.search(phrase)) is not None:
        quarter = int(q.group(1)) if q.group(1) else _QUARTERS[q.group(2)]
        return _month_end(fixed if fixed is not None else year, quarter * 3)
    if (m := _MONTH.search(phrase)) is not None:
        month = MONTHS.index(m.group(2)) + 1
        if m.group(1):  # "voor september": the end of August
            if month == 1:
                base = fixed if fixed is not None else _next_month_year(written, 1)
                return dt.date(base - 1, 12, 31)
            month -= 1
        if fixed is not None:
            return _month_end(fixed, month)
        return _month_end(_next_month_year(written, month), month)
    if re.search(r"\bbegin\b", phrase) and fixed is not None:
        return dt.date(fixed, 3, 31)
    if re.search(r"\b(medio|midden)\b", phrase) and fixed is not None:
        return dt.date(fixed, 7, 31)
    if fixed is not None:  # "dit jaar", "eind 2024", "uiterlijk aan het eind van dit jaar"
        return dt.date(fixed, 12, 31)
    return None


def _first_not_ended(written: dt.date, month: int, day: int, later: int) -> dt.date:
    for start in (written.year - later, written.year - later + 1, written.year + 1):
        end = dt.date(start + later, month, day)
        if end >= written:
            return end
    raise AssertionError("unreachable")  # the last candidate is always after `written`


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _next_month_year(written: dt.date, month: int) -> int:
    """The year of the first month `month` that has not ended on `written`."""
    return written.year if month >= written.month else written.year + 1


def document_date(doc: Document) -> DocumentDate | None:
    """The document's date, or the latest day its inferred date (`date_text`, else `year`)
    allows: 'najaar 2019 (afgeleid)' → 20 December 2019. None if nothing is known."""
    if doc.date is not None:
        return DocumentDate(doc.date, estimated=False)
    year = _YEAR.search(doc.date_text or "")
    if year is not None:
        found = latest_date(doc.date_text or "", dt.date(int(year.group(1)), 1, 1))
        if found is not None:
            return DocumentDate(found, estimated=True)
    if doc.year is not None:
        return DocumentDate(dt.date(doc.year, 12, 31), estimated=True)
    return None


def record_deadline(documents: dict[str, Document], record: Tracked) -> Deadline | None:
    """The latest date of a measure's deadline or a commitment's term: the data's `by` when an
    editor gave one, else the rule's reading of the phrase from the stating document's date."""
    term = None
    if isinstance(record, Measure):
        term = record.deadline
    elif isinstance(record, Commitment):
        term = record.term
    if term is None:
        return None
    if term.by is not None:
        return Deadline(term.by, term.text, estimated=False, explicit=True)
    doc = documents.get(term.document)
    written = document_date(doc) if doc is not None else None
    if written is None:
        return None
    by = latest_date(term.text, written.date)
    if by is None:
        return None
    has_year = _YEAR.search(term.text) is not None
    return Deadline(by, term.text, estimated=written.estimated and not has_year)


def duration_text(start: dt.date, end: dt.date) -> str:
    """How long from `start` to `end`, in years and months as people say it: 'ruim 2 jaar',
    'bijna 3 jaar', '2,5 jaar', '7 maanden', 'minder dan een maand'."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    years, rest = divmod(max(months, 0), 12)
    if years == 0:
        if rest == 0:
            return "minder dan een maand"
        return "1 maand" if rest == 1 else f"{rest} maanden"
    if rest == 0:
        return f"{years} jaar"
    if rest < 6:
        return f"ruim {years} jaar"
    if rest == 6:
        return f"{years},5 jaar"
    if rest < 9:
        return f"ruim {years},5 jaar"
    return f"bijna {years + 1} jaar"
