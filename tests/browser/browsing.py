"""Helpers for the browser tests: the page types, the local server, and a page opener.

The opener gives every page its own browser context, records every request the page makes, and
aborts any that would leave 127.0.0.1, so a regression fails a test instead of reaching a third
party. Kept out of conftest.py: tests import from here, and a second module named `conftest`
would shadow tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"


class Server(http.server.ThreadingHTTPServer):
    """A threaded server that stays quiet when the browser drops a connection it no longer needs."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Handler(http.server.SimpleHTTPRequestHandler):
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


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 at a free port while the block runs: its base URL."""
    handler = functools.partial(Handler, directory=str(directory))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def richest(site: Path, pattern: str, containing: str = "") -> str:
    """The page with the most HTML among those matching (and containing a marker, if given):
    it exercises the most components."""
    pages = [
        p
        for p in site.glob(f"{pattern}/index.html")
        if not containing or containing in p.read_text(encoding="utf-8")
    ]
    assert pages, f"no pages match {pattern}/ {containing}"
    best = max(pages, key=lambda p: (p.stat().st_size, p.parent.as_posix()))
    return "/" + best.parent.relative_to(site).as_posix() + "/"


# Every page type of the site, by name: a fixed path, or a glob pattern whose richest page stands
# for the type (record pages are one folder deep, facet pages two: maatregelen/status/open/),
# optionally after a space the HTML the page must contain.
PAGE_TYPES: dict[str, str] = {
    "home": "/",
    "measure": "maatregelen/*",
    "measure-with-signal": 'maatregelen/* class="signal',
    "motion": "moties/*",
    "commitment": "toezeggingen/*",
    "document": "documenten/*",
    "theme": "themas/*",
    "actor": "actoren/*",
    "subject": "onderwerpen/*",
    "measures-facet": "maatregelen/*/*",
    "motions-facet": "moties/*/*",
    "commitments-facet": "toezeggingen/*/*",
    "measures-overview": "/maatregelen/",
    "motions-overview": "/moties/",
    "commitments-overview": "/toezeggingen/",
    "documents-overview": "/documenten/",
    "themes-overview": "/themas/",
    "actors-overview": "/actoren/",
    "subjects-overview": "/onderwerpen/",
    "glossary": "/begrippen/",
    "search": "/zoeken/",
    "signals": "/signalen/",
    "state": "/stand-per-brief/",
    "changes": "/wijzigingen/",
    "open-data": "/open-data/",
    "feeds": "/open-data/feeds/",
    "statuses": "/statussen/",
    "error-codes": "/bijdragen/foutcodes/",
    "fields": "/bijdragen/velden/",
    "contributing": "/bijdragen/",
    "coverage": "/bijdragen/dekking/",
    "about": "/over/",
    "method": "/methode/",
    "404": "/bestaat-niet/",
}


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
    errors: tuple[str, ...]  # uncaught script errors and console errors


class Browser:
    """Opens pages of the served site, each in its own context so every request is seen."""

    def __init__(
        self, chromium: Any, base_url: str, paths: dict[str, str], axe_source: str | None
    ) -> None:
        self.chromium = chromium
        self.base_url = base_url
        self.paths = paths
        self.axe_source = axe_source
        self._open: list[Any] = []
        self._checked: dict[str, Checked] = {}
        self._reused: dict[tuple[int, int, bool], Visit] = {}

    def check(self, name: str) -> Checked:
        """Open a page type once at desktop width, run axe, keep the requests (cached)."""
        if name not in self._checked:
            errors: list[str] = []
            visit = self.open(name, errors=errors)
            # Without axe-core (outside CI) the axe tests skip; the requests are still checked.
            axe = visit.run_axe(self.axe_source) if self.axe_source else {}
            # Late requests (the search index, fonts) come while axe runs; then wait for quiet.
            visit.page.wait_for_load_state("networkidle")
            visit.context.close()
            self._open.remove(visit.context)
            self._checked[name] = Checked(
                visit.url, visit.status, tuple(visit.requests), axe, tuple(errors)
            )
        return self._checked[name]

    def open(
        self,
        name_or_path: str,
        viewport: dict[str, int] = DESKTOP,
        javascript: bool = True,
        errors: list[str] | None = None,
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
        if errors is not None:
            page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
            # A failed load is reported below with its address (the console message has none).
            page.on(
                "console",
                lambda m: (
                    errors.append(f"console: {m.text}")
                    if m.type == "error" and not m.text.startswith("Failed to load resource")
                    else None
                ),
            )
            page.on(
                "response",
                lambda r: (
                    errors.append(f"HTTP {r.status}: {r.url}")
                    if r.status >= 400 and not r.request.is_navigation_request()
                    else None
                ),
            )
        if path == "about:blank":
            return Visit(name_or_path, page.url, 0, requests, context, page)
        response = page.goto(self.base_url + path, wait_until="load")
        assert response is not None
        return Visit(name_or_path, page.url, response.status, requests, context, page)

    def reuse(
        self,
        name_or_path: str,
        viewport: dict[str, int] = DESKTOP,
        javascript: bool = True,
    ) -> Visit:
        """Load a page in a tab kept for the session (one per viewport and script setting): three
        times faster than a fresh context, for tests that need no record of the requests."""
        key = (viewport["width"], viewport["height"], javascript)
        if key not in self._reused:
            self._reused[key] = self.open("about:blank", viewport, javascript)
            self._open.remove(self._reused[key].context)
        kept = self._reused[key]
        kept.requests.clear()
        path = self.paths.get(name_or_path, name_or_path)
        response = kept.page.goto(self.base_url + path, wait_until="load")
        assert response is not None
        return Visit(name_or_path, kept.page.url, response.status, [], kept.context, kept.page)

    def close_all(self, keep: int = 0) -> None:
        """Close the contexts opened since the first `keep` ones."""
        while len(self._open) > keep:
            self._open.pop().close()
