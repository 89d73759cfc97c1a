"""Browser fixtures: the real site built once, served on 127.0.0.1, and one Chromium per session.

The site is built from the real data/ (or taken from $MONITOR_SITE_DIR to save the build when
iterating), served by a threaded HTTP server on a free local port, and driven by Playwright's
Python package with Debian's chromium (Playwright's own browser download does not work here).
Under CI a missing chromium or axe-core fails the run; elsewhere the tests skip with the reason.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from .browsing import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE_TYPES,
    ROOT,
    Browser,
    richest,
    serving,
)


def missing(what: str) -> None:
    """Fail loudly under CI (the browser tests must run there), skip with the reason elsewhere."""
    message = f"{what}; run `make browsers` to install it"
    if os.environ.get("CI"):
        pytest.fail(f"CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site: $MONITOR_SITE_DIR if set, else a fresh strict build of the real data,
    made once per run: under pytest-xdist the first worker builds it and the others wait for it
    (a lock file in the run's shared temporary folder), so the browser tests can run on every
    core without a build per worker."""
    reuse = os.environ.get("MONITOR_SITE_DIR")
    if reuse:
        path = Path(reuse)
        assert (path / "index.html").is_file(), f"MONITOR_SITE_DIR={reuse} holds no built site"
        return path
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers of this run share
    path = shared / "browser-site"
    with open(shared / "browser-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (path / "index.html").is_file():
            _build(path)
    return path


def _build(path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "build", "--site-dir", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="session")
def built_html(site_dir: Path) -> dict[str, BeautifulSoup]:
    """Every built HTML page, parsed once for the static checks: {path in the site: document}."""
    pages = {
        f.relative_to(site_dir).as_posix(): BeautifulSoup(
            f.read_text(encoding="utf-8"), "html.parser"
        )
        for f in sorted(site_dir.rglob("*.html"))
    }
    assert len(pages) > 100, f"only {len(pages)} HTML pages in {site_dir}"
    return pages


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port, stopped at the end of the session."""
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian chromium for the whole session."""
    if not CHROMIUM.is_file():
        missing(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        missing(f"axe-core is not installed at {AXE.relative_to(ROOT)}")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def page_paths(site_dir: Path) -> dict[str, str]:
    """The URL path the tests visit for each page type."""
    paths = {
        name: where if where.startswith("/") else richest(site_dir, *where.split(" ", 1))
        for name, where in PAGE_TYPES.items()
    }
    for name, path in paths.items():
        if name != "404":
            assert (site_dir / path.strip("/") / "index.html").is_file(), (name, path)
    return paths


@pytest.fixture(scope="session")
def site(browser: Any, base_url: str, page_paths: dict[str, str]) -> Iterator[Browser]:
    axe = AXE.read_text(encoding="utf-8") if AXE.is_file() else None
    opener = Browser(browser, base_url, page_paths, axe)
    yield opener
    opener.close_all()
    for kept in opener._reused.values():
        kept.context.close()


@pytest.fixture
def pages(site: Browser) -> Iterator[Browser]:
    """The site opener; contexts opened in a test are closed after it."""
    before = len(site._open)
    yield site
    site.close_all(keep=before)
