"""Intake evaluation: how well `intake --as-new` finds again what the data says of each letter.

For every document with a source text, intake runs as if that letter were new: the records it
announces and the status entries that cite it are hidden (`tracked_records(as_new=…)`), and the
proposals are compared with them.

Matching (one proposal counts for at most one record, and the other way round; the pairs are a
maximum matching):

- A quote's *span* is where it stands in the normalized source text (`quotes.normalize_text`).
  Two spans *overlap* when the characters they share are at least half of the shorter span: a
  proposal of a whole sentence finds a record that quotes part of it, and a record quoting two
  sentences is found by a proposal of either.
- **New items.** The real ones are the records whose `source.document` is the letter. A proposal
  with action "new" matches such a record when its quote overlaps the record's source quote or
  one of the record's other quotes from the same letter (status entries, term). The record kind
  is not compared (a passage that is both a measure and a commitment has one of each).
- **Updates.** The real ones are the records announced elsewhere with a status entry citing the
  letter. A proposal with action "update" matches one when it names that record and its quote
  overlaps one of those status entries' quotes. Status agreement is reported apart: for
  updates, of the matched proposals; for new items, of the records a proposal of their own
  record kind overlaps (one of those proposes the status the data gives in this letter).

Precision = matched proposals / proposals; recall = matched real items / real items. This module
reads the data and the texts and prints figures; it writes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..data.model import Citation, Commitment, Dataset, Measure
from ..data.quotes import normalize_text
from .intake import Proposal, propose, record_kind
from .intake_text import locate

OVERLAP = 0.5


@dataclass
class DocumentScore:
    document: str
    new_real: int
    new_proposed: int
    new_matched: int
    updates_real: int
    updates_proposed: int
    updates_matched: int
    status_agree: int  # matched updates whose status is the one the data gives
    # New records found by a proposal of their own record kind, and how many of those have a
    # proposal with the status the data gives the record in this letter.
    new_kind_found: int
    new_status_agree: int
    seconds: float

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def new_precision(self) -> float:
        return self._ratio(self.new_matched, self.new_proposed)

    @property
    def new_recall(self) -> float:
        return self._ratio(self.new_matched, self.new_real)

    @property
    def update_precision(self) -> float:
        return self._ratio(self.updates_matched, self.updates_proposed)

    @property
    def update_recall(self) -> float:
        return self._ratio(self.updates_matched, self.updates_real)


Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= OVERLAP * min(a[1] - a[0], b[1] - b[0])


def _spans(citations: list[Citation], normalized: str) -> list[Span]:
    found = (locate(c.quote, normalized) for c in citations)
    return [s for s in found if s is not None]


def max_matching(edges: dict[int, list[int]]) -> int:
    """The size of a maximum matching of a bipartite graph (left index -> right indices)."""
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges.get(left, ()):
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    return sum(1 for left in edges if augment(left, set()))


def evaluate_document(dataset: Dataset, document: str, text: str) -> DocumentScore:
    normalized = normalize_text(text)
    started = time.perf_counter()
    result = propose(text, document, dataset, as_new=True)
    seconds = time.perf_counter() - started

    real_new: list[list[Span]] = []
    real_new_status: list[tuple[str, set[str]]] = []  # (record kind, statuses from the letter)
    real_updates: list[tuple[str, list[Span], set[str]]] = []
    for _, records in dataset.tracked_groups():
        for rec in records:
            here = [e for e in rec.status_history if e.document == document]
            if rec.source.document == document:
                cits: list[Citation] = [rec.source, *here]
                term = (
                    rec.deadline
                    if isinstance(rec, Measure)
                    else (rec.term if isinstance(rec, Commitment) else None)
                )
                if term is not None and term.document == document:
                    cits.append(term)
                real_new.append(_spans(cits, normalized))
                real_new_status.append((record_kind(rec), {e.status for e in here}))
            elif here:
                real_updates.append(
                    (rec.id, _spans(list(here), normalized), {e.status for e in here})
                )

    new_props = [p for p in result.proposals if p.action == "new"]
    upd_props = [p for p in result.proposals if p.action == "update"]
    new_edges = _edges(new_props, normalized, lambda p, i: real_new[i], len(real_new))

    def update_spans(p: Proposal, i: int) -> list[Span]:
        rid, spans, _ = real_updates[i]
        return spans if p.record == rid else []

    upd_edges = _edges(upd_props, normalized, update_spans, len(real_updates))
    kind_found = new_agree = 0
    for j, (kind, statuses) in enumerate(real_new_status):
        fits = [
            p
            for i, p in enumerate(new_props)
            if j in new_edges.get(i, ()) and p.record_kind == kind
        ]
        kind_found += bool(fits)
        new_agree += any(p.status in statuses for p in fits)
    agree = 0
    for i, p in enumerate(upd_props):
        if upd_edges.get(i):
            _, _, statuses = real_updates[upd_edges[i][0]]
            agree += p.status in statuses
    return DocumentScore(
        document,
        new_real=len(real_new),
        new_proposed=len(new_props),
        new_matched=max_matching(new_edges),
        updates_real=len(real_updates),
        updates_proposed=len(upd_props),
        updates_matched=max_matching(upd_edges),
        status_agree=agree,
        new_kind_found=kind_found,
        new_status_agree=new_agree,
        seconds=seconds,
    )


def _edges(
    props: list[Proposal],
    normalized: str,
    spans_of: Callable[[Proposal, int], list[Span]],
    count: int,
) -> dict[int, list[int]]:
    """Which real items (0..count-1) each proposal's quote overlaps."""
    edges: dict[int, list[int]] = {}
    for i, p in enumerate(props):
        span = locate(p.quote, normalized)
        if span is None:
            continue
        edges[i] = [j for j in range(count) if any(overlaps(span, s) for s in spans_of(p, j))]
    return edges


def evaluate(dataset: Dataset, sources_dir: Path) -> list[DocumentScore]:
    """One score per document that has a source text in `sources_dir`, in date order."""
    scores = []
    for doc in dataset.sorted_documents():
        if doc.source_text is None:
            continue
        file = sources_dir / doc.source_text
        if not file.is_file():
            continue
        scores.append(evaluate_document(dataset, doc.id, file.read_text(encoding="utf-8")))
    return scores


def format_scores(scores: list[DocumentScore]) -> list[str]:
    head = (
        f"{'document':<38} {'new: P':>7} {'R':>6} {'(found/real, proposed)':>23} "
        f"{'status ok':>9}   "
        f"{'updates: P':>10} {'R':>6} {'(found/real, proposed)':>23} {'status ok':>9}"
    )
    lines = [head]
    for s in scores:
        lines.append(
            f"{s.document:<38} {s.new_precision:7.0%} {s.new_recall:6.0%} "
            f"{f'({s.new_matched}/{s.new_real}, {s.new_proposed})':>23} "
            f"{f'{s.new_status_agree}/{s.new_kind_found}':>9}   "
            f"{s.update_precision:10.0%} {s.update_recall:6.0%} "
            f"{f'({s.updates_matched}/{s.updates_real}, {s.updates_proposed})':>23} "
            f"{f'{s.status_agree}/{s.updates_matched}':>9}"
        )
    return lines
