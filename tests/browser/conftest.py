"""Browser fixtures: the real site built once, served on 127.0.0.1, and one Chromium per session.

The site is built from the real data/ (or taken from $MONITOR_SITE_DIR to save the build when
iterating), served by a threaded HTTP server on a free local port, and driven by Playwright's
Python package with Debian's chromium (Playwright's own browser download does not work here).
Under CI a missing chromium or axe-core fails the run; elsewhere the tests skip with the reason.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"


def missing(what: str) -> None:
    """Fail loudly under CI (the browser tests must run there), skip with the reason elsewhere."""
    message = f"{what}; run `make browsers` to install it"
    if os.environ.get("CI"):
        pytest.fail(f"CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site: $MONITOR_SITE_DIR if set, else a fresh strict build of the real data."""
    reuse = os.environ.get("MONITOR_SITE_DIR")
    if reuse:
        path = Path(reuse)
        assert (path / "index.html").is_file(), f"MONITOR_SITE_DIR={reuse} holds no built site"
        return path
    path = tmp_path_factory.mktemp("browser") / "site"
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
    return path


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, and the site's own 404.html for missing paths, as a web host would."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port, stopped at the end of the session."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


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


def _richest(site: Path, section: str) -> str:
    """The record page with the most HTML in a section: it exercises the most components."""
    pages = list((site / section).glob("*/index.html"))
    assert pages, f"no record pages under {section}/"
    best = max(pages, key=lambda p: (p.stat().st_size, p.parent.name))
    return f"/{section}/{best.parent.name}/"


# Every page type of the site, by name: a fixed path, or the section whose richest record page
# stands for the type.
PAGE_TYPES: dict[str, str] = {
    "home": "/",
    "measure": "maatregelen",
    "motion": "moties",
    "commitment": "toezeggingen",
    "document": "documenten",
    "theme": "themas",
    "actor": "actoren",
    "measures-overview": "/maatregelen/",
    "motions-overview": "/moties/",
    "commitments-overview": "/toezeggingen/",
    "documents-overview": "/documenten/",
    "themes-overview": "/themas/",
    "actors-overview": "/actoren/",
    "glossary": "/begrippen/",
    "search": "/zoeken/",
    "statuses": "/statussen/",
    "error-codes": "/bijdragen/foutcodes/",
    "contributing": "/bijdragen/",
    "about": "/over/",
    "method": "/methode/",
    "404": "/bestaat-niet/",
}


@pytest.fixture(scope="session")
def page_paths(site_dir: Path) -> dict[str, str]:
    """The URL path the tests visit for each page type."""
    paths = {
        name: where if where.startswith("/") else _richest(site_dir, where)
        for name, where in PAGE_TYPES.items()
    }
    for name, path in paths.items():
        if name != "404":
            assert (site_dir / path.strip("/") / "index.html").is_file(), (name, path)
    return paths


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Figures collected while the tests run, printed at the end of the session.
FIGURES: dict[str, dict[str, str]] = {}


@dataclass
class Visit:
    """One page opened in a fresh browser context, with every request it made."""

    name: str
    url: str
    status: int
    requests: list[str]
    context: Any
    page: Any

    def run_axe(self, axe_source: str) -> dict[str, Any]:
        """axe-core over the whole document with the WCAG 2.0/2.1 A and AA rules."""
        self.page.evaluate(axe_source)
        return self.page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                const brief = (v) => ({id: v.id, help: v.help, nodes: v.nodes.map(
                    (n) => n.target.join(' ') + ': ' + n.failureSummary)});
                return {violations: r.violations.map(brief), passes: r.passes.length,
                        incomplete: r.incomplete.map((v) => v.id)};
            }""",
            AXE_TAGS,
        )


@dataclass(frozen=True)
class Checked:
    """What one visit of a page type found: its requests and axe-core's results."""

    url: str
    status: int
    requests: tuple[str, ...]
    axe: dict[str, Any]


class Browser:
    """Opens pages of the served site, each in its own context so every request is seen."""

    def __init__(
        self, chromium: Any, base_url: str, paths: dict[str, str], axe_source: str
    ) -> None:
        self.chromium = chromium
        self.base_url = base_url
        self.paths = paths
        self.axe_source = axe_source
        self._open: list[Any] = []
        self._checked: dict[str, Checked] = {}

    def check(self, name: str) -> Checked:
        """Open a page type once at desktop width, run axe, keep the requests (cached)."""
        if name not in self._checked:
            visit = self.open(name)
            axe = visit.run_axe(self.axe_source)
            # Late requests (the search index, fonts) come while axe runs; then wait for quiet.
            visit.page.wait_for_load_state("networkidle")
            visit.context.close()
            self._open.remove(visit.context)
            self._checked[name] = Checked(visit.url, visit.status, tuple(visit.requests), axe)
        return self._checked[name]

    def open(
        self,
        name_or_path: str,
        viewport: dict[str, int] = DESKTOP,
        javascript: bool = True,
    ) -> Visit:
        path = self.paths.get(name_or_path, name_or_path)
        context = self.chromium.new_context(
            viewport=viewport, java_script_enabled=javascript, locale="nl-NL"
        )
        self._open.append(context)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        # Nothing may leave the machine; a request that tries is recorded above, then aborted
        # here so that a regression fails the test instead of waiting on the network.
        local = self.base_url + "/"
        context.route(lambda url: not url.startswith(local), lambda route: route.abort())
        page = context.new_page()
        response = page.goto(self.base_url + path, wait_until="load")
        assert response is not None
        return Visit(name_or_path, page.url, response.status, requests, context, page)

    def close_all(self) -> None:
        for context in self._open:
            context.close()
        self._open.clear()


@pytest.fixture(scope="session")
def site(
    browser: Any, base_url: str, page_paths: dict[str, str], axe_source: str
) -> Iterator[Browser]:
    opener = Browser(browser, base_url, page_paths, axe_source)
    yield opener
    opener.close_all()


@pytest.fixture
def pages(site: Browser) -> Iterator[Browser]:
    """The site opener; contexts opened in a test are closed after it."""
    yield site
    site.close_all()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for title, rows in FIGURES.items():
        terminalreporter.section(title)
        for key, value in rows.items():
            terminalreporter.write_line(f"{key:<24} {value}")
