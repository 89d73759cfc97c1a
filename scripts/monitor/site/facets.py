"""Facets: the ways to narrow an overview (status, subject, theme, actor, document, year, …)
and, for each value, the records that have it.

Each facet value gets its own static page, so filtering works without JavaScript; the overview
table carries the same value ids in data-* attributes, so a small script can filter in place.
Both come from `record_facets`, so the two can never disagree. A facet value id is a record or
vocabulary id (already lowercase kebab-case) or a year, safe in a URL and an attribute.
This module is a pure function of the dataset: it writes no text and must not import mkdocs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..data.model import Commitment, Dataset, Motion, Tracked

UNKNOWN = "onbekend"

# Dutch labels for the vote outcomes, in the order the overview lists them.
VOTES = {
    "aangenomen": "Aangenomen",
    "verworpen": "Verworpen",
    "ingetrokken": "Ingetrokken",
    "aangehouden": "Aangehouden",
    "onbekend": "Onbekend",
}


@dataclass(frozen=True)
class FacetValue:
    id: str
    label: str
    records: tuple[Tracked, ...]

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass(frozen=True)
class Facet:
    key: str  # the data-* attribute name and the URL folder, e.g. "status" or "thema"
    label: str  # e.g. "Thema"
    values: tuple[FacetValue, ...]

    def value(self, value_id: str) -> FacetValue:
        return next(v for v in self.values if v.id == value_id)


# A facet definition: key, label, and a function giving a record's (value id, label) pairs.
Extract = Callable[[Dataset, Tracked], list[tuple[str, str]]]


def _status(ds: Dataset, r: Tracked) -> list[tuple[str, str]]:
    """The public status: the filter counts what the charts count ('ondertekend' is one of the
    treaties 'in voorbereiding'); the record's own badge still says 'ondertekend'."""
    s = ds.public_status(r.status_history[-1].status)
    return [(s, ds.statuses[s].label)]


def _themes(ds: Dataset, r: Tracked) -> list[tuple[str, str]]:
    return [(t, ds.theme_label(t)) for t in r.themes]


def _subjects(ds: Dataset, r: Tracked) -> list[tuple[str, str]]:
    return ds.subject_names(r)


def _actors(ds: Dataset, r: Tracked) -> list[tuple[str, str]]:
    return [(a, ds.actors[a].name) for a in r.actors]


def _documents(ds: Dataset, r: Tracked) -> list[tuple[str, str]]:
    """Every document that says something about the record: where it was announced, and each
    later status report (and, for a commitment, the documents that fulfil it)."""
    ids = [r.source.document, *(e.document for e in r.status_history)]
    if isinstance(r, Commitment):
        ids += r.fulfilled_by
    unique = dict.fromkeys(ids)
    return [(d, ds.documents[d].title) for d in unique]


def _year_of_document(ds: Dataset, document_id: str) -> str:
    doc = ds.documents[document_id]
    if doc.date is not None:
        return str(doc.date.year)
    return str(doc.year) if doc.year is not None else UNKNOWN


def _announced_year(ds: Dataset, r: Tracked) -> list[tuple[str, str]]:
    year = _year_of_document(ds, r.source.document)
    return [(year, year if year != UNKNOWN else "Onbekend")]


def _motion_year(ds: Dataset, r: Tracked) -> list[tuple[str, str]]:
    assert isinstance(r, Motion)
    if r.date is not None:
        return [(str(r.date.year), str(r.date.year))]
    return _announced_year(ds, r)


def _vote(ds: Dataset, r: Tracked) -> list[tuple[str, str]]:
    assert isinstance(r, Motion)
    return [(r.vote, VOTES[r.vote])]


# Per record kind, the facets its overview offers, in the order shown.
FACETS: dict[str, list[tuple[str, str, Extract]]] = {
    "measure": [
        ("status", "Status", _status),
        ("onderwerp", "Onderwerp", _subjects),
        ("thema", "Thema", _themes),
        ("actor", "Wie moet het doen", _actors),
        ("document", "Genoemd in document", _documents),
        ("jaar", "Jaar van aankondiging", _announced_year),
    ],
    "motion": [
        ("status", "Status", _status),
        ("onderwerp", "Onderwerp", _subjects),
        ("stemming", "Stemming", _vote),
        ("thema", "Thema", _themes),
        ("actor", "Wie moet het doen", _actors),
        ("document", "Genoemd in document", _documents),
        ("jaar", "Jaar", _motion_year),
    ],
    "commitment": [
        ("status", "Status", _status),
        ("onderwerp", "Onderwerp", _subjects),
        ("thema", "Thema", _themes),
        ("actor", "Wie moet het doen", _actors),
        ("document", "Genoemd in document", _documents),
        ("jaar", "Jaar van de toezegging", _announced_year),
    ],
}


def records_of(ds: Dataset, kind: str) -> list[Tracked]:
    records: dict[str, list[Tracked]] = {
        "measure": list(ds.measures.values()),
        "motion": list(ds.motions.values()),
        "commitment": list(ds.commitments.values()),
    }
    return sorted(records[kind], key=lambda r: (r.title.lower(), r.id))


def record_facets(ds: Dataset, kind: str, record: Tracked) -> dict[str, list[str]]:
    """The facet value ids of one record, by facet key: the data-* attributes of its table row."""
    return {key: [v for v, _ in extract(ds, record)] for key, _, extract in FACETS[kind]}


def build_facets(ds: Dataset, kind: str) -> list[Facet]:
    """Every facet of a record kind with every value that occurs, each with its records (in
    title order); a facet no record has a value for is left out. Values are ordered as a reader
    expects: statuses in their vocabulary order, documents by date, years newest first, the rest
    alphabetically."""
    records = records_of(ds, kind)
    facets = []
    for key, label, extract in FACETS[kind]:
        groups: dict[str, list[Tracked]] = {}
        labels: dict[str, str] = {}
        for r in records:
            for value_id, value_label in extract(ds, r):
                groups.setdefault(value_id, []).append(r)
                labels[value_id] = value_label
        values = [FacetValue(v, labels[v], tuple(groups[v])) for v in groups]
        values.sort(key=_order(ds, key))
        if values:  # a filter with nothing to choose is noise
            facets.append(Facet(key, label, tuple(values)))
    return facets


def _order(ds: Dataset, key: str) -> Callable[[FacetValue], tuple[object, ...]]:
    if key == "status":
        order = {s: i for i, s in enumerate(ds.statuses)}
        return lambda v: (order.get(v.id, len(order)),)
    if key == "onderwerp":
        subjects = {s: i for i, s in enumerate(ds.subjects)}
        return lambda v: (subjects.get(v.id, len(subjects)),)
    if key == "stemming":
        votes = list(VOTES)
        return lambda v: (votes.index(v.id),)
    if key == "document":
        return lambda v: (ds.documents[v.id].sort_key, v.id)
    if key == "jaar":
        # Newest first; 'onbekend' last.
        return lambda v: (v.id == UNKNOWN, -int(v.id) if v.id.isdigit() else 0)
    return lambda v: (v.label.lower(), v.id)
