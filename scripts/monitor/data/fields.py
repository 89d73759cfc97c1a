"""Fields: what each field of each record kind is, read from the pydantic models in `model`.

The models are the one schema. This module turns them into plain descriptions (name, required or
not, a Dutch type label, the allowed values, the Dutch description) that the record templates of
`python -m monitor new` and the field list on the contributing page are made from, so neither
can drift from what validation accepts. It must not touch files.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import COVERAGE_FILE, ID_PATTERN, RECORD_FOLDERS, VOCABULARY_FILES, CoverageDocument, Id

# The record kinds an editor creates, by the name used on the command line.
RECORD_KINDS: dict[str, str] = {
    "measure": "measures",
    "motion": "motions",
    "commitment": "commitments",
    "document": "documents",
}
# Dutch names of every kind with its own file or list, in the order the contributing page uses.
KIND_LABELS: dict[str, str] = {
    "measures": "Maatregel",
    "motions": "Motie of verzoek",
    "commitments": "Toezegging",
    "documents": "Document",
    "statuses.yaml": "Status",
    "themes.yaml": "Thema",
    "subjects.yaml": "Onderwerp",
    "actors.yaml": "Actor",
    "glossary.yaml": "Begrip",
    COVERAGE_FILE: "Dekking van een brontekst",
}


@dataclass(frozen=True)
class FieldDoc:
    """One field of a model, described for people."""

    key: str  # the YAML key
    path: str  # where it stands in a record: 'source.quote', 'status_history[].status'
    depth: int  # 0 for a top-level field
    required: bool
    type_label: str  # Dutch: 'tekst', 'datum (JJJJ-MM-DD)', 'lijst van ids', …
    description: str  # Dutch, from the model; '' when the model gives none (a test forbids that)
    choices: tuple[str, ...] = ()  # allowed values of a fixed list
    default: str | None = None  # the value used when the field is left out, if any
    model: type[BaseModel] | None = None  # the nested model of a block or list of blocks
    is_list: bool = False


def models_by_kind() -> dict[str, type[BaseModel]]:
    """Every model with its own file or list, keyed like `KIND_LABELS`."""
    models: dict[str, type[BaseModel]] = {
        **RECORD_FOLDERS,
        **VOCABULARY_FILES,
        COVERAGE_FILE: CoverageDocument,
    }
    return {kind: models[kind] for kind in KIND_LABELS}


def field_docs(model: type[BaseModel], prefix: str = "", depth: int = 0) -> list[FieldDoc]:
    """The fields of `model` itself, in the order a record file lists them."""
    return [_describe_field(key, info, prefix, depth) for key, info in _ordered_fields(model)]


def describe_model(model: type[BaseModel], prefix: str = "", depth: int = 0) -> list[FieldDoc]:
    """Every field of `model`, each followed by the fields of its nested block (a citation, a
    deadline, an item of a list of blocks)."""
    out: list[FieldDoc] = []
    for doc in field_docs(model, prefix, depth):
        out.append(doc)
        if doc.model is not None:
            inner = f"{doc.path}[]." if doc.is_list else f"{doc.path}."
            out.extend(describe_model(doc.model, inner, depth + 1))
    return out


def _ordered_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """A class's own fields before the ones it inherits: a status entry starts with its status,
    a deadline with its text, and then the citation that proves it (as the data files do)."""
    own = set(inspect.get_annotations(model))
    fields = list(model.model_fields.items())
    return [f for f in fields if f[0] in own] + [f for f in fields if f[0] not in own]


def _describe_field(key: str, info: FieldInfo, prefix: str, depth: int) -> FieldDoc:
    annotation, _ = _strip_optional(info.annotation)
    is_list = get_origin(annotation) is list
    inner = get_args(annotation)[0] if is_list else annotation
    inner_base, inner_meta = _split_annotated(inner)
    sub = inner_base if isinstance(inner_base, type) and issubclass(inner_base, BaseModel) else None
    meta = [*info.metadata, *inner_meta, info]
    label = _type_label(inner_base, meta)
    if is_list:
        label = f"lijst van {_plural(label)}"
    choices = (
        tuple(str(c) for c in get_args(inner_base)) if get_origin(inner_base) is Literal else ()
    )
    default = None
    if not info.is_required() and info.default is not None and not is_list:
        default = _show_default(info.default)
    return FieldDoc(
        key=key,
        path=prefix + key,
        depth=depth,
        required=info.is_required(),
        type_label=label,
        description=info.description or "",
        choices=choices,
        default=default,
        model=sub,
        is_list=is_list,
    )


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _split_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    annotation, _ = _strip_optional(annotation)
    if get_origin(annotation) is Annotated:
        base, *meta = get_args(annotation)
        return base, meta
    return annotation, []


def _type_label(base: Any, meta: list[Any]) -> str:
    if isinstance(base, type) and issubclass(base, BaseModel):
        fields = ", ".join(f"`{k}`" for k, _ in _ordered_fields(base))
        return f"blok met {fields}"
    if get_origin(base) is Literal:
        return "keuze"
    if base is dt.date:
        return "datum (JJJJ-MM-DD)"
    if base is bool:
        return "true of false"
    if base is int:
        return "geheel getal"
    if any(getattr(m, "pattern", None) == ID_PATTERN for m in meta):
        return "id"
    if any(_schema_extra(m).get("format") == "markdown" for m in meta):
        return "tekst (Markdown)"
    if any(getattr(m, "func", None) is not None and m.func.__name__ == "_http_url" for m in meta):
        return "webadres (https://…)"
    return "tekst"


def _schema_extra(meta: Any) -> dict[str, Any]:
    extra = getattr(meta, "json_schema_extra", None)
    return extra if isinstance(extra, dict) else {}


def _plural(label: str) -> str:
    plurals = {"id": "ids", "tekst": "teksten", "keuze": "keuzes"}
    if label.startswith("blok met"):
        return "blokken met" + label.removeprefix("blok met")
    return plurals.get(label, label)


def _show_default(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def id_problem(record_id: str) -> str | None:
    """Why `record_id` cannot be an id (the rule validation applies), or None when it can."""
    if not re.fullmatch(ID_PATTERN, record_id):
        return (
            f"'{record_id}' is geen geldig id: gebruik kleine letters, cijfers en enkele "
            "koppeltekens, bijvoorbeeld 'afpakken-zonder-veroordeling'"
        )
    limit = next(m.max_length for m in get_args(Id)[1:] if getattr(m, "max_length", None))
    if len(record_id) > limit:
        return f"'{record_id}' is {len(record_id)} tekens lang; een id heeft er hoogstens {limit}"
    return None
