"""Open data is pinned byte for byte: every download and redirect page of two fixed datasets
(the small fixture project with text that needs escaping everywhere, and a synthetic project of
20 records) under two site settings is compared with tests/golden/opendata/. The fixture
project's files are kept whole, so the diff of `pytest --update-golden` shows what changed; the
synthetic project's as a list of sha256 hashes. A change of bytes fails here and must be
reviewed (and, for published files, explained on the *Wijzigingen* page). A cache kept between
builds (as `mkdocs serve` keeps it) never hands out a stale piece."""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

import pytest

from bench.synth import generate_data
from conftest import VALID_FILES
from monitor.data.model import Dataset
from monitor.data.validate import validate_data
from monitor.publish.opendata import (
    OpenData,
    OpenDataCache,
    Site,
    build_open_data,
    build_redirects,
    relative_url,
)

SITES = {
    "relative": Site("Monitor"),
    "absolute-html": Site(
        "Monitor & <co> \"'", "https://monitor.example/sub/", use_directory_urls=False
    ),
}
UNDATED = VALID_FILES["data/documents/brief-b.yaml"].replace(
    "date: 2024-10-01\n        date_source:\n          document: brief-b\n"
    '          section: Briefhoofd\n          quote: "Datum 1 oktober 2024"\n',
    "date_text: onbekend\n        date_note: De brief noemt geen datum.\n",
)


def outputs(ds: Dataset, site: Site, cache: OpenDataCache | None = None) -> dict[str, bytes]:
    """Every file open data writes (the JSON Schemas aside: data/schema/ pins those), and a
    manifest of what the open-data page says about each."""
    data = build_open_data(ds, site, cache)
    files = {d.path: d.content for d in data.downloads if d.format != "JSON Schema"}
    files.update(build_redirects(ds, site))
    manifest = [f"{d.path}\t{d.format}\t{d.title}\t{d.records}" for d in data.downloads]
    manifest.append(f"status entries without a date: {data.undated_entries}")
    files["manifest.txt"] = ("\n".join(manifest) + "\n").encode()
    return files


def load(root: Path) -> Dataset:
    result = validate_data(root / "data", root=root)
    assert result.dataset is not None, result.diagnostics[:3]
    return result.dataset


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = tmp_path_factory.mktemp("synthetic")
    generate_data(root, 20, seed=11)
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


@pytest.mark.parametrize("site", SITES)
def test_hostile_text_gives_the_pinned_files(project, golden, site: str) -> None:
    ds = hostile(load(project({"data/documents/brief-b.yaml": UNDATED})))
    files = outputs(ds, SITES[site])
    assert b"without a date: 1\n" in files["manifest.txt"]
    assert sum(name.endswith(".xml") for name in files) >= 2  # all changes, and a theme's
    assert sum("oude" in name for name in files) == 2  # a redirect for each former id
    for name, content in files.items():
        golden(f"opendata/hostile-{site}/{name.replace('/', '__')}", content)


@pytest.mark.parametrize("site", SITES)
def test_synthetic_project_gives_the_pinned_hashes(synthetic: Dataset, golden, site: str) -> None:
    files = outputs(synthetic, SITES[site])
    listing = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {len(content):>7}  {name}\n"
        for name, content in sorted(files.items())
    )
    golden(f"opendata/synthetic-20-{site}.sha256", listing)


def test_relative_url_matches_posixpath_relpath() -> None:
    def relpath(target: str, from_file: str) -> str:
        rel = posixpath.relpath(target or ".", posixpath.dirname(from_file) or ".")
        if rel == ".":
            return "./"
        return rel + "/" if (target == "" or target.endswith("/")) and rel[-1] != "/" else rel

    targets = ["", "a/", "a/b/", "a/b.html", "open-data/feeds/x.xml", "open-data/", "b/c/d/"]
    targets += ["a/b/c/", "open-data/feeds/"]
    sources = ["x.xml", "a/index.html", "a/b/index.html", "open-data/feeds/x.xml", "q/r/s.html"]
    sources += ["a/b/c/x.html", "open-data/index.html"]
    for target in targets:
        for source in sources:
            assert relative_url(target, source) == relpath(target, source), (target, source)


def as_rows(data: OpenData) -> list[tuple[str, bytes, str, str, int]]:
    return [(d.path, d.content, d.format, d.title, d.records) for d in data.downloads]


def test_a_kept_cache_never_gives_a_stale_piece(project, synthetic: Dataset) -> None:
    cache = OpenDataCache()
    relative, absolute = SITES["relative"], SITES["absolute-html"]
    ds = load(project())
    # What a feed entry shows comes from other records too: a document's title, a status's
    # label; and the same record reads differently under another site address.
    changed = hostile(load(project()))
    steps: list[tuple[Dataset, Site]] = [(synthetic, relative), (synthetic, relative)]
    steps += [(ds, relative), (changed, relative), (changed, absolute), (ds, relative)]
    for dataset, site in steps:
        assert outputs(dataset, site, cache) == outputs(dataset, site), site


def test_a_rebuild_after_one_edit_serialises_only_that_record(synthetic: Dataset) -> None:
    cache = OpenDataCache()
    site = SITES["relative"]
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
        assert as_rows(data) == as_rows(build_open_data(ds, site))
    finally:
        ds.measures[first] = measure
