"""The pipeline without MkDocs: `build_content` turns a data folder into the site's generated
content (pages, downloads, feeds, the theme's values), or raises one error with every diagnostic;
the stages it runs never import MkDocs."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from monitor.build import BuildConfig, Caches, DataError, SiteContent, build_content

TODAY = dt.date(2025, 1, 1)


def content_of(root: Path, caches: Caches | None = None, **options: object) -> SiteContent:
    config = BuildConfig(
        root=root,
        data_dir=root / "data",
        site_name="Monitor",
        today=TODAY,
        store=False,
        caches=caches,
        **options,  # type: ignore[arg-type]
    )
    return build_content(config)


def test_the_fixture_dataset_gives_pages_downloads_and_theme_values(
    project: Callable[..., Path],
) -> None:
    content = content_of(project())
    # A page for each record, an overview per kind, the report pages.
    for path in (
        "maatregelen/pilot-weerbare-wijken.md",
        "moties/motie-jansen-wijkagenten.md",
        "toezeggingen/voortgang-pilot.md",
        "documenten/brief-a.md",
        "maatregelen/index.md",
        "wijzigingen.md",
        "open-data/index.md",
        "signalen.md",
    ):
        assert path in content.pages, path
    page = content.pages["maatregelen/pilot-weerbare-wijken.md"]
    assert page.edit_path == "data/measures/pilot-weerbare-wijken.yaml"
    assert not page.in_nav and content.pages["maatregelen/index.md"].in_nav
    # Downloads hold the records; the feed and the search page's word list are there too.
    measures = json.loads(content.files["open-data/measures.json"])
    assert sorted(m["id"] for m in measures) == ["pilot-deel-noord", "pilot-weerbare-wijken"]
    assert content.files["open-data/feeds/statuswijzigingen.xml"].startswith(b"<?xml")
    assert "zoeken/woorden.json" in content.files
    assert content.extra["monitor_feed"] == "open-data/feeds/statuswijzigingen.xml"
    assert content.extra["monitor_feed_page"] == "open-data/feeds/"
    assert content.extra["monitor_page_feeds"]["themas/weerbaarheid.md"]["href"] == (
        "open-data/feeds/thema-weerbaarheid.xml"
    )
    # The signal report: a summary line with the reference date, then one line per record.
    assert "peildatum 2025-01-01" in content.signal_lines[0]
    assert any("voortgang-pilot" in line for line in content.signal_lines[1:])
    assert content.abbreviations == "*[RIEC]: Regionaal Informatie- en Expertisecentrum"


def test_directory_urls_decide_the_links_in_html_blocks(project: Callable[..., Path]) -> None:
    root = project()
    for directory_urls, link in (
        (True, "pilot-weerbare-wijken/"),
        (False, "pilot-weerbare-wijken.html"),
    ):
        content = content_of(root, directory_urls=directory_urls)
        blocks = "".join(content.pages["maatregelen/index.md"].blocks)
        assert f'href="../maatregelen/{link}"' in blocks


def test_bad_data_raises_one_error_with_every_diagnostic(project: Callable[..., Path]) -> None:
    root = project(
        {
            "data/measures/pilot-weerbare-wijken.yaml": "id: [\n",
            "data/motions/motie-jansen-wijkagenten.yaml": None,
            "data/motions/kapot.yaml": "id: kapot\ntitle: 12\n",
        }
    )
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    with pytest.raises(DataError) as raised:
        content_of(root)
    paths = {d.location.path for d in raised.value.diagnostics}
    assert "data/measures/pilot-weerbare-wijken.yaml" in paths
    assert "data/motions/kapot.yaml" in paths
    assert all(d.code.startswith("E") for d in raised.value.diagnostics)
    # The message is the located report editors read, not a traceback.
    assert "data/measures/pilot-weerbare-wijken.yaml:" in str(raised.value)
    assert "Traceback" not in str(raised.value)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_a_rebuild_with_caches_gives_what_a_fresh_build_gives(
    project: Callable[..., Path],
) -> None:
    root = project()
    caches = Caches()
    first = content_of(root, caches)
    made_first = caches.open_data.made
    record = root / "data" / "measures" / "pilot-weerbare-wijken.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("title: ", "title: Bewerkt ", 1),
        encoding="utf-8",
    )
    again = content_of(root, caches)
    fresh = content_of(root)
    assert again.pages == fresh.pages
    assert again.files == fresh.files
    assert "Bewerkt " in again.pages["maatregelen/pilot-weerbare-wijken.md"].text
    # Only the edited record is validated and serialised again.
    assert 0 < caches.open_data.made < made_first
    kept = "motie-jansen-wijkagenten"
    assert again.dataset.motions[kept] is first.dataset.motions[kept]
    assert fresh.dataset.motions[kept] is not first.dataset.motions[kept]


_NO_MKDOCS = """
import importlib, pkgutil, sys
import monitor.build
for package in ("monitor.data", "monitor.site", "monitor.publish"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m == "mkdocs" or m.startswith("mkdocs."))
print(",".join(loaded))
"""


def test_the_pipeline_and_its_stages_never_import_mkdocs() -> None:
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    done = subprocess.run(
        [sys.executable, "-c", _NO_MKDOCS],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(scripts), "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
    # The check can fail: importing the adapter does load MkDocs.
    done = subprocess.run(
        [sys.executable, "-c", _NO_MKDOCS.replace('"monitor.publish")', '"monitor.adapter")')],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(scripts), "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    assert "mkdocs" in done.stdout.split(",")
