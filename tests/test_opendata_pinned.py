"""Open data is fast and the same: every download and redirect page, byte for byte, equals the
output of the straightforward path kept here (ElementTree for the feeds, one json.dumps per file,
posixpath.relpath for every link), for the real data, a synthetic project and hostile text; and a
cache kept between builds (as `mkdocs serve` keeps it) never hands out a stale piece."""

from __future__ import annotations

import csv
import html
import io
import json
import posixpath
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from bench.synth import generate_data
from conftest import VALID_FILES
from monitor.model import RECORD_FOLDERS, VOCABULARY_FILES, Dataset
from monitor.opendata import (
    ALL_FEED,
    FOLDER,
    KINDS,
    OpenData,
    OpenDataCache,
    Site,
    build_open_data,
    build_redirects,
    csv_columns,
    relative_url,
    theme_feed_path,
)
from monitor.pages import page_path
from monitor.schema import json_schemas
from monitor.validate import validate_data

REPO = Path(__file__).resolve().parents[1]
ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.UUID("e9e8b324-6003-421c-b11e-1218448778c4")
SITES = [
    Site("Monitor"),
    Site("Monitor & <co> \"'", "https://monitor.example/sub/", use_directory_urls=False),
    Site("Monitor", None, use_directory_urls=False),
]


# --- the reference: the plain path, as open data was first written ------------------------------


def ref_relative_url(target: str, from_file: str) -> str:
    base = posixpath.dirname(from_file) or "."
    rel = posixpath.relpath(target or ".", base)
    if rel == ".":
        return "./"
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


def ref_link(site: Site, url_path: str, from_file: str) -> str:
    if site.url:
        return site.url.rstrip("/") + "/" + url_path
    return ref_relative_url(url_path, from_file)


def ref_cell(value: Any) -> str:
    import datetime as dt

    from pydantic import BaseModel

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
        return "; ".join(ref_cell(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def ref_csv(model: Any, records: list[Any]) -> bytes:
    columns = csv_columns(model)
    tracked = "status_history" in model.model_fields
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns] + (["current_status"] if tracked else []))
    for record in records:
        row = [ref_cell(get(record)) for _, get in columns]
        if tracked:
            row.append(record.status_history[-1].status)
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def ref_entries(ds: Dataset, theme: str | None) -> tuple[list[tuple[str, Any, int, Any]], int]:
    kinds = {"measures": "measure", "motions": "motion", "commitments": "commitment"}
    entries, undated = [], 0
    for group, records in ds.tracked_groups():
        for rec in sorted(records, key=lambda r: r.id):
            if theme is not None and theme not in rec.themes:
                continue
            for i, e in enumerate(rec.status_history):
                date = ds.documents[e.document].date
                if date is None:
                    undated += 1
                else:
                    entries.append((kinds[group], rec, i, date))
    order = {"measure": 0, "motion": 1, "commitment": 2}
    entries.sort(key=lambda f: (-f[3].toordinal(), order[f[0]], f[1].id, f[2]))
    return entries, undated


def ref_feed(
    ds: Dataset, site: Site, path: str, title: str, entries: list, alternate: str
) -> bytes:
    import re

    not_xml = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    labels = {"measure": "Maatregel", "motion": "Motie of verzoek", "commitment": "Toezegging"}

    def sub(parent: ET.Element, tag: str, text: object | None = None, **attrs: str) -> ET.Element:
        clean = {k: not_xml.sub("", str(v)) for k, v in attrs.items()}
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", clean)
        if text is not None:
            el.text = not_xml.sub("", str(text))
        return el

    def stamp(date: Any) -> str:
        return f"{date.isoformat()}T00:00:00Z"

    def urn(name: str) -> str:
        return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nl"})
    sub(feed, "title", title)
    sub(feed, "id", urn(f"feed:{path}"))
    sub(feed, "updated", stamp(max(e[3] for e in entries)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=ref_link(site, path, path))
    alt = ref_link(site, site.page_url(alternate), path)
    sub(feed, "link", rel="alternate", type="text/html", href=alt)
    author = sub(feed, "author")
    sub(author, "name", site.name)
    for kind, rec, index, date in entries:
        e = rec.status_history[index]
        doc = ds.documents[e.document]
        label = ds.statuses[e.status].label
        item = sub(feed, "entry")
        sub(item, "title", f"{rec.title}: {label}")
        sub(item, "id", urn(f"status:{kind}/{rec.id}/{e.document}/{e.status}/{index}"))
        sub(item, "updated", stamp(date))
        sub(item, "published", stamp(date))
        url = site.page_url(page_path(kind, rec.id))
        sub(item, "link", rel="alternate", type="text/html", href=ref_link(site, url, path))
        sub(item, "category", term=e.status, label=label)
        summary = (
            f"{labels[kind]} '{rec.title}': {label.lower()} volgens "
            f"'{doc.title}' ({doc.display_date}), {e.section}: \u201c{e.quote}\u201d"
        )
        if e.note:
            summary += f" Toelichting van de redactie: {e.note}"
        sub(item, "summary", summary, type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def ref_open_data(ds: Dataset, site: Site) -> list[tuple[str, bytes, str, str, int]]:
    models: dict[str, Any] = dict(RECORD_FOLDERS)
    models.update({name.removesuffix(".yaml"): m for name, m in VOCABULARY_FILES.items()})
    out = []
    for attr, title, _kind in KINDS:
        table = getattr(ds, attr)
        records = [table[key] for key in sorted(table)]
        rows = [r.model_dump(mode="json") for r in records]
        text = json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        out.append((f"{FOLDER}/{attr}.json", text.encode(), "JSON", title, len(records)))
        content = ref_csv(models[attr], records)
        out.append((f"{FOLDER}/{attr}.csv", content, "CSV", title, len(records)))
    for name, text in sorted(json_schemas().items()):
        out.append((f"{FOLDER}/schema/{name}", text.encode(), "JSON Schema", name, 0))
    entries, _ = ref_entries(ds, None)
    if entries:
        name = f"Statuswijzigingen \u2014 {site.name}"
        content = ref_feed(ds, site, ALL_FEED, name, entries, f"{FOLDER}/index.md")
        out.append((ALL_FEED, content, "Atom", "Alle statuswijzigingen", len(entries)))
    for theme in sorted(ds.themes.values(), key=lambda t: t.id):
        entries, _ = ref_entries(ds, theme.id)
        if entries:
            path = theme_feed_path(theme.id)
            name = f"Statuswijzigingen, thema {theme.label} \u2014 {site.name}"
            content = ref_feed(ds, site, path, name, entries, page_path("theme", theme.id))
            out.append((path, content, "Atom", f"Thema: {theme.label}", len(entries)))
    return out


def ref_redirects(ds: Dataset, site: Site) -> dict[str, bytes]:
    kinds = {"measures": "measure", "motions": "motion", "commitments": "commitment"}
    out: dict[str, bytes] = {}
    for group, records in ds.tracked_groups():
        for rec in sorted(records, key=lambda r: r.id):
            new_url = site.page_url(page_path(kinds[group], rec.id))
            for former in rec.former_ids:
                old_url = site.page_url(page_path(kinds[group], former))
                file = old_url + "index.html" if old_url.endswith("/") else old_url
                href = html.escape(ref_link(site, new_url, file), quote=True)
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


def ref_undated(ds: Dataset) -> int:
    return ref_entries(ds, None)[1]


# --- comparisons ---------------------------------------------------------------------------------


def as_rows(data: OpenData) -> list[tuple[str, bytes, str, str, int]]:
    return [(d.path, d.content, d.format, d.title, d.records) for d in data.downloads]


def assert_same(ds: Dataset, site: Site, cache: OpenDataCache | None = None) -> None:
    data = build_open_data(ds, site, cache)
    expected = ref_open_data(ds, site)
    assert [row[0] for row in as_rows(data)] == [row[0] for row in expected]
    for got, want in zip(as_rows(data), expected, strict=True):
        assert got == want, got[0]
    assert data.undated_entries == ref_undated(ds)
    assert build_redirects(ds, site) == ref_redirects(ds, site)


def load(root: Path) -> Dataset:
    result = validate_data(root / "data", root=root)
    assert result.dataset is not None, result.diagnostics[:3]
    return result.dataset


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load(REPO)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = tmp_path_factory.mktemp("synthetic")
    generate_data(root, 60, seed=11)
    return load(root)


def hostile(ds: Dataset) -> Dataset:
    """Text that needs escaping in every place of a feed, set behind validation's back."""
    pilot = ds.measures["pilot-weerbare-wijken"]
    history = list(pilot.status_history)
    history[0] = history[0].model_copy(
        update={"note": 'Noot met "aanhalingstekens", <tags> & \r\n\t\x01 regels'}
    )
    ds.measures[pilot.id] = pilot.model_copy(
        update={
            "title": "Pilot <script>alert('x')</script> & ]]> co\x0b\x01 \u2028 \U0001f600",
            "status_history": history,
            # A theme named twice is still one entry in its theme's feed.
            "themes": [*pilot.themes, *pilot.themes],
            "former_ids": ["oude-pilot", "nog-oudere-pilot"],
        }
    )
    status = history[0].status
    ds.statuses[status] = ds.statuses[status].model_copy(
        update={"label": 'Label "met" <quotes> & \t tab\r\nregel'}
    )
    doc_id = history[0].document
    ds.documents[doc_id] = ds.documents[doc_id].model_copy(update={"title": "Brief <&> \x0c"})
    return ds


def test_relative_url_matches_posixpath_relpath() -> None:
    targets = [
        "",
        "a/",
        "a/b/",
        "a/b.html",
        "open-data/feeds/x.xml",
        "open-data/",
        "b/c/d/",
        "a/b/c/",
        "open-data/feeds/",
    ]
    sources = [
        "x.xml",
        "a/index.html",
        "a/b/index.html",
        "open-data/feeds/x.xml",
        "q/r/s.html",
        "a/b/c/x.html",
        "open-data/index.html",
    ]
    for target in targets:
        for source in sources:
            assert relative_url(target, source) == ref_relative_url(target, source), (
                target,
                source,
            )


@pytest.mark.parametrize("site", SITES, ids=["relative", "absolute-html", "relative-html"])
def test_real_data_gives_the_same_bytes(real: Dataset, site: Site) -> None:
    assert_same(real, site)


@pytest.mark.parametrize("site", SITES[:2], ids=["relative", "absolute-html"])
def test_synthetic_project_gives_the_same_bytes(synthetic: Dataset, site: Site) -> None:
    assert_same(synthetic, site)


@pytest.mark.parametrize("site", SITES[:2], ids=["relative", "absolute-html"])
def test_hostile_text_gives_the_same_bytes(project, site: Site) -> None:
    undated = VALID_FILES["data/documents/brief-b.yaml"].replace(
        "date: 2024-10-01\n        date_source:\n          document: brief-b\n"
        '          section: Briefhoofd\n          quote: "Datum 1 oktober 2024"\n',
        "date_text: onbekend\n        date_note: De brief noemt geen datum.\n",
    )
    ds = hostile(load(project({"data/documents/brief-b.yaml": undated})))
    assert ref_undated(ds) > 0
    assert_same(ds, site)


def test_a_kept_cache_never_gives_a_stale_piece(project, synthetic: Dataset) -> None:
    cache = OpenDataCache()
    site = SITES[0]
    assert_same(synthetic, site, cache)
    assert_same(synthetic, site, cache)  # everything from the cache now
    ds = load(project())
    assert_same(ds, site, cache)
    # What a feed entry shows comes from other records too: a document's title, a status's
    # label; and the same record reads differently under another site address.
    changed = hostile(load(project()))
    assert_same(changed, site, cache)
    assert_same(changed, SITES[1], cache)
    assert_same(ds, site, cache)


def test_a_rebuild_after_one_edit_serialises_only_that_record(synthetic: Dataset) -> None:
    cache = OpenDataCache()
    site = SITES[0]
    build_open_data(synthetic, site, cache)
    assert cache.made > len(synthetic.measures)
    build_open_data(synthetic, site, cache)
    assert cache.made == 0
    ds = synthetic
    first = min(ds.measures)
    measure = ds.measures[first]
    ds.measures[first] = measure.model_copy(update={"title": measure.title + " (gewijzigd)"})
    try:
        data = build_open_data(ds, site, cache)
        # One record's JSON object and CSV row, and its feed entries: nothing else.
        assert cache.made == 2 + len(measure.status_history)
        assert as_rows(data) == ref_open_data(ds, site)
    finally:
        ds.measures[first] = measure
