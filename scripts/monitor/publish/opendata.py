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
import functools
import html
import io
import json
import posixpath
import re
import types
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Union, get_args, get_origin

import orjson
from pydantic import BaseModel

from ..bulk import without_gc_pauses
from ..data.model import RECORD_FOLDERS, VOCABULARY_FILES, Dataset, Strict, Tracked
from ..data.schema import json_schemas
from ..site.pages import page_path

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
    ("subjects", "Onderwerpen", "subject"),
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
    # A feed only: the src path of the page it follows (announced in that page's <head>), and its
    # name for a feed reader.
    about: str = ""
    heading: str = ""


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
    """`target` (a URL path from the site root) as seen from the file at `from_file`.

    posixpath.relpath is slow (77,000 links at 10,000 records took 2.4 s), and records sit side
    by side in a few folders: so the folder part is worked out once per pair of folders and the
    last part appended, except when the file lies inside the target, where relpath shortens."""
    base = posixpath.dirname(from_file) or "."
    cut = target.rfind("/", 0, max(len(target) - 1, 0)) + 1
    folder, last = target[:cut], target[cut:]
    if (base + "/").startswith(folder + last.rstrip("/") + "/"):
        return _relative_url(target, base)
    rel = _relative_url(folder, base)
    if rel == "./":
        return last or rel
    return rel + last


@functools.lru_cache(maxsize=1024)
def _relative_url(target: str, base: str) -> str:
    rel = posixpath.relpath(target or ".", base)
    if rel == ".":
        return "./"
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


# --- the cache of serialised pieces ------------------------------------------------------------


@dataclass
class OpenDataCache:
    """Serialised pieces of the previous build, for a caller that builds again (`mkdocs serve`),
    so that a rebuild after a one-file edit serialises only what the edit changed.

    A record's JSON object and CSV row are kept by its kind and id, and used only for the very
    same record object: records are frozen, and validation hands back the same object for a file
    whose text did not change (`validate.ValidatedMemo`), so an edited record is serialised
    again and an unchanged one never is. A feed entry
    shows text from other records too (a document's title and date, a status's label), so it is
    kept by everything it shows. Only the pieces of the latest build are kept."""

    records: dict[tuple[str, str], tuple[Strict, str, str]] = field(default_factory=dict)
    entries: dict[tuple[Any, ...], str] = field(default_factory=dict)
    made: int = 0  # pieces serialised (not taken from the cache) by the latest build


# --- JSON and CSV -------------------------------------------------------------------------------


def records_of(ds: Dataset, attr: str) -> list[Strict]:
    table: dict[str, Strict] = getattr(ds, attr)
    return [table[key] for key in sorted(table)]


def json_item(dumped: dict[str, Any]) -> str:
    """A record (its model_dump(mode="json")) as it stands in the JSON list of its kind: what
    json.dumps(ensure_ascii=False, indent=2, sort_keys=True) writes, indented one level. orjson
    writes the same bytes for these values (text, integers, true, false, null: the models hold
    no floats) three times faster than the standard library, whose indented output has no C
    code (1.8 s of open data at 10,000 records was json.dumps). A line break inside a value is
    always escaped, so every line break is one of the layout's."""
    text = orjson.dumps(dumped, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    return "  " + text.replace("\n", "\n  ")


def json_list(items: list[str]) -> bytes:
    """What json.dumps(list, indent=2) + a line break gives, from items made by `json_item`."""
    return (("[\n" + ",\n".join(items) + "\n]\n") if items else "[]\n").encode()


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


def _json_cell(value: Any) -> str:
    """A CSV cell from a field's value in model_dump(mode="json") (a date is its ISO text there,
    a nested record a dict): a list of ids joined with '; ', a list of records as JSON, and text
    that a spreadsheet would run as a formula behind a quote."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list):
        if any(isinstance(v, dict) for v in value):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return "; ".join(_json_cell(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvTable:
    """RFC 4180 CSV of one model, made a row at a time: UTF-8 with a byte-order mark so that
    spreadsheet programs read the accents; tracked records get a `current_status` column."""

    def __init__(self, model: type[BaseModel]):
        # A column's path in the record's model_dump(mode="json"): the JSON file's dump serves
        # the CSV row too (reading the fields again took 0.4 s at 10,000 records).
        self.columns = [(name, tuple(name.split("."))) for name, _ in csv_columns(model)]
        self.tracked = "status_history" in model.model_fields
        self._out = io.StringIO()
        self._writer = csv.writer(self._out, lineterminator="\r\n")
        names = [name for name, _ in self.columns]
        self.header = self._line(names + (["current_status"] if self.tracked else []))

    def _line(self, cells: list[str]) -> str:
        self._out.seek(0)
        self._out.truncate()
        self._writer.writerow(cells)
        return self._out.getvalue()

    def row(self, dumped: dict[str, Any]) -> str:
        """The row of a record from its model_dump(mode="json")."""
        cells = []
        for _, path in self.columns:
            value: Any = dumped
            for key in path:
                value = None if value is None else value[key]
            cells.append(_json_cell(value))
        if self.tracked:
            cells.append(dumped["status_history"][-1]["status"])
        return self._line(cells)

    def file(self, rows: list[str]) -> bytes:
        return (self.header + "".join(rows)).encode("utf-8-sig")


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
    keyed, undated = [], 0
    order = {"measure": 0, "motion": 1, "commitment": 2}
    for kind, rec in records:
        for i, e in enumerate(rec.status_history):
            date = ds.documents[e.document].date
            if date is None:
                undated += 1
            else:
                keyed.append(
                    (-date.toordinal(), order[kind], rec.id, i, FeedEntry(kind, rec, i, date))
                )
    keyed.sort(key=lambda k: k[:4])
    return [k[4] for k in keyed], undated


def tracked_records(ds: Dataset) -> list[tuple[str, Tracked]]:
    out = []
    for group, records in ds.tracked_groups():
        for rec in sorted(records, key=lambda r: r.id):
            out.append((_KIND_OF_GROUP[group], rec))
    return out


def _xml_text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


# The feeds are written as text, not through ElementTree: serialising every entry again for every
# feed took 5.5 s of 9.5 s at 10,000 records. The escaping is ElementTree's (XML 1.0 §2.4 and
# §3.3.3: a line break, tab or carriage return in an attribute is kept as a character reference),
# and tests/test_opendata_pinned.py holds the output to ElementTree's, byte for byte.
def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(text: str) -> str:
    text = _escape_text(text).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _text(value: object) -> str:
    return _escape_text(_xml_text(value))


def _attr(value: object) -> str:
    return _escape_attr(_xml_text(value))


def _element(tag: str, text: object | None = None, **attrs: object) -> str:
    """One element without children, as ElementTree writes it: empty ones as `<tag … />`."""
    attributes = "".join(f' {k}="{_attr(v)}"' for k, v in attrs.items())
    body = "" if text is None else _text(text)
    return f"<{tag}{attributes}>{body}</{tag}>" if body else f"<{tag}{attributes} />"


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def entry_key(ds: Dataset, site: Site, fe: FeedEntry) -> tuple[Any, ...]:
    """Everything a feed entry shows, so that equal keys mean equal text."""
    e, rec = fe.entry, fe.record
    doc = ds.documents[e.document]
    label = ds.statuses[e.status].label
    return (
        site,
        fe.kind,
        rec.id,
        rec.title,
        fe.index,
        fe.date,
        e.document,
        e.status,
        e.section,
        e.quote,
        e.note,
        doc.title,
        doc.display_date,
        label,
    )


def entry_xml(ds: Dataset, site: Site, fe: FeedEntry) -> str:
    """One <entry>, indented as the second level of a feed in FEED_FOLDER (every feed is there,
    so the relative links are the same in each)."""
    e = fe.entry
    doc = ds.documents[e.document]
    label = ds.statuses[e.status].label
    url = site.page_url(page_path(fe.kind, fe.record.id))
    summary = (
        f"{_KIND_LABEL[fe.kind]} '{fe.record.title}': {label.lower()} volgens "
        f"'{doc.title}' ({doc.display_date}), {e.section}: \u201c{e.quote}\u201d"
    )
    if e.note:
        summary += f" Toelichting van de redactie: {e.note}"
    name = f"status:{fe.kind}/{fe.record.id}/{e.document}/{e.status}/{fe.index}"
    stamp = _stamp(fe.date)
    href = _attr(site.link(url, ALL_FEED))
    # What _element writes, spelled out: this runs for every status entry. No text here can be
    # empty (each holds fixed words), so none is written as an empty element.
    return (
        f"<entry>\n    <title>{_text(f'{fe.record.title}: {label}')}</title>\n"
        f"    <id>{_urn(name)}</id>\n"
        f"    <updated>{stamp}</updated>\n    <published>{stamp}</published>\n"
        f'    <link rel="alternate" type="text/html" href="{href}" />\n'
        f'    <category term="{_attr(e.status)}" label="{_attr(label)}" />\n'
        f'    <summary type="text">{_text(summary)}</summary>\n  </entry>'
    )


def atom_feed(
    site: Site,
    path: str,
    title: str,
    entries: list[tuple[dt.date, str]],
    alternate: str,
) -> bytes:
    """An Atom 1.0 feed at site path `path` from its entries' dates and XML (`entry_xml`);
    `alternate` is the src path of the page it is about. The caller makes sure `entries` is not
    empty: <updated> is the newest entry's date."""
    assert posixpath.dirname(path) == FEED_FOLDER, path  # where entry_xml's links are from
    head = [
        _element("title", title),
        _element("id", _urn(f"feed:{path}")),
        _element("updated", _stamp(max(date for date, _ in entries))),
        _element("link", rel="self", type="application/atom+xml", href=site.link(path, path)),
        _element(
            "link",
            rel="alternate",
            type="text/html",
            href=site.link(site.page_url(alternate), path),
        ),
        "<author>\n    " + _element("name", site.name) + "\n  </author>",
    ]
    text = (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<feed xmlns="{ATOM}" xml:lang="nl">\n  '
        + "\n  ".join(head + [xml for _, xml in entries])
        + "\n</feed>\n"
    )
    # As ElementTree writes UTF-8: a character that cannot be encoded becomes a reference.
    return text.encode("utf-8", "xmlcharrefreplace")


def theme_feed_path(theme_id: str) -> str:
    return f"{FEED_FOLDER}/thema-{theme_id}.xml"


@functools.cache
def _schema_files() -> tuple[tuple[str, bytes], ...]:
    """The JSON Schemas, made from the code alone: once per process (70 ms each time)."""
    return tuple((name, text.encode()) for name, text in sorted(json_schemas().items()))


# --- everything together ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenData:
    downloads: list[Download]
    undated_entries: int  # status entries left out of the feeds for want of a date


@without_gc_pauses
def build_open_data(ds: Dataset, site: Site, cache: OpenDataCache | None = None) -> OpenData:
    """Every download, in the order the open-data page lists them. Each record is serialised
    once for its JSON and CSV file and each status entry once for all the feeds it is in; with
    `cache` (kept by a caller that builds again), pieces of the previous build are reused."""
    cache = cache if cache is not None else OpenDataCache()
    cache.made = 0
    models: dict[str, type[Strict]] = dict(RECORD_FOLDERS)
    models.update({name.removesuffix(".yaml"): m for name, m in VOCABULARY_FILES.items()})
    kept: dict[tuple[str, str], tuple[Strict, str, str]] = {}
    downloads: list[Download] = []
    for attr, title, _kind in KINDS:
        records = records_of(ds, attr)
        table = CsvTable(models[attr])
        items, rows = [], []
        for record in records:
            key = (attr, str(getattr(record, "id", "")))
            piece = cache.records.get(key)
            if piece is None or piece[0] is not record:
                dumped = record.model_dump(mode="json")
                piece = (record, json_item(dumped), table.row(dumped))
                cache.made += 2
            kept[key] = piece
            items.append(piece[1])
            rows.append(piece[2])
        n = len(records)
        downloads.append(Download(f"{FOLDER}/{attr}.json", json_list(items), "JSON", title, n))
        downloads.append(Download(f"{FOLDER}/{attr}.csv", table.file(rows), "CSV", title, n))
    cache.records = kept
    for name, content in _schema_files():
        downloads.append(Download(f"{FOLDER}/schema/{name}", content, "JSON Schema", name, 0))

    entries, undated = status_entries(ds, tracked_records(ds))
    kept_entries: dict[tuple[Any, ...], str] = {}
    feed_items: list[tuple[dt.date, str]] = []
    by_theme: dict[str, list[tuple[dt.date, str]]] = {}
    for fe in entries:
        key = entry_key(ds, site, fe)
        xml = cache.entries.get(key)
        if xml is None:
            xml = entry_xml(ds, site, fe)
            cache.made += 1
        kept_entries[key] = xml
        feed_items.append((fe.date, xml))
        # Entries are newest first, and so are a theme's; a theme named twice counts once.
        for theme_id in dict.fromkeys(fe.record.themes):
            by_theme.setdefault(theme_id, []).append((fe.date, xml))
    cache.entries = kept_entries
    if feed_items:
        feed = atom_feed(
            site,
            ALL_FEED,
            f"Statuswijzigingen \u2014 {site.name}",
            feed_items,
            f"{FOLDER}/index.md",
        )
        downloads.append(
            Download(
                ALL_FEED,
                feed,
                "Atom",
                "Alle statuswijzigingen",
                len(entries),
                f"{FOLDER}/index.md",
                "Alle statuswijzigingen",
            )
        )
    for theme in sorted(ds.themes.values(), key=lambda t: t.id):
        theme_items = by_theme.get(theme.id)
        if not theme_items:
            continue
        path = theme_feed_path(theme.id)
        heading = f"Statuswijzigingen, thema {theme.label}"
        about = page_path("theme", theme.id)
        feed = atom_feed(site, path, f"{heading} \u2014 {site.name}", theme_items, about)
        downloads.append(
            Download(path, feed, "Atom", f"Thema: {theme.label}", len(theme_items), about, heading)
        )
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
                    "<h1>Deze pagina is verplaatst</h1>\n"
                    f'<p>Deze pagina heeft een nieuw adres: <a href="{href}">{title}</a>.</p>\n'
                    "</body>\n</html>\n"
                ).encode()
    return out
