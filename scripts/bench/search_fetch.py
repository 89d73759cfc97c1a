"""What a reader's browser downloads for one search: the site's search page in Chromium.

Serves a built site on 127.0.0.1, opens `zoeken/?q=…` (the page the header's search form sends
to) in Debian's Chromium through Playwright, waits for the first results, and adds up every
response of the search bundle (`pagefind/`: interface, WebAssembly, index chunks, filters and the
fragments of the results shown). Pagefind's index files are already gzipped on disk; the text
files (JavaScript, CSS, JSON) are counted as a compressing server would send them (gzip -6), and
raw as well.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TEXT_TYPES = (".js", ".css", ".json", ".html")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def query_bytes(site: Path, query: str = "maatregelen") -> dict[str, Any]:
    """Bytes the search page fetches from pagefind/ for one query, and how many results."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fetched: list[tuple[str, bytes]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page()

                def keep(response: Any) -> None:
                    # A body the browser dropped (redirect, abort) has nothing to count.
                    if "/pagefind/" in response.url and response.ok:
                        with contextlib.suppress(Exception):
                            fetched.append((response.url, response.body()))

                page.on("response", keep)
                port = server.server_address[1]
                page.goto(f"http://127.0.0.1:{port}/zoeken/?q={query}")
                page.wait_for_selector(".pagefind-ui__result", timeout=120_000)
                page.wait_for_load_state("networkidle")
                results = page.locator(".pagefind-ui__result").count()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    raw = sum(len(body) for _, body in fetched)
    served = sum(
        len(gzip.compress(body, 6)) if url.split("?")[0].endswith(TEXT_TYPES) else len(body)
        for url, body in fetched
    )
    return {
        "query": query,
        "query_results_shown": results,
        "query_requests": len(fetched),
        "query_fetch_raw_kib": raw / 1024,
        "query_fetch_kib": served / 1024,
    }
