"""Changelog: what changed in the data between two versions, as pure functions over snapshots.

A `Snapshot` is the part of a dataset a changelog speaks about: which measures, motions,
commitments and documents exist, their titles and current statuses. `compare` lists records
added, removed and renamed (through `former_ids`) and statuses changed. Reading old versions from
git is `history`'s job; this module reads no files and runs no commands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import Dataset

# The kinds a changelog lists, in the order it lists them.
KINDS = ("measure", "motion", "commitment", "document")
GROUP_KIND = {
    "measures": "measure",
    "motions": "motion",
    "commitments": "commitment",
    "documents": "document",
}


@dataclass(frozen=True)
class RecordState:
    kind: str
    id: str
    title: str
    status: str | None = None  # current status; None for documents and unreadable records
    former_ids: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)


@dataclass(frozen=True)
class Snapshot:
    records: dict[tuple[str, str], RecordState]
    # Files of this version that today's schema rejects: their records are known by id only.
    unreadable: int = 0

    def counts(self) -> dict[str, int]:
        counted = Counter(kind for kind, _ in self.records)
        return {kind: counted[kind] for kind in KINDS}


@dataclass(frozen=True)
class StatusChange:
    old: RecordState
    new: RecordState


@dataclass(frozen=True)
class Rename:
    old_id: str
    new: RecordState


@dataclass
class ChangeSet:
    added: list[RecordState] = field(default_factory=list)
    removed: list[RecordState] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    status_changed: list[StatusChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.status_changed)


def snapshot_of(
    ds: Dataset, also_present: set[tuple[str, str]] | None = None, unreadable: int = 0
) -> Snapshot:
    """The snapshot of a dataset. `also_present` names (kind, id) of records whose files exist
    but did not validate; they count as present, with no title or status known."""
    records: dict[tuple[str, str], RecordState] = {}
    for group, tracked in ds.tracked_groups():
        kind = GROUP_KIND[group]
        for rec in tracked:
            state = RecordState(
                kind, rec.id, rec.title, rec.status_history[-1].status, tuple(rec.former_ids)
            )
            records[state.key] = state
    for doc in ds.documents.values():
        records[("document", doc.id)] = RecordState("document", doc.id, doc.title)
    for key in also_present or set():
        records.setdefault(key, RecordState(key[0], key[1], key[1]))
    return Snapshot(records, unreadable)


def compare(old: Snapshot, new: Snapshot) -> ChangeSet:
    """What changed from `old` to `new`, every list in kind order, then by title and id."""
    changes = ChangeSet()
    gone = {key for key in old.records if key not in new.records}
    for key, state in new.records.items():
        if key in old.records:
            before = old.records[key]
            if before.status and state.status and before.status != state.status:
                changes.status_changed.append(StatusChange(before, state))
            continue
        renamed_from = [f for f in state.former_ids if (state.kind, f) in gone]
        if renamed_from:
            for former in renamed_from:
                gone.discard((state.kind, former))
                changes.renamed.append(Rename(former, state))
                before = old.records[(state.kind, former)]
                if before.status and state.status and before.status != state.status:
                    changes.status_changed.append(StatusChange(before, state))
        else:
            changes.added.append(state)
    changes.removed = [old.records[key] for key in gone]
    order = {kind: i for i, kind in enumerate(KINDS)}

    def by_state(s: RecordState) -> tuple[int, str, str]:
        return (order[s.kind], s.title.lower(), s.id)

    changes.added.sort(key=by_state)
    changes.removed.sort(key=by_state)
    changes.renamed.sort(key=lambda r: (*by_state(r.new), r.old_id))
    changes.status_changed.sort(key=lambda c: by_state(c.new))
    return changes
