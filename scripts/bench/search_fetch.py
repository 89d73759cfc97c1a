"""What a reader's browser downloads for one search: the site's search page in Chromium.

Serves a built site on 127.0.0.1, opens `zoeken/?q=…` (the page the header's search form sends
to) in Debian's Chromium through Playwright, waits until the first batch of results is listed,
and adds up every response of the search: the page's own interface (`assets/zoeken.js`) and the
Pagefind bundle (`pagefind/`: its script, WebAssembly, index chunks, a filter index if one is
used, and the fragments of the results shown). Pagefind's index files are already gzipped on
disk; the text files (JavaScript, CSS, JSON) are counted as a compressing server would send them
(gzip -6), and raw as well. The served bytes per kind of file say where a query's bytes go.
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
SEARCH_FILES = ("/pagefind/", "/assets/zoeken.js", "/zoeken/woorden.json")  # what search loads
RESULT = ".monitor-zoeken__result"  # one listed result (assets/zoeken.js)
INDEX_FILES = (".pf_index", ".pf_filter", ".pf_fragment", ".pf_meta")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def query_bytes(site: Path, query: str = "maatregelen") -> dict[str, Any]:
    """Bytes the search page fetches to search for one query, and how many results it lists."""
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
                    if any(part in response.url for part in SEARCH_FILES) and response.ok:
                        with contextlib.suppress(Exception):
                            fetched.append((response.url, response.body()))

                page.on("response", keep)
                port = server.server_address[1]
                page.goto(f"http://127.0.0.1:{port}/zoeken/?q={query}")
                # The count is announced once the first batch of results is in the list.
                page.wait_for_function(
                    "() => document.getElementById('zoek-status').textContent !== ''",
                    timeout=120_000,
                )
                page.wait_for_load_state("networkidle")
                results = page.locator(RESULT).count()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    files: dict[str, float] = {}
    for url, body in fetched:
        files[file_kind(url)] = files.get(file_kind(url), 0) + _served(url, body) / 1024
    return {
        "query": query,
        "query_results_shown": results,
        "query_requests": len(fetched),
        "query_fetch_raw_kib": sum(len(body) for _, body in fetched) / 1024,
        "query_fetch_kib": sum(_served(url, body) for url, body in fetched) / 1024,
        "query_files_kib": dict(sorted(files.items())),
    }


def _served(url: str, body: bytes) -> int:
    """Bytes as a server sends them: text gzipped, Pagefind's gzipped files as they are."""
    return len(gzip.compress(body, 6)) if url.split("?")[0].endswith(TEXT_TYPES) else len(body)


def file_kind(url: str) -> str:
    """A fetched file by kind, without the content hash in Pagefind's names:
    `pagefind/index/*.pf_index`, `pagefind/pagefind.*.pf_meta`, `assets/zoeken.js`."""
    path = url.split("?")[0].split("://", 1)[-1].partition("/")[2]
    folder, _, name = path.rpartition("/")
    if name.endswith(INDEX_FILES):
        stem, _, suffix = name.rpartition(".")
        name = f"{stem.split('.')[0]}.*.{suffix}" if "." in stem else f"*.{suffix}"
    return f"{folder}/{name}" if folder else name
