"""The speed-ups of the build change nothing in the site: generated pages rendered in worker
processes, and `mkdocs serve` reusing unchanged pages, give the same HTML as MkDocs' own path."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc

from bench.synth import generate_project
from monitor import parallel
from monitor.adapter import fast_render as adapter_render
from monitor.adapter import plugin as adapter

pytestmark = pytest.mark.build
SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "project"
    generate_project(root, 30)
    config = root / "mkdocs.yml"
    # Pagefind is not under test here, and it is the slowest step of a small build.
    text = config.read_text(encoding="utf-8").replace(
        "data_dir: data", "data_dir: data\n      search_index: false"
    )
    config.write_text(text, encoding="utf-8")
    return root


def run_build(root: Path, site: Path, command: str = "build", start: bool = True) -> None:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    if start:
        config.plugins.on_startup(command=command, dirty=False)
    if command == "serve":
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL)
    else:
        build(config)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_pages_rendered_in_workers_are_identical(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    run_build(project, tmp_path / "plain")

    used: dict[str, int] = {}

    def spy(name: str):
        real = getattr(adapter, name)

        def wrapper(*args, **kwargs):
            result = real(*args, **kwargs)
            used[name] = len(result)
            return result

        return wrapper

    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setattr(adapter_render, "workers", lambda: 2)
    # Other tests may leave threads in this process (the browser tests do), and then the pool
    # rightly stays off; `mkdocs build` has none. Workers here only render pages.
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(adapter, "prerender", spy("prerender"))
    monkeypatch.setattr(adapter, "prerender_templates", spy("prerender_templates"))
    run_build(project, tmp_path / "pooled")

    assert used["prerender"] > 30 and used["prerender_templates"] > 30
    plain, pooled = site_files(tmp_path / "plain"), site_files(tmp_path / "pooled")
    assert sorted(plain) == sorted(pooled)
    assert [name for name in plain if plain[name] != pooled[name]] == []


def test_serve_rebuild_shows_the_edit_and_reuses_the_rest(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "serve"
    run_build(project, site, "serve")
    record = sorted((project / "data" / "measures").glob("*.yaml"))[3]
    record.write_text(
        record.read_text(encoding="utf-8").replace("title: ", "title: Bewerkt ", 1),
        encoding="utf-8",
    )
    run_build(project, site, "serve", start=False)  # serve keeps the plugin between builds
    plugin = load_config(config_file=str(project / "mkdocs.yml")).plugins["monitor"]
    cache = plugin.serve_cache
    assert cache is not None and len(cache.hits) > 20  # most pages did not change

    page = (site / "maatregelen" / record.stem / "index.html").read_text(encoding="utf-8")
    assert "<h1 id=" in page and "Bewerkt " in page
    # Every page, reused or not, is what a fresh build of the edited data writes.
    fresh = tmp_path / "fresh"
    run_build(project, fresh, "serve")
    assert site_files(site) == site_files(fresh)


def test_replayed_render_messages_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """A broken link found in a worker must still be a warning in the parent (--strict)."""
    result = adapter_render.Rendered(
        markdown="x",
        content="<p>x</p>",
        toc=get_toc([]),
        title=None,
        present_anchor_ids=set(),
        links_to_anchors=None,
        messages=[("mkdocs.structure.pages", logging.WARNING, "a link to 'nowhere.md'")],
    )

    class _Page:
        pass

    with caplog.at_level(logging.INFO, logger="mkdocs"):
        adapter_render.apply_rendered(_Page(), result, None)  # type: ignore[arg-type]
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.WARNING, "a link to 'nowhere.md'")
    ]
