"""Validate: turn loaded files into a `Dataset`, reporting every problem in one run.

Per record: the pydantic models of `model` check shape, types and allowed values; their errors are
translated into diagnostics with the line and column of the offending key or value. Across
records: ids match file names and are unique, every reference resolves, statuses fit the record
kind, citations point at documents with a source text, histories run in date order. Nothing here
stops at the first error, and nothing here reads files (positions come through `SourceFile`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .bulk import without_gc_pauses
from .coverage import check_coverage_file
from .diagnostics import Diagnostic, Location, did_you_mean, expected_one_of
from .load import STORE_DIR, KeyPath, ParseCache, ParsedStore, SourceFile, load_files
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
    "actors.yaml": "actors",
    "glossary.yaml": "glossary",
    COVERAGE_FILE: "coverage",
}


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
    store: bool = True,
) -> Validated:
    """Load and validate everything under `data_dir`; with `sources_dir`, also check every quote
    against the source texts. The one entry point for the command line and the site build
    (`cache`: see `load_files`; `store`: keep parsed files under the root's .cache/monitor/)."""
    root = root or data_dir.parent
    parsed_store = ParsedStore(root / STORE_DIR) if store else None
    loaded = load_files(data_dir, root, cache, parsed_store)
    prefix = data_dir.resolve().relative_to(root.resolve()).as_posix() + "/"
    broken = set()
    for diag in loaded.diagnostics:
        group = classify(diag.location.path, prefix)
        if group is not None:
            stem = "*" if group in VOCABULARY_FILES else _stem(diag.location.path)
            broken.add((_ATTR[group], stem))
    validated = validate_files(loaded.files, data_prefix=prefix, broken=broken)
    validated.diagnostics = sorted(
        validated.diagnostics + loaded.diagnostics, key=Diagnostic.sort_key
    )
    if sources_dir is not None:
        quote_diags = check_quotes(validated.records, sources_dir, validated.locate)
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
) -> Validated:
    """Validate parsed files. `broken` names records whose files did not even parse."""
    dataset = Dataset()
    diagnostics: list[Diagnostic] = []
    by_path = {f.path: f for f in files}
    present: set[tuple[str, str]] = set(broken or ())
    for file in by_path.values():
        group = classify(file.path, data_prefix)
        if group is None:
            diagnostics.append(
                Diagnostic(
                    "E106",
                    f"unexpected file '{file.path}'",
                    Location(file.path),
                    "records go in data/documents, data/measures, data/motions or "
                    "data/commitments; "
                    "vocabularies are data/statuses.yaml, themes.yaml, actors.yaml, glossary.yaml",
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
            diags = _validate_record(file, group, dataset)
            present.add((_ATTR[group], _stem(file.path)))
        diagnostics.extend(diags)
    validated = Validated(dataset, diagnostics, by_path, present)
    diagnostics.extend(_check_references(validated))
    validated.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    return validated


def _validate_record(file: SourceFile, folder: str, dataset: Dataset) -> list[Diagnostic]:
    # A file kept from an earlier run (load's cache in `mkdocs serve`) has the same text, so the
    # same outcome: only the dataset is new.
    if file.validated is None or file.validated[0] != folder:
        file.validated = (folder, *_check_record(file, folder))
    _, record, diags = file.validated
    if record is not None:
        getattr(dataset, _ATTR[folder])[record.id] = record
        dataset.paths[(folder, record.id)] = file.path
    return list(diags)


def _check_record(file: SourceFile, folder: str) -> tuple[Any, list[Diagnostic]]:
    model = RECORD_FOLDERS[folder]
    if not isinstance(file.data, dict):
        return None, [
            Diagnostic(
                "E105",
                f"a record must be a mapping of fields; got {_kind_of(file.data)}",
                file.locate(),
                f"start the file with 'id: {_stem(file.path)}' and the other fields",
            )
        ]
    stem = _stem(file.path)
    raw_id = file.data.get("id")
    diags = []
    if isinstance(raw_id, str) and raw_id != stem:
        diags.append(
            Diagnostic(
                "E300",
                f"id '{raw_id}' does not match the file name '{stem}.yaml'",
                file.locate(("id",)),
                f"rename the file to '{raw_id}.yaml' or set 'id: {stem}'",
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
                    f"document '{item.document}' appears twice in {COVERAGE_FILE}",
                    file.locate((i, "document")),
                    "merge the two items",
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
                f"a vocabulary file must be a list of items; got {_kind_of(file.data)}",
                file.locate(),
                "start each item with '- id: …'",
            )
        ]
    diags: list[Diagnostic] = []
    table: dict[str, Any] = getattr(dataset, _ATTR[name])
    for i, raw in enumerate(file.data):
        if not isinstance(raw, dict):
            diags.append(
                Diagnostic(
                    "E105",
                    f"item {i + 1} must be a mapping of fields; got {_kind_of(raw)}",
                    file.locate((i,)),
                    "start each item with '- id: …'",
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
                    f"duplicate id '{item.id}' in {name}",  # type: ignore[attr-defined]
                    file.locate((i, "id")),
                    "give one of the two another id",
                )
            )
            continue
        table[item.id] = item  # type: ignore[attr-defined]
        dataset.paths[(name, item.id)] = file.path  # type: ignore[attr-defined]
        dataset.item_index[(name, item.id)] = i  # type: ignore[attr-defined]
    return diags


# --- pydantic errors → diagnostics --------------------------------------------------------------

_TYPE_NAMES = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "date_type": "a date",
}


def _translate(
    err: Any, file: SourceFile, model: type[BaseModel], prefix: KeyPath = ()
) -> Diagnostic:
    etype: str = err["type"]
    loc: KeyPath = tuple(err["loc"])
    ctx: dict[str, Any] = err.get("ctx") or {}
    name = _dotted(loc) or "record"
    value = err.get("input")
    got = _show(value)
    where = file.locate((*prefix, *loc))
    field_info = _field_info(model, loc)
    description = field_info.description if field_info is not None else None

    if etype == "missing":
        hint = f"add '{loc[-1]}:'" + (f" ({description})" if description else "")
        return Diagnostic("E200", f"required field '{name}' is missing", where, hint)
    if etype == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = did_you_mean(loc[-1], allowed) or f"allowed fields here: {', '.join(allowed)}"
        return Diagnostic(
            "E201", f"unknown field '{name}'", file.locate((*prefix, *loc), key=True), hint
        )
    if etype in ("literal_error", "enum"):
        choices = [c.strip(" '") for c in _split_expected(ctx.get("expected", ""))]
        hint = did_you_mean(value, choices)
        msg = f"{name}: {got} is not allowed; {expected_one_of(choices)}"
        return Diagnostic("E203", msg, where, hint or "choose one of the listed values")
    if (etype.startswith(("date_", "datetime_")) and etype != "date_type") or (
        etype == "date_type" and isinstance(value, str)
    ):
        return Diagnostic(
            "E204",
            f"{name}: {got} is not a valid date; expected YYYY-MM-DD",
            where,
            "write e.g. 2024-08-28; if the date is unknown, leave the "
            "field out and explain why in the note",
        )
    if etype == "date_type" and isinstance(value, dt.datetime):
        return Diagnostic(
            "E204",
            f"{name}: {got} has a time; expected a date (YYYY-MM-DD)",
            where,
            "remove the time",
        )
    if etype == "string_pattern_mismatch":
        return Diagnostic(
            "E205",
            f"{name}: {got} is not a valid id",
            where,
            "use lowercase letters, digits and single hyphens, e.g. 'afpakken-zonder-veroordeling'",
        )
    if etype in ("string_too_short", "too_short"):
        if etype == "too_short" and isinstance(value, list):
            return Diagnostic(
                "E200",
                f"{name} needs at least {ctx.get('min_length', 1)} item(s); got none",
                where,
                description or "add an item",
            )
        if isinstance(value, str) and not value.strip():
            # An empty placeholder, as `python -m monitor new` writes them.
            return Diagnostic(
                "E206",
                f"{name} is empty",
                where,
                "fill it in" + (f": {description}" if description else ""),
            )
        return Diagnostic(
            "E206",
            f"{name} is too short (at least {ctx.get('min_length', 1)} characters)",
            where,
            "fill in the text",
        )
    if etype in ("string_too_long", "too_long"):
        limit = ctx.get("max_length", "?")
        length = len(value) if isinstance(value, str | list) else "?"
        return Diagnostic(
            "E206",
            f"{name} is too long ({length}; at most {limit})",
            where,
            "shorten it; a quote should be just the part that proves the claim",
        )
    if etype == "url_scheme":
        return Diagnostic(
            "E207",
            f"{name}: {got} is not a web address",
            where,
            "start it with https://, and only use addresses that follow from the source",
        )
    if etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return Diagnostic(
            "E203",
            f"{name}: {got} is out of range ({err['msg'].lower()})",
            where,
            "check the number",
        )
    if etype == "E209":
        hint = "delete it; many editors show it as nothing at all (search for the code point)"
        return Diagnostic(etype, err["msg"], where, hint)
    if etype.startswith("E"):  # our own model rules raise their code as the error type
        hint = description or f"the page Foutcodes explains {etype} and how to fix it"
        return Diagnostic(etype, err["msg"], where, hint)
    expected = _TYPE_NAMES.get(etype, etype.replace("_", " "))
    return Diagnostic(
        "E202",
        f"{name} must be {expected}; got {_kind_of(value)}",
        where,
        f"write {expected}" + (f" ({description})" if description else ""),
    )


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
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return "a date with a time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
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
            for i, entry in enumerate(rec.status_history):
                yield _Ref(path, ("status_history", i, "status"), "statuses", entry.status, kind)
            for key, target in (
                ("themes", "themes"),
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
    "documents": ("document", "data/documents/"),
    "measures": ("measure", "data/measures/"),
    "themes": ("theme", "data/themes.yaml"),
    "actors": ("actor", "data/actors.yaml"),
    "statuses": ("status", "data/statuses.yaml"),
}


def _check_references(v: Validated) -> list[Diagnostic]:
    ds = v.records
    diags: list[Diagnostic] = []
    for ref in _iter_refs(ds):
        table: dict[str, Any] = getattr(ds, ref.target)
        label, where = _TARGET_LABEL[ref.target]
        if ref.value not in table:
            if (ref.target, ref.value) in v.present or (ref.target, "*") in v.present:
                continue  # the record exists but has errors of its own, reported there
            hint = did_you_mean(ref.value, table) or f"add it to {where} or fix the spelling"
            loc = v.locate(ref.path, ref.keypath)
            diags.append(Diagnostic("E302", f"unknown {label} '{ref.value}'", loc, hint))
            continue
        if (
            ref.target == "statuses"
            and ref.owner_kind
            and ref.owner_kind not in table[ref.value].applies_to
        ):
            allowed = [s.id for s in ds.statuses.values() if ref.owner_kind in s.applies_to]
            diags.append(
                Diagnostic(
                    "E303",
                    f"status '{ref.value}' does not apply to a {ref.owner_kind}",
                    v.locate(ref.path, ref.keypath),
                    expected_one_of(allowed),
                )
            )
        if ref.target == "documents" and ref.keypath[-1] == "document":
            doc: Document = table[ref.value]
            if doc.source_text is None:
                diags.append(
                    Diagnostic(
                        "E304",
                        f"quotes cannot come from '{ref.value}': it is a {doc.kind} "
                        "without source text",
                        v.locate(ref.path, ref.keypath),
                        "quote the document in which the passage stands",
                    )
                )
    diags.extend(_check_parents(v))
    diags.extend(_check_history_order(v))
    diags.extend(_check_former_ids(v))
    diags.extend(_check_one_fact_one_record(v))
    diags.extend(_check_lifecycles(v))
    return diags


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
                        f"parent chain of '{m.id}' comes back to '{current}'",
                        v.locate(ds.paths[("measures", m.id)], ("parent",)),
                        "a measure cannot be part of itself; check 'parent'",
                    )
                )
                break
            seen.add(current)
            current = ds.measures[current].parent
    return diags


def _check_history_order(v: Validated) -> list[Diagnostic]:
    ds = v.records
    diags = []
    for folder, records in (
        ("measures", ds.measures),
        ("motions", ds.motions),
        ("commitments", ds.commitments),
    ):
        for rec in records.values():
            previous = None
            for i, entry in enumerate(rec.status_history):
                doc = ds.documents.get(entry.document)
                if doc is None:
                    break  # reported as E302
                if previous is not None and doc.sort_key < previous.sort_key:
                    diags.append(
                        Diagnostic(
                            "E306",
                            f"status_history[{i}] cites '{doc.id}' ({doc.display_date}), "
                            f"older than '{previous.id}' ({previous.display_date}) before it",
                            v.locate(ds.paths[(folder, rec.id)], ("status_history", i)),
                            "order the entries from oldest to newest document",
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
                    who = "this record" if former == rec.id else f"the {folder[:-1]} '{former}'"
                    diags.append(
                        Diagnostic(
                            "E307",
                            f"former id '{former}' is the id of {who}",
                            loc,
                            "a live id cannot redirect; remove it from 'former_ids'",
                        )
                    )
                elif former in claimed:
                    diags.append(
                        Diagnostic(
                            "E307",
                            f"former id '{former}' is also claimed by '{claimed[former]}'",
                            loc,
                            "an old address can lead to one record only; keep it on the record "
                            "that had the id",
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
