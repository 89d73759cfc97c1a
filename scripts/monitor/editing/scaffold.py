"""Scaffold: a new record file from a commented template (`python -m monitor new measure <id>`).

The template is made from the models through `fields`, so every field the schema has is in it,
each with its Dutch description as a comment, and nothing the schema lacks. Required fields get
an empty placeholder (`""`, `[]`) that FAILS validation until an editor fills it in: a template
never holds an invented value that could be published by accident. Optional fields are written
commented out. This module writes one new file and never overwrites one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..data.fields import RECORD_KINDS, FieldDoc, field_docs, id_problem
from ..data.load import parse_file
from ..data.model import RECORD_FOLDERS

WIDTH = 100

_HEADER = {
    "measure": "Nieuwe maatregel",
    "motion": "Nieuwe motie, verzoek of amendement",
    "commitment": "Nieuwe toezegging",
    "document": "Nieuw document",
}

_INTRO = """\
Vul elk veld in met wat de brontekst zegt; verzin niets. Een leeg veld ("" of []) geeft een
foutmelding tot het is ingevuld. Velden die met '# ' beginnen zijn optioneel: haal '# ' weg om
ze te gebruiken. Elk citaat (quote) staat letterlijk in de brontekst, met het document en de
paragraaf (section) erbij. Controleer met 'make validate'; alle velden staan op de pagina
Bijdragen > Velden van de site."""


class ScaffoldError(Exception):
    """A new record cannot be made; the message says why and what to do."""


def render_template(
    kind: str, record_id: str, statuses: Sequence[str] = (), subjects: Sequence[str] = ()
) -> str:
    """The text of a new record file of `kind` ('measure', …) with id `record_id`; `statuses`
    and `subjects`, when given, are listed as the choices for each status in the history and for
    the record's subjects."""
    if kind not in RECORD_KINDS:
        raise ScaffoldError(f"onbekende soort '{kind}'; kies uit {', '.join(RECORD_KINDS)}")
    problem = id_problem(record_id)
    if problem:
        raise ScaffoldError(problem)
    model = RECORD_FOLDERS[RECORD_KINDS[kind]]
    lines = [f"# yaml-language-server: $schema=../schema/{kind}.schema.json"]
    lines += _comment(f"{_HEADER[kind]}. {_INTRO}", "", WIDTH)
    hints = {"status": tuple(statuses)} if statuses else {}
    if subjects:
        hints["subjects"] = tuple(subjects)
    lines += ["", *_emit(model, 0, WIDTH, hints, record_id)]
    return "\n".join(lines) + "\n"


def write_new_record(data_dir: Path, kind: str, record_id: str) -> Path:
    """Write `data/<folder>/<id>.yaml` from the template; refuse to replace an existing file."""
    text = render_template(
        kind, record_id, statuses_for(data_dir, kind), _ids_in(data_dir / "subjects.yaml")
    )
    target = data_dir / RECORD_KINDS[kind] / f"{record_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        raise ScaffoldError(
            f"{target} bestaat al; kies een ander id of bewerk dat bestand"
        ) from None
    return target


def statuses_for(data_dir: Path, kind: str) -> list[str]:
    """The ids in data/statuses.yaml that apply to `kind`, in their order; [] when the file is
    missing or broken (validation reports that, not this command)."""
    return _ids_in(data_dir / "statuses.yaml", lambda item: kind in (item.get("applies_to") or []))


def _ids_in(file: Path, keep: Callable[[dict[str, Any]], bool] = lambda item: True) -> list[str]:
    """The ids of the items of a vocabulary file that `keep` accepts, in their order; [] when
    the file is missing or broken (validation reports that, not this command)."""
    if not file.is_file():
        return []
    parsed, _ = parse_file(file.name, file.read_bytes())
    items = parsed.data if parsed is not None and isinstance(parsed.data, list) else []
    return [
        str(item["id"]) for item in items if isinstance(item, dict) and "id" in item and keep(item)
    ]


def _emit(
    model: type[BaseModel],
    indent: int,
    width: int,
    hints: dict[str, tuple[str, ...]],
    record_id: str | None = None,
) -> list[str]:
    """The lines of `model`'s fields at `indent`, each under its comment, wrapped to `width`
    (less inside a commented-out block, whose lines gain a '# ')."""
    pad = " " * indent
    lines: list[str] = []
    for doc in field_docs(model):
        lines += _comment(_explain(doc, hints.get(doc.key, ())), pad, width)
        if doc.required:
            lines += _field_lines(doc, indent, width, hints, record_id)
        else:
            body = _field_lines(doc, indent, width - 2, hints, record_id)
            lines += [line[:indent] + "# " + line[indent:] for line in body]
    return lines


def _field_lines(
    doc: FieldDoc,
    indent: int,
    width: int,
    hints: dict[str, tuple[str, ...]],
    record_id: str | None,
) -> list[str]:
    pad = " " * indent
    if doc.model is not None and doc.is_list:
        item = _emit(doc.model, indent + 4, width, hints)
        # The first key of the item carries the list's dash; comments above it move out with it.
        first = next(i for i, line in enumerate(item) if not line.lstrip().startswith("#"))
        head = [f"{pad}  {line.lstrip()}" for line in item[:first]]
        dashed = f"{pad}  - {item[first].lstrip()}"
        return [f"{pad}{doc.key}:", *head, dashed, *item[first + 1 :]]
    if doc.model is not None:
        return [f"{pad}{doc.key}:", *_emit(doc.model, indent + 2, width, hints)]
    if doc.is_list:
        return [f"{pad}{doc.key}: []"]
    if doc.key == "id" and record_id is not None:
        return [f"{pad}id: {record_id}"]
    return [f'{pad}{doc.key}: ""']


def _explain(doc: FieldDoc, choices: tuple[str, ...] = ()) -> str:
    parts = [doc.description.rstrip(".") + "." if doc.description else ""]
    need = "verplicht" if doc.required else "optioneel"
    parts.append(f"({need}; {doc.type_label.replace('`', '')})")
    if doc.choices or choices:
        parts.append("Kies uit: " + ", ".join(doc.choices or choices) + ".")
    if doc.default is not None:
        parts.append(f"Weggelaten: {doc.default}.")
    return " ".join(p for p in parts if p)


def _comment(text: str, pad: str, width: int) -> list[str]:
    out: list[str] = []
    for para in text.split("\n\n"):
        out += textwrap.wrap(
            " ".join(para.split()),
            width=width,
            initial_indent=f"{pad}# ",
            subsequent_indent=f"{pad}# ",
            break_on_hyphens=False,
        )
    return out
