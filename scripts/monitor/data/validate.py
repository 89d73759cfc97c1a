"""Validate: turn loaded files into a `Dataset`, reporting every problem in one run.

Per record: the pydantic models of `model` check shape, types and allowed values; their errors are
translated into diagnostics with the line and column of the offending key or value. Across
records: ids match file names and are unique, every reference resolves, statuses fit the record
kind, citations point at documents with a source text, histories run in date order. Nothing here
stops at the first error, and nothing here reads files (positions come through `SourceFile`).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..bulk import without_gc_pauses
from .coverage import check_coverage_file
from .diagnostics import (
    SMALL_SET,
    Diagnostic,
    Location,
    choose_from,
    did_you_mean,
    expected_one_of,
    join_hints,
)
from .load import KeyPath, ParseCache, ParsedStore, SourceFile, load_files
from .model import (
    COVERAGE_FILE,
    RECORD_FOLDERS,
    RECORD_KIND,
    VOCABULARY_FILES,
    CoverageDocument,
    Dataset,
    Document,
)
from .quotes import check_quotes, normalize_text

_ATTR = {
    "documents": "documents",
    "measures": "measures",
    "motions": "motions",
    "commitments": "commitments",
    "statuses.yaml": "statuses",
    "themes.yaml": "themes",
    "subjects.yaml": "subjects",
    "actors.yaml": "actors",
    "glossary.yaml": "glossary",
    COVERAGE_FILE: "coverage",
}


# What `validate_files` made of each record file, kept between runs by `mkdocs serve`:
# path -> (folder, text, record or None, salvaged part or None, diagnostics).
ValidatedMemo = dict[str, tuple[str, str, Any, Any, list[Diagnostic]]]


@dataclass
class Validated:
    """The outcome of validation. `records` holds every record that passed on its own, so that
    cross-record checks and quote checks can still report on them; `dataset` is only there when
    nothing at all is wrong."""

    records: Dataset
    diagnostics: list[Diagnostic]
    files: dict[str, SourceFile]
    # Ids that exist in some file, valid or not ("*": a whole vocabulary is unreadable). A
    # reference to a broken record is not reported again as unknown: one broken file gives one
    # set of messages, not a cascade.
    present: set[tuple[str, str]] = field(default_factory=set)
    # What is sound in each record that failed on its own (`_salvage`): its references and
    # quotes are checked too, so that a file's problems all show in one run.
    partial: Dataset = field(default_factory=Dataset)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    @property
    def dataset(self) -> Dataset | None:
        return self.records if self.ok else None

    def records_ids(self, group: str) -> set[str]:
        """Ids present in `group` (a data folder), valid or not."""
        return {i for g, i in self.present if g == _ATTR[group]}

    def locate(self, path: str, keypath: KeyPath = ()) -> Location:
        file = self.files.get(path)
        return file.locate(keypath) if file else Location(path)


@without_gc_pauses
def validate_data(
    data_dir: Path,
    root: Path | None = None,
    sources_dir: Path | None = None,
    cache: ParseCache | None = None,
    store: ParsedStore | None = None,
    memo: ValidatedMemo | None = None,
) -> Validated:
    """Load and validate everything under `data_dir`; with `sources_dir`, also check every quote
    against the source texts. The one entry point for the command line and the site build
    (`cache` and `store`: see `load_files`, the caller makes them, e.g. `ParsedStore.at(root)`;
    `memo`: see `validate_files`)."""
    root = root or data_dir.parent
    loaded = load_files(data_dir, root, cache, store)
    prefix = data_dir.resolve().relative_to(root.resolve()).as_posix() + "/"
    broken = set()
    for diag in loaded.diagnostics:
        group = classify(diag.location.path, prefix)
        if group is not None:
            stem = "*" if group in VOCABULARY_FILES else _stem(diag.location.path)
            broken.add((_ATTR[group], stem))
    validated = validate_files(loaded.files, data_prefix=prefix, broken=broken, memo=memo)
    validated.diagnostics = sorted(
        validated.diagnostics + loaded.diagnostics, key=Diagnostic.sort_key
    )
    if sources_dir is not None:
        quote_diags = check_quotes(
            validated.records, sources_dir, validated.locate, also=validated.partial
        )
        quote_diags += check_coverage_file(validated.records, sources_dir, validated.locate)
        validated.diagnostics = sorted(validated.diagnostics + quote_diags, key=Diagnostic.sort_key)
    return validated


def classify(path: str, data_prefix: str) -> str | None:
    """'measures', 'statuses.yaml', … for a file under data/, or None for a file that does not
    belong there."""
    rel = path[len(data_prefix) :] if path.startswith(data_prefix) else path
    parts = rel.split("/")
    if len(parts) == 1 and (parts[0] in VOCABULARY_FILES or parts[0] == COVERAGE_FILE):
        return parts[0]
    if len(parts) == 2 and parts[0] in RECORD_FOLDERS:
        return parts[0]
    return None


def validate_files(
    files: Iterable[SourceFile],
    data_prefix: str = "data/",
    broken: Iterable[tuple[str, str]] = (),
    memo: ValidatedMemo | None = None,
) -> Validated:
    """Validate parsed files. `broken` names records whose files did not even parse. With
    `memo` (kept by a caller that validates again, `mkdocs serve`), a record file whose text is
    unchanged is not checked again: only the dataset it goes into is new."""
    dataset, partial = Dataset(), Dataset()
    diagnostics: list[Diagnostic] = []
    by_path = {f.path: f for f in files}
    present: set[tuple[str, str]] = set(broken or ())
    for file in by_path.values():
        group = classify(file.path, data_prefix)
        if group is None:
            diagnostics.append(
                Diagnostic(
                    "E106",
                    f"onverwacht bestand '{file.path}'",
                    Location(file.path),
                    "records horen in data/documents, data/measures, data/motions of "
                    "data/commitments; de lijsten zijn data/statuses.yaml, themes.yaml, "
                    "subjects.yaml, actors.yaml en glossary.yaml",
                )
            )
            continue
        if group == COVERAGE_FILE:
            diags = _validate_coverage(file, dataset)
        elif group in VOCABULARY_FILES:
            diags = _validate_vocabulary(file, group, dataset)
            target = _ATTR[group]
            if isinstance(file.data, list):
                present.update(
                    (target, str(item.get("id"))) for item in file.data if isinstance(item, dict)
                )
                # A bare item ('- weerbaarheid') is reported as such; it is probably the id.
                present.update((target, item) for item in file.data if isinstance(item, str))
            else:
                present.add((target, "*"))
        else:
            diags = _validate_record(file, group, dataset, partial, memo)
            present.add((_ATTR[group], _stem(file.path)))
        diagnostics.extend(diags)
    validated = Validated(dataset, diagnostics, by_path, present, partial)
    diagnostics.extend(_check_references(validated))
    validated.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    return validated


def _validate_record(
    file: SourceFile,
    folder: str,
    dataset: Dataset,
    partial: Dataset,
    memo: ValidatedMemo | None = None,
) -> list[Diagnostic]:
    # The same text in the same folder has the same outcome. A file kept from an earlier run
    # (load's cache in `mkdocs serve`) is the same object, so its text compares by identity.
    kept = memo.get(file.path) if memo is not None else None
    if kept is not None and kept[0] == folder and kept[1] == file.text:
        _, _, record, salvaged, diags = kept
    else:
        record, diags = _check_record(file, folder)
        salvaged = _salvage(file, folder) if record is None and diags else None
        if memo is not None:
            memo[file.path] = (folder, file.text, record, salvaged, diags)
    for target, found in ((dataset, record), (partial, salvaged)):
        if found is not None:
            getattr(target, _ATTR[folder])[found.id] = found
            target.paths[(folder, found.id)] = file.path
    return list(diags)


def _salvage(file: SourceFile, folder: str) -> BaseModel | None:
    """What is sound in a record that failed validation: each field checked on its own, a list
    item by item up to its first bad item (so later items keep their positions); the rest is left
    empty. Its references and quotes are then checked like those of valid records, so that a
    bad date does not hide an unknown document or a misquote in the same file until it is
    fixed. Never part of the dataset that pages are made from."""
    if not isinstance(file.data, dict):
        return None
    model = RECORD_FOLDERS[folder]
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in file.data:
            sound = _sound_part(model, name, file.data[name])
            if sound is not None:
                values[name] = sound[0]
        if name not in values and info.is_required():
            values[name] = [] if get_origin(info.annotation) is list else None
    values["id"] = _stem(file.path)  # the file's name is where messages point anyway
    return model.model_construct(**values)


def _sound_part(model: type[BaseModel], name: str, value: Any) -> tuple[Any] | None:
    """(the value validated as field `name` of `model`,), or its leading valid items for a
    list; None when nothing of it is sound."""
    try:
        return (_field_adapter(model, name).validate_python(value),)
    except ValidationError:
        pass
    info = model.model_fields[name]
    if get_origin(info.annotation) is not list or not isinstance(value, list):
        return None
    item = _field_adapter(model, name, item=True)
    sound = []
    for raw in value:
        try:
            sound.append(item.validate_python(raw))
        except ValidationError:
            break
    return (sound,)


@functools.cache
def _field_adapter(model: type[BaseModel], name: str, item: bool = False) -> TypeAdapter[Any]:
    """A validator of field `name` of `model` on its own (with `item`, of one item of it)."""
    info = model.model_fields[name]
    if item:
        return TypeAdapter(get_args(info.annotation)[0])
    return TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]


def _check_record(file: SourceFile, folder: str) -> tuple[Any, list[Diagnostic]]:
    model = RECORD_FOLDERS[folder]
    if not isinstance(file.data, dict):
        return None, [
            Diagnostic(
                "E105",
                f"een record bestaat uit velden (sleutel: waarde); gevonden: {_kind_of(file.data)}",
                file.locate(),
                f"begin het bestand met 'id: {_stem(file.path)}' en de andere velden",
            )
        ]
    stem = _stem(file.path)
    raw_id = file.data.get("id")
    diags = []
    if isinstance(raw_id, str) and raw_id != stem:
        diags.append(
            Diagnostic(
                "E300",
                f"id '{raw_id}' past niet bij de bestandsnaam '{stem}.yaml'",
                file.locate(("id",)),
                f"hernoem het bestand naar '{raw_id}.yaml' of schrijf 'id: {stem}'",
            )
        )
    try:
        record = model.model_validate(file.data)
    except ValidationError as exc:
        return None, diags + [_translate(err, file, model) for err in exc.errors()]
    if diags:
        return None, diags
    return record, diags


def _validate_coverage(file: SourceFile, dataset: Dataset) -> list[Diagnostic]:
    """data/coverage.yaml: its shape here; its headings and anchors against the source texts in
    `coverage.check_coverage_file`."""
    if not isinstance(file.data, list):
        return [
            Diagnostic(
                "E105",
                f"{COVERAGE_FILE} must be a list of items; got {_kind_of(file.data)}",
                file.locate(),
                "start each item with '- document: …'",
            )
        ]
    diags: list[Diagnostic] = []
    for i, raw in enumerate(file.data):
        try:
            item = CoverageDocument.model_validate(raw)
        except ValidationError as exc:
            diags.extend(
                _translate(err, file, CoverageDocument, prefix=(i,)) for err in exc.errors()
            )
            continue
        if item.document in dataset.coverage:
            diags.append(
                Diagnostic(
                    "E301",
                    f"document '{item.document}' staat twee keer in {COVERAGE_FILE}",
                    file.locate((i, "document")),
                    "voeg de twee items samen",
                )
            )
            continue
        dataset.coverage[item.document] = item
        dataset.paths[(COVERAGE_FILE, item.document)] = file.path
        dataset.item_index[(COVERAGE_FILE, item.document)] = i
    return diags


def _validate_vocabulary(file: SourceFile, name: str, dataset: Dataset) -> list[Diagnostic]:
    model = VOCABULARY_FILES[name]
    if not isinstance(file.data, list):
        return [
            Diagnostic(
                "E105",
                f"een lijstbestand is een lijst van items; gevonden: {_kind_of(file.data)}",
                file.locate(),
                "begin elk item met '- id: …'",
            )
        ]
    diags: list[Diagnostic] = []
    table: dict[str, Any] = getattr(dataset, _ATTR[name])
    for i, raw in enumerate(file.data):
        if not isinstance(raw, dict):
            diags.append(
                Diagnostic(
                    "E105",
                    f"item {i + 1} moet uit velden (sleutel: waarde) bestaan; gevonden: "
                    f"{_kind_of(raw)}",
                    file.locate((i,)),
                    "begin elk item met '- id: …'",
                )
            )
            continue
        try:
            item = model.model_validate(raw)
        except ValidationError as exc:
            diags.extend(_translate(err, file, model, prefix=(i,)) for err in exc.errors())
            continue
        if item.id in table:  # type: ignore[attr-defined]
            diags.append(
                Diagnostic(
                    "E301",
                    f"id '{item.id}' staat twee keer in {name}",  # type: ignore[attr-defined]
                    file.locate((i, "id")),
                    "geef een van de twee een ander id",
                )
            )
            continue
        table[item.id] = item  # type: ignore[attr-defined]
        dataset.paths[(name, item.id)] = file.path  # type: ignore[attr-defined]
        dataset.item_index[(name, item.id)] = i  # type: ignore[attr-defined]
    return diags


# --- pydantic errors → diagnostics --------------------------------------------------------------
# One handler per pydantic error type, each saying in Dutch what is wrong, what was expected and
# how to fix it; a type without a handler is a wrong type (E202). Our own model rules raise their
# code as the error type, with a Dutch message.

_TYPE_NAMES = {
    "string_type": "tekst",
    "list_type": "een lijst",
    "dict_type": "velden (sleutel: waarde)",
    "model_type": "velden (sleutel: waarde)",
    "model_attributes_type": "velden (sleutel: waarde)",
    "int_type": "een geheel getal",
    "int_parsing": "een geheel getal",
    "int_from_float": "een geheel getal",
    "bool_type": "true of false",
    "date_type": "een datum",
}


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with what every handler needs to word it."""

    etype: str
    loc: KeyPath
    ctx: dict[str, Any]
    value: Any
    text: str  # pydantic's own message: ours (Dutch) for our codes
    where: Location
    key_where: Location
    model: type[BaseModel]
    description: str

    @property
    def name(self) -> str:
        return _dotted(self.loc) or "record"

    @property
    def got(self) -> str:
        return _show(self.value)

    def diag(self, code: str, message: str, hint: str = "") -> Diagnostic:
        return Diagnostic(code, message, self.where, hint)


def _translate(
    err: Any, file: SourceFile, model: type[BaseModel], prefix: KeyPath = ()
) -> Diagnostic:
    loc: KeyPath = tuple(err["loc"])
    info = _field_info(model, loc)
    error = _Error(
        etype=err["type"],
        loc=loc,
        ctx=err.get("ctx") or {},
        value=err.get("input"),
        text=err["msg"],
        where=file.locate((*prefix, *loc)),
        key_where=file.locate((*prefix, *loc), key=True),
        model=model,
        description=(info.description or "") if info is not None else "",
    )
    handler = _HANDLERS.get(error.etype)
    if handler is None and error.etype.startswith(("date_", "datetime_")):
        handler = _bad_date
    if handler is None and error.etype.startswith("E"):
        handler = _own_rule
    return (handler or _wrong_type)(error)


def _missing(e: _Error) -> Diagnostic:
    what = f" ({e.description})" if e.description else ""
    return e.diag("E200", f"verplicht veld '{e.name}' ontbreekt", f"voeg '{e.loc[-1]}:' toe{what}")


def _unknown_field(e: _Error) -> Diagnostic:
    allowed = _allowed_fields(e.model, e.loc[:-1])
    hint = did_you_mean(e.loc[-1], allowed) or f"velden die hier kunnen: {', '.join(allowed)}"
    return Diagnostic("E201", f"onbekend veld '{e.name}'", e.key_where, hint)


def _not_allowed(e: _Error) -> Diagnostic:
    choices = [c.strip(" '") for c in _split_expected(e.ctx.get("expected", ""))]
    hint = join_hints(
        choose_from(choices) or expected_one_of(choices), did_you_mean(e.value, choices)
    )
    return e.diag("E203", f"{e.name}: {e.got} is niet toegestaan", hint)


def _bad_date(e: _Error) -> Diagnostic:
    if e.etype == "date_type" and isinstance(e.value, dt.datetime):
        return e.diag(
            "E204",
            f"{e.name}: {e.got} heeft een tijd; verwacht een datum (JJJJ-MM-DD)",
            "laat de tijd weg",
        )
    if e.etype == "date_type" and not isinstance(e.value, str):
        return _wrong_type(e)
    return e.diag(
        "E204",
        f"{e.name}: {e.got} is geen geldige datum; verwacht JJJJ-MM-DD",
        "schrijf bijvoorbeeld 2024-08-28; is de datum onbekend, laat het veld dan weg en leg "
        "in de toelichting uit waarom",
    )


def _bad_id(e: _Error) -> Diagnostic:
    return e.diag(
        "E205",
        f"{e.name}: {e.got} is geen geldig id",
        "gebruik kleine letters, cijfers en enkele koppeltekens, bijvoorbeeld "
        "'afpakken-zonder-veroordeling'",
    )


def _too_short(e: _Error) -> Diagnostic:
    least = e.ctx.get("min_length", 1)
    if e.etype == "too_short" and isinstance(e.value, list):
        return e.diag(
            "E200",
            f"{e.name} heeft minstens {least} item(s) nodig; er staat er geen",
            e.description or "voeg een item toe",
        )
    if isinstance(e.value, str) and not e.value.strip():
        # An empty placeholder, as `python -m monitor new` writes them.
        what = f": {e.description}" if e.description else ""
        return e.diag("E206", f"{e.name} is leeg", f"vul het in{what}")
    return e.diag("E206", f"{e.name} is te kort (minstens {least} tekens)", "vul de tekst aan")


def _too_long(e: _Error) -> Diagnostic:
    limit = e.ctx.get("max_length", "?")
    length = len(e.value) if isinstance(e.value, str | list) else "?"
    return e.diag(
        "E206",
        f"{e.name} is te lang ({length}; hoogstens {limit})",
        "kort het in; een citaat is alleen het deel dat de bewering bewijst",
    )


def _bad_url(e: _Error) -> Diagnostic:
    return e.diag(
        "E207",
        f"{e.name}: {e.got} is geen webadres",
        "begin het met https://, en neem alleen adressen op die uit de bron volgen",
    )


_BOUNDS = {
    "greater_than_equal": ("ge", "minstens"),
    "greater_than": ("gt", "meer dan"),
    "less_than_equal": ("le", "hoogstens"),
    "less_than": ("lt", "minder dan"),
}


def _out_of_range(e: _Error) -> Diagnostic:
    key, words = _BOUNDS[e.etype]
    return e.diag(
        "E203",
        f"{e.name}: {e.got} valt buiten het bereik ({words} {e.ctx.get(key, '?')})",
        "controleer het getal",
    )


def _invisible(e: _Error) -> Diagnostic:
    hint = "verwijder het; veel editors tonen het als niets (zoek op het codepunt)"
    return e.diag("E209", e.text, hint)


def _own_rule(e: _Error) -> Diagnostic:
    return e.diag(e.etype, e.text, e.description or f"de pagina Foutcodes legt {e.etype} uit")


def _wrong_type(e: _Error) -> Diagnostic:
    expected = _TYPE_NAMES.get(e.etype, e.etype.replace("_", " "))
    what = f" ({e.description})" if e.description else ""
    return e.diag(
        "E202",
        f"{e.name} moet {expected} zijn; gevonden: {_kind_of(e.value)}",
        f"schrijf {expected}{what}",
    )


_HANDLERS: dict[str, Callable[[_Error], Diagnostic]] = {
    "missing": _missing,
    "extra_forbidden": _unknown_field,
    "literal_error": _not_allowed,
    "enum": _not_allowed,
    "string_pattern_mismatch": _bad_id,
    "string_too_short": _too_short,
    "too_short": _too_short,
    "string_too_long": _too_long,
    "too_long": _too_long,
    "url_scheme": _bad_url,
    **dict.fromkeys(_BOUNDS, _out_of_range),
    "E209": _invisible,
}


def _split_expected(expected: str) -> list[str]:
    return [p for p in expected.replace(" or ", ", ").split(", ") if p]


def _sub_model(model: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """The model class that the mapping at `loc` is validated against, if any."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation


def _field_info(model: type[BaseModel], loc: KeyPath) -> Any:
    keys = [p for p in loc if isinstance(p, str)]
    if not keys:
        return None
    parent = _sub_model(model, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    return parent.model_fields.get(keys[-1]) if parent else None


def _allowed_fields(model: type[BaseModel], loc: KeyPath) -> list[str]:
    sub = _sub_model(model, loc)
    return list(sub.model_fields) if sub else []


def _dotted(loc: KeyPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value[:60]}{'…' if len(value) > 60 else ''}'"
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    return _kind_of(value)


def _kind_of(value: Any) -> str:
    if value is None:
        return "niets (een lege waarde)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (waar/onwaar)"
    if isinstance(value, dict):
        return "velden (sleutel: waarde)"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, int | float):
        return f"het getal {value}"
    if isinstance(value, dt.datetime):
        return "een datum met tijd"
    if isinstance(value, dt.date):
        return "een datum"
    if isinstance(value, str):
        return f"de tekst '{value[:40]}'"
    return type(value).__name__


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


# --- across records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    path: str
    keypath: KeyPath
    target: str  # attribute of Dataset: documents, measures, themes, …
    value: str
    owner_kind: str = ""  # record kind for status references
    choices: tuple[str, ...] = ()  # for a status reference: the statuses this record may have


def _iter_refs(ds: Dataset) -> Iterator[_Ref]:
    for group, record_id, keypath, cit in ds.citations():
        yield _Ref(ds.path_of(group, record_id), (*keypath, "document"), "documents", cit.document)
    for doc in ds.documents.values():
        for i, actor in enumerate(doc.actors):
            yield _Ref(ds.path_of("documents", doc.id), ("actors", i), "actors", actor)
    for group, records in ds.tracked_groups():
        for rec in records:
            path = ds.path_of(group, rec.id)
            kind = RECORD_KIND[type(rec)]
            allowed = tuple(s.id for s in ds.statuses_for(rec))
            for i, entry in enumerate(rec.status_history):
                keypath = ("status_history", i, "status")
                yield _Ref(path, keypath, "statuses", entry.status, kind, allowed)
            for key, target in (
                ("themes", "themes"),
                ("subjects", "subjects"),
                ("actors", "actors"),
                ("related_measures", "measures"),
                ("measures", "measures"),
                ("fulfilled_by", "documents"),
            ):
                for i, value in enumerate(getattr(rec, key, ()) or ()):
                    yield _Ref(path, (key, i), target, value)
            parent = getattr(rec, "parent", None)
            if parent:
                yield _Ref(path, ("parent",), "measures", parent)
    for doc_id in ds.coverage:
        path, at = ds.path_of(COVERAGE_FILE, doc_id), ds.keypath_of(COVERAGE_FILE, doc_id)
        yield _Ref(path, (*at, "document"), "documents", doc_id)
    for status in ds.statuses.values():
        if status.public:
            path = ds.path_of("statuses.yaml", status.id)
            at = ds.keypath_of("statuses.yaml", status.id)
            yield _Ref(path, (*at, "public"), "statuses", status.public)
    for theme in ds.themes.values():
        path, at = ds.path_of("themes.yaml", theme.id), ds.keypath_of("themes.yaml", theme.id)
        if theme.document:
            yield _Ref(path, (*at, "document"), "documents", theme.document)
        if theme.parent:
            yield _Ref(path, (*at, "parent"), "themes", theme.parent)


_TARGET_LABEL = {
    "documents": ("onbekend document", "data/documents/"),
    "measures": ("onbekende maatregel", "data/measures/"),
    "themes": ("onbekend thema", "data/themes.yaml"),
    "subjects": ("onbekend onderwerp", "data/subjects.yaml"),
    "actors": ("onbekende actor", "data/actors.yaml"),
    "statuses": ("onbekende status", "data/statuses.yaml"),
}
_KIND_LABEL = {"measure": "maatregel", "motion": "motie", "commitment": "toezegging"}


def _check_references(v: Validated) -> list[Diagnostic]:
    ds = v.records
    diags: list[Diagnostic] = []
    for ref in (*_iter_refs(ds), *_iter_refs(v.partial)):
        table: dict[str, Any] = getattr(ds, ref.target)
        label, where = _TARGET_LABEL[ref.target]
        if ref.value not in table:
            if (ref.target, ref.value) in v.present or (ref.target, "*") in v.present:
                continue  # the record exists but has errors of its own, reported there
            # For a status: those of this record's kind (and kind of measure), so the list stays
            # short enough to show.
            choices: list[str] = list(table)
            if ref.target == "statuses":
                choices = list(ref.choices) or _statuses_for(ds, ref.owner_kind)
            # Subjects are few and chosen by hand: always list them all.
            limit = len(choices) if ref.target == "subjects" else SMALL_SET
            hint = join_hints(choose_from(choices, limit), did_you_mean(ref.value, choices))
            hint = hint or f"verbeter de spelling, of voeg het toe aan {where}"
            loc = v.locate(ref.path, ref.keypath)
            diags.append(Diagnostic("E302", f"{label} '{ref.value}'", loc, hint))
            continue
        if (
            ref.target == "statuses"
            and ref.owner_kind
            and ref.owner_kind not in table[ref.value].applies_to
        ):
            kind = _KIND_LABEL.get(ref.owner_kind, ref.owner_kind)
            diags.append(
                Diagnostic(
                    "E303",
                    f"status '{ref.value}' geldt niet voor een {kind}",
                    v.locate(ref.path, ref.keypath),
                    choose_from(list(ref.choices) or _statuses_for(ds, ref.owner_kind)),
                )
            )
        if ref.target == "documents" and ref.keypath[-1] == "document":
            doc: Document = table[ref.value]
            if doc.source_text is None:
                diags.append(
                    Diagnostic(
                        "E304",
                        f"een citaat kan niet uit '{ref.value}' komen: dat is een {doc.kind} "
                        "zonder brontekst",
                        v.locate(ref.path, ref.keypath),
                        "citeer het document waarin de passage staat",
                    )
                )
    diags.extend(_check_parents(v))
    diags.extend(_check_history_order(v))
    diags.extend(_check_former_ids(v))
    diags.extend(_check_one_fact_one_record(v))
    diags.extend(_check_lifecycles(v))
    return diags


def _statuses_for(ds: Dataset, kind: str) -> list[str]:
    """The statuses a record of this kind can have, in the order of data/statuses.yaml."""
    return [s.id for s in ds.statuses.values() if kind in s.applies_to]


def _check_parents(v: Validated) -> list[Diagnostic]:
    ds = v.records
    diags = []
    for m in ds.measures.values():
        seen, current = {m.id}, m.parent
        while current and current in ds.measures:
            if current in seen:
                diags.append(
                    Diagnostic(
                        "E305",
                        f"de keten van 'parent' van '{m.id}' komt terug bij '{current}'",
                        v.locate(ds.paths[("measures", m.id)], ("parent",)),
                        "een maatregel kan geen onderdeel van zichzelf zijn; controleer 'parent'",
                    )
                )
                break
            seen.add(current)
            current = ds.measures[current].parent
    return diags


def _check_history_order(v: Validated) -> list[Diagnostic]:
    ds = v.records
    diags = []
    for source, folder in itertools.product(
        (ds, v.partial), ("measures", "motions", "commitments")
    ):
        for rec in getattr(source, folder).values():
            previous = None
            for i, entry in enumerate(rec.status_history):
                doc = ds.documents.get(entry.document)
                if doc is None:
                    break  # reported as E302
                if previous is not None and doc.sort_key < previous.sort_key:
                    diags.append(
                        Diagnostic(
                            "E306",
                            f"status_history[{i}] citeert '{doc.id}' ({doc.display_date}), "
                            f"ouder dan '{previous.id}' ({previous.display_date}) ervoor",
                            v.locate(source.paths[(folder, rec.id)], ("status_history", i)),
                            "zet de items in volgorde, van het oudste naar het nieuwste document",
                        )
                    )
                previous = doc
    return diags


def _check_former_ids(v: Validated) -> list[Diagnostic]:
    """A former id keeps its old URL as a redirect, so it must not be a live id of the same kind
    (that page would win) nor be claimed by two records (which one would it lead to?)."""
    ds = v.records
    diags = []
    for folder, records in ds.tracked_groups():
        live = set(v.records_ids(folder))
        claimed: dict[str, str] = {}
        for rec in sorted(records, key=lambda r: ds.paths[(folder, r.id)]):
            for i, former in enumerate(rec.former_ids):
                loc = v.locate(ds.paths[(folder, rec.id)], ("former_ids", i))
                if former in live:
                    kind = _KIND_LABEL.get(folder[:-1], folder[:-1])
                    who = "dit record" if former == rec.id else f"de {kind} '{former}'"
                    diags.append(
                        Diagnostic(
                            "E307",
                            f"vroeger id '{former}' is het id van {who}",
                            loc,
                            "een id in gebruik kan niet doorverwijzen; haal het uit 'former_ids'",
                        )
                    )
                elif former in claimed:
                    diags.append(
                        Diagnostic(
                            "E307",
                            f"vroeger id '{former}' staat ook bij '{claimed[former]}'",
                            loc,
                            "een oud adres kan maar naar één record leiden; laat het staan bij "
                            "het record dat dat id had",
                        )
                    )
                else:
                    claimed[former] = rec.id
    return diags


def _check_one_fact_one_record(v: Validated) -> list[Diagnostic]:
    """Two records of one kind on the identical source quote count one announcement twice,
    unless one is part of the other (`parent`): each record quotes the part naming its own thing."""
    ds = v.records
    diags = []
    for folder, records in ds.tracked_groups():
        seen: dict[tuple[str, str], list[str]] = {}
        for rec in sorted(records, key=lambda r: ds.paths[(folder, r.id)]):
            key = (rec.source.document, normalize_text(rec.source.quote))
            parent = getattr(rec, "parent", None)
            for other in seen.get(key, []):
                if parent == other or getattr(ds.measures.get(other), "parent", None) == rec.id:
                    continue
                diags.append(
                    Diagnostic(
                        "E308",
                        f"'{rec.id}' en '{other}' ({_KIND_PLURAL[folder]}) hebben hetzelfde "
                        f"citaat als bron: één aankondiging telt zo twee keer",
                        v.locate(ds.paths[(folder, rec.id)], ("source", "quote")),
                        "laat elk record alleen het deel citeren dat zijn eigen onderwerp noemt; "
                        "voeg twee records over één ding samen (het oude id onder 'former_ids'); "
                        "of maak het ene een onderdeel van het andere met 'parent'",
                    )
                )
                break
            seen.setdefault(key, []).append(rec.id)
    return diags


_KIND_PLURAL = {"measures": "maatregelen", "motions": "moties", "commitments": "toezeggingen"}


def _check_lifecycles(v: Validated) -> list[Diagnostic]:
    """A lifecycle step fits its kind of measure ('ondertekend' is for a treaty, not a bill), and
    a step counts as a general status, not as another step."""
    ds = v.records
    diags = []
    for status in ds.statuses.values():
        target = ds.statuses.get(status.public or "")
        if target is not None and target.public:
            diags.append(
                Diagnostic(
                    "E303",
                    f"status '{status.id}' telt mee als '{target.id}', maar dat is zelf een "
                    f"stap die meetelt als '{target.public}'",
                    v.locate(
                        ds.path_of("statuses.yaml", status.id),
                        (*ds.keypath_of("statuses.yaml", status.id), "public"),
                    ),
                    "kies bij 'public' een algemene status (een status zonder 'public')",
                )
            )
    for m in ds.measures.values():
        for i, entry in enumerate(m.status_history):
            step = ds.statuses.get(entry.status)
            if step is None or not step.kinds or m.kind in step.kinds:
                continue
            allowed = [s.id for s in ds.statuses_for(m)]
            kinds = ", ".join(f"'{k}'" for k in step.kinds)
            diags.append(
                Diagnostic(
                    "E303",
                    f"status '{entry.status}' is alleen voor maatregelen van de soort {kinds}; "
                    f"deze maatregel is van de soort '{m.kind}'",
                    v.locate(ds.path_of("measures", m.id), ("status_history", i, "status")),
                    f"kies voor '{m.kind}' uit {', '.join(allowed)}; of pas 'kind' aan als de "
                    "soort niet klopt",
                )
            )
    return diags
