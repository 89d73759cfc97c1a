"""Open data: the dataset as JSON and CSV downloads, the JSON Schemas, Atom feeds of status
changes, and redirect pages for renamed records, as pure functions from the dataset to bytes.

Every output is deterministic: records sorted by id, JSON keys sorted, feed entries dated by
their source documents and the feed's <updated> taken from the data, never from the clock. A
status entry whose document has no exact date cannot be dated without guessing, so it stays out
of the feeds (the open-data page says how many). Feed and entry ids are `urn:uuid:` names derived
from the record, document and status (RFC 4287 uses this form), so they stay the same wherever
the site is published; links are absolute only when the site's address (`site_url`) is known,
else relative to the feed. This module reads no files and knows nothing of MkDocs.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import posixpath
import re
import types
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from .model import RECORD_FOLDERS, VOCABULARY_FILES, Dataset, Strict, Tracked
from .pages import page_path
from .schema import json_schemas

FOLDER = "open-data"
FEED_FOLDER = f"{FOLDER}/feeds"
ALL_FEED = f"{FEED_FOLDER}/statuswijzigingen.xml"
ATOM = "http://www.w3.org/2005/Atom"
# A fixed namespace for this monitor's uuid5 names; changing it changes every feed id.
NAMESPACE = uuid.UUID("e9e8b324-6003-421c-b11e-1218448778c4")

# Dataset attribute → (file stem, Dutch description, page kind or None). Order is the page's.
KINDS: list[tuple[str, str, str | None]] = [
    ("measures", "Maatregelen", "measure"),
    ("motions", "Moties en verzoeken", "motion"),
    ("commitments", "Toezeggingen", "commitment"),
    ("documents", "Documenten", "document"),
    ("themes", "Thema's", "theme"),
    ("actors", "Actoren", "actor"),
    ("statuses", "Statussen", None),
    ("glossary", "Begrippen", None),
]
_KIND_OF_GROUP = {"measures": "measure", "motions": "motion", "commitments": "commitment"}
_KIND_LABEL = {"measure": "Maatregel", "motion": "Motie of verzoek", "commitment": "Toezegging"}
# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Download:
    path: str  # in the site, e.g. "open-data/measures.json"
    content: bytes
    format: str  # JSON, CSV, JSON Schema, Atom
    title: str  # Dutch
    records: int  # records (or feed entries) in the file


@dataclass(frozen=True)
class Site:
    """What the outputs need to know about where they are published."""

    name: str
    url: str | None = None  # site_url; None: links stay relative
    use_directory_urls: bool = True

    def page_url(self, src_path: str) -> str:
        """The URL path of a page from its src path, as MkDocs makes it."""
        stem = src_path.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/" if self.use_directory_urls else f"{stem}.html"

    def link(self, url_path: str, from_file: str) -> str:
        """Absolute with a known site URL, else relative to the file `from_file`."""
        if self.url:
            return self.url.rstrip("/") + "/" + url_path
        return relative_url(url_path, from_file)


def relative_url(target: str, from_file: str) -> str:
    """`target` (a URL path from the site root) as seen from the file at `from_file`."""
    base = posixpath.dirname(from_file) or "."
    rel = posixpath.relpath(target or ".", base)
    if rel == ".":
        return "./"
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


# --- JSON and CSV -------------------------------------------------------------------------------


def records_of(ds: Dataset, attr: str) -> list[Strict]:
    table: dict[str, Strict] = getattr(ds, attr)
    return [table[key] for key in sorted(table)]


def to_json(records: Iterable[BaseModel]) -> bytes:
    rows = [r.model_dump(mode="json") for r in records]
    return (json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _unwrap(options[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


Column = tuple[str, Callable[[Any], Any]]


def csv_columns(model: type[BaseModel], prefix: str = "") -> list[Column]:
    """One column per scalar field; a nested record's fields get a dotted name (source.quote);
    a list of ids is joined with '; '; a list of nested records is one JSON cell."""
    columns: list[Column] = []
    for name, info in model.model_fields.items():
        annotation = _unwrap(info.annotation)

        def get(record: Any, name: str = name) -> Any:
            return None if record is None else getattr(record, name)

        if _is_model(annotation):
            for sub, sub_get in csv_columns(annotation, f"{prefix}{name}."):
                columns.append((sub, _compose(sub_get, get)))
        else:
            columns.append((f"{prefix}{name}", get))
    return columns


def _compose(outer: Callable[[Any], Any], inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda record: outer(inner(record))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        if any(isinstance(v, BaseModel) for v in value):
            dumped = [v.model_dump(mode="json") for v in value]
            return json.dumps(dumped, ensure_ascii=False, sort_keys=True)
        return "; ".join(_cell(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(model: type[BaseModel], records: Iterable[BaseModel], ds: Dataset) -> bytes:
    """RFC 4180 CSV, UTF-8 with a byte-order mark so that spreadsheet programs read the accents;
    tracked records get a `current_status` column."""
    columns = csv_columns(model)
    tracked = "status_history" in model.model_fields
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns] + (["current_status"] if tracked else []))
    for record in records:
        row = [_cell(get(record)) for _, get in columns]
        if tracked:
            row.append(record.status_history[-1].status)  # type: ignore[attr-defined]
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


# --- Atom feeds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    kind: str
    record: Tracked
    index: int  # position in the record's status history
    date: dt.date

    @property
    def entry(self) -> Any:
        return self.record.status_history[self.index]


def status_entries(
    ds: Dataset, records: Iterable[tuple[str, Tracked]]
) -> tuple[list[FeedEntry], int]:
    """Dated status entries of `records`, newest first, and how many were left out undated."""
    entries, undated = [], 0
    for kind, rec in records:
        for i, e in enumerate(rec.status_history):
            date = ds.documents[e.document].date
            if date is None:
                undated += 1
            else:
                entries.append(FeedEntry(kind, rec, i, date))
    order = {"measure": 0, "motion": 1, "commitment": 2}
    entries.sort(key=lambda f: (-f.date.toordinal(), order[f.kind], f.record.id, f.index))
    return entries, undated


def tracked_records(ds: Dataset, theme: str | None = None) -> list[tuple[str, Tracked]]:
    out = []
    for group, records in ds.tracked_groups():
        for rec in sorted(records, key=lambda r: r.id):
            if theme is None or theme in rec.themes:
                out.append((_KIND_OF_GROUP[group], rec))
    return out


def _xml_text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _sub(parent: ET.Element, tag: str, text: object | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _xml_text(text)
    return el


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def atom_feed(
    ds: Dataset,
    site: Site,
    path: str,
    title: str,
    entries: list[FeedEntry],
    alternate: str,
) -> bytes:
    """An Atom 1.0 feed at site path `path`; `alternate` is the src path of the page it is about.
    The caller makes sure `entries` is not empty: <updated> is the newest entry's date."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nl"})
    _sub(feed, "title", title)
    _sub(feed, "id", _urn(f"feed:{path}"))
    _sub(feed, "updated", _stamp(max(e.date for e in entries)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=site.link(path, path))
    _sub(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=site.link(site.page_url(alternate), path),
    )
    author = _sub(feed, "author")
    _sub(author, "name", site.name)
    for fe in entries:
        e = fe.entry
        doc = ds.documents[e.document]
        label = ds.statuses[e.status].label
        item = _sub(feed, "entry")
        _sub(item, "title", f"{fe.record.title}: {label}")
        _sub(
            item, "id", _urn(f"status:{fe.kind}/{fe.record.id}/{e.document}/{e.status}/{fe.index}")
        )
        _sub(item, "updated", _stamp(fe.date))
        _sub(item, "published", _stamp(fe.date))
        url = site.page_url(page_path(fe.kind, fe.record.id))
        _sub(item, "link", rel="alternate", type="text/html", href=site.link(url, path))
        _sub(item, "category", term=e.status, label=label)
        summary = (
            f"{_KIND_LABEL[fe.kind]} '{fe.record.title}': {label.lower()} volgens "
            f"'{doc.title}' ({doc.display_date}), {e.section}: \u201c{e.quote}\u201d"
        )
        if e.note:
            summary += f" Toelichting van de redactie: {e.note}"
        _sub(item, "summary", summary, type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def theme_feed_path(theme_id: str) -> str:
    return f"{FEED_FOLDER}/thema-{theme_id}.xml"


# --- everything together ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenData:
    downloads: list[Download]
    undated_entries: int  # status entries left out of the feeds for want of a date


def build_open_data(ds: Dataset, site: Site) -> OpenData:
    """Every download, in the order the open-data page lists them."""
    models: dict[str, type[Strict]] = dict(RECORD_FOLDERS)
    models.update({name.removesuffix(".yaml"): m for name, m in VOCABULARY_FILES.items()})
    downloads: list[Download] = []
    for attr, title, _kind in KINDS:
        records = records_of(ds, attr)
        model = models[attr]
        downloads.append(
            Download(f"{FOLDER}/{attr}.json", to_json(records), "JSON", title, len(records))
        )
        downloads.append(
            Download(f"{FOLDER}/{attr}.csv", to_csv(model, records, ds), "CSV", title, len(records))
        )
    for name, text in sorted(json_schemas().items()):
        downloads.append(Download(f"{FOLDER}/schema/{name}", text.encode(), "JSON Schema", name, 0))
    entries, undated = status_entries(ds, tracked_records(ds))
    if entries:
        downloads.append(
            Download(
                ALL_FEED,
                atom_feed(
                    ds,
                    site,
                    ALL_FEED,
                    f"Statuswijzigingen \u2014 {site.name}",
                    entries,
                    f"{FOLDER}/index.md",
                ),
                "Atom",
                "Alle statuswijzigingen",
                len(entries),
            )
        )
    for theme in sorted(ds.themes.values(), key=lambda t: t.id):
        theme_entries, _ = status_entries(ds, tracked_records(ds, theme.id))
        if not theme_entries:
            continue
        path = theme_feed_path(theme.id)
        feed = atom_feed(
            ds,
            site,
            path,
            f"Statuswijzigingen, thema {theme.label} \u2014 {site.name}",
            theme_entries,
            page_path("theme", theme.id),
        )
        downloads.append(Download(path, feed, "Atom", f"Thema: {theme.label}", len(theme_entries)))
    return OpenData(downloads, undated)


# --- redirects for renamed records -------------------------------------------------------------


def build_redirects(ds: Dataset, site: Site) -> dict[str, bytes]:
    """`{site file: HTML}`: at each former id's address, a page that sends the reader on to the
    record's page: a meta refresh (no JavaScript), a canonical link and a visible Dutch link."""
    out: dict[str, bytes] = {}
    for group, records in ds.tracked_groups():
        kind = _KIND_OF_GROUP[group]
        for rec in sorted(records, key=lambda r: r.id):
            new_url = site.page_url(page_path(kind, rec.id))
            for former in rec.former_ids:
                old_url = site.page_url(page_path(kind, former))
                file = old_url + "index.html" if old_url.endswith("/") else old_url
                href = html.escape(site.link(new_url, file), quote=True)
                title = html.escape(rec.title, quote=False)
                out[file] = (
                    "<!doctype html>\n"
                    '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
                    f"<title>Verplaatst: {title}</title>\n"
                    f'<link rel="canonical" href="{href}">\n'
                    f'<meta http-equiv="refresh" content="0; url={href}">\n'
                    '<meta name="robots" content="noindex">\n</head>\n<body>\n'
                    f'<p>Deze pagina heeft een nieuw adres: <a href="{href}">{title}</a>.</p>\n'
                    "</body>\n</html>\n"
                ).encode()
    return out
