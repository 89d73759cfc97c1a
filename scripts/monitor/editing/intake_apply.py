"""Intake, step three: write accepted proposals into data/ (`intake --apply`).

An update becomes a status entry appended to the record's `status_history`; a new record becomes
a file made from the template of `python -m monitor new` (`scaffold`), with what the proposal
knows filled in and every field it cannot know left empty with a `# TODO` comment, so that
`make validate` lists exactly what the editor still has to decide. Files are edited in ruamel's
round-trip mode and laid out by `fmt`, so comments and layout are kept; each file is written
atomically, a new one never over an existing file. This module decides nothing about the text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..data.fields import RECORD_KINDS
from .fmt import _round_trip, format_text
from .intake import Proposal, new_id
from .scaffold import render_template, statuses_for

TODO = "TODO: vul in vanuit de brontekst"
_GROUP = {"measure": "measures", "motion": "motions", "commitment": "commitments"}


@dataclass
class Applied:
    changed: list[Path] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)


class ApplyError(Exception):
    """A proposal cannot be written; the message says why."""


def apply_proposals(
    proposals: list[Proposal], data_dir: Path, document: str, used_ids: set[str]
) -> Applied:
    """Write `proposals` (from intake of `document`) into `data_dir`; `used_ids` are the ids
    that exist already (new ids are chosen apart from them)."""
    done = Applied()
    root = data_dir.parent
    for prop in proposals:
        if prop.action == "update":
            assert prop.record is not None
            done.changed.append(_append_status(prop, data_dir, document, root))
        else:
            done.created.append(_write_new(prop, data_dir, document, root, used_ids))
    return done


def _entry(prop: Proposal, document: str) -> CommentedMap:
    entry = CommentedMap()
    entry["status"] = prop.status
    entry["document"] = document
    entry["section"] = prop.section[:300]
    entry["quote"] = prop.quote
    entry.yaml_add_eol_comment(f"intake: voorstel, score {prop.score:.2f}; controleer", "status")
    return entry


def _dump(data: Any) -> str:
    out = io.StringIO()
    _round_trip().dump(data, out)
    return out.getvalue()


def _write(path: Path, rel: str, text: str, new: bool) -> None:
    formatted = format_text(rel, text)
    if new:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(formatted)
        return
    tmp = path.with_name(f".{path.name}.intake")
    tmp.write_text(formatted, encoding="utf-8", newline="\n")
    tmp.replace(path)  # atomic: an interrupted run never leaves half a file


def _append_status(prop: Proposal, data_dir: Path, document: str, root: Path) -> Path:
    path = data_dir / _GROUP[prop.record_kind] / f"{prop.record}.yaml"
    if not path.is_file():
        raise ApplyError(f"{path} does not exist")
    data = _round_trip().load(path.read_text(encoding="utf-8"))
    history = data.get("status_history")
    if not isinstance(history, CommentedSeq):
        raise ApplyError(f"{path}: 'status_history' is not a list; fix the file first")
    history.append(_entry(prop, document))
    _write(path, path.relative_to(root).as_posix(), _dump(data), new=False)
    return path


def _write_new(
    prop: Proposal, data_dir: Path, document: str, root: Path, used_ids: set[str]
) -> Path:
    kind = prop.record_kind
    record_id = new_id(prop.title or prop.quote, used_ids)
    template = render_template(kind, record_id, statuses_for(data_dir, kind))
    data = _round_trip().load(template)
    citation = CommentedMap(
        [("document", document), ("section", prop.section[:300]), ("quote", prop.quote)]
    )
    data["title"] = prop.title or ""
    data.yaml_add_eol_comment("intake: concepttitel uit het citaat; pas zo nodig aan", "title")
    data["source"] = citation
    data["status_history"] = CommentedSeq([_entry(prop, document)])
    keys = list(data)
    if kind == "motion":
        data["kind"] = prop.kind or "motie"
        data.insert(keys.index("source"), "date_note", "")
    elif kind == "measure" and prop.kind:
        data.insert(keys.index("title") + 1, "kind", prop.kind)
    if prop.deadline:
        term = CommentedMap([("text", prop.deadline), *citation.items()])
        key = "term" if kind == "commitment" else "deadline"
        data.insert(list(data).index("status_history") + 1, key, term)
    for key in list(data):
        if data[key] in ("", []):
            data.yaml_add_eol_comment(TODO, key)
    target = data_dir / RECORD_KINDS[kind] / f"{record_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _write(target, target.relative_to(root).as_posix(), _dump(data), new=True)
    except FileExistsError:
        raise ApplyError(f"{target} already exists") from None
    return target
