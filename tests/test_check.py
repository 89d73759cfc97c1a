"""Link checking of the built site: internal links and anchors on a tiny hand-made site, external
links against a local HTTP server on 127.0.0.1. No test touches the internet."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from monitor.cli import main
from monitor.publish.check import (
    BROKEN,
    OK,
    SKIPPED,
    UNREACHABLE,
    ExternalReport,
    Settings,
    check_external,
    check_internal,
    check_site_external,
    external_links,
    format_external,
    load_settings,
    read_site,
)
from monitor.site.originals import OFFICIAL_SITE, kamerstuk_url, text_fragment

# --- internal ---------------------------------------------------------------------------------

PAGE = "<!doctype html><html><head>{head}</head><body>\n{body}\n</body></html>\n"


def make_site(root: Path, pages: dict[str, str]) -> Path:
    site = root / "site"
    for rel, body in pages.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        head = '<link rel="stylesheet" href="/assets/x.css">' if rel.endswith(".html") else ""
        text = PAGE.format(head=head, body=body) if rel.endswith(".html") else body
        target.write_text(text, encoding="utf-8")
    return site


GOOD = {
    "index.html": '<h1 id="top">Home</h1>\n'
    '<a href="maatregelen/">lijst</a> <a href="maatregelen/pilot/#bron">bron</a>\n'
    '<a href="#top">boven</a> <a href="?q=1">zoek</a> <a href="mailto:x@example.org">mail</a>\n'
    '<a href="https://example.org/x">extern</a> <img src="img/logo.png" alt="">\n'
    '<a href="maatregelen/pilot/index.html#status%20oud">gecodeerd</a>',
    "maatregelen/index.html": '<a href="../">home</a> <a href="pilot/">pilot</a>'
    ' <a href="/maatregelen/pilot/#bron">absoluut</a>',
    "maatregelen/pilot/index.html": '<h2 id="bron">Bron</h2><a name="status oud"></a>'
    '<a href="../../">home</a> <a href="../../index.html#top">top</a>',
    "img/logo.png": "png",
    "assets/x.css": "body{}",
}


def test_a_site_whose_links_all_resolve_has_no_problems(tmp_path: Path) -> None:
    site = make_site(tmp_path, GOOD)
    assert check_internal(site) == []


def test_a_broken_link_and_a_broken_anchor_are_found_with_their_place(tmp_path: Path) -> None:
    pages = dict(GOOD)
    pages["maatregelen/pilot/index.html"] += (
        '\n<a href="../weg/">weg</a>\n<a href="../../index.html#nergens">anker</a>'
        '\n<a href="#ook-niet">eigen anker</a>'
    )
    site = make_site(tmp_path, pages)
    problems = [p.format() for p in check_internal(site)]
    assert problems == [
        "site/maatregelen/pilot/index.html:3:1: kapotte link '../weg/': niets op "
        "/maatregelen/weg/; de pagina wordt gemaakt uit data/measures/pilot.yaml",
        "site/maatregelen/pilot/index.html:4:1: kapot anker '../../index.html#nergens': geen "
        "element met id 'nergens' op index.html; de pagina wordt gemaakt uit "
        "data/measures/pilot.yaml",
        "site/maatregelen/pilot/index.html:5:1: kapot anker '#ook-niet': geen element met id "
        "'ook-niet' op maatregelen/pilot/index.html; de pagina wordt gemaakt uit "
        "data/measures/pilot.yaml",
    ]


def test_a_text_fragment_is_accepted_and_its_anchor_still_checked(tmp_path: Path) -> None:
    quote = "Met deze brief - en dat is nieuw, ook voor u & mij - bied ik"
    fragment = text_fragment(quote)
    assert fragment == (
        ":~:text=Met%20deze%20brief%20%2D%20en%20dat%20is%20nieuw%2C"
    )  # eight words; '-' and ',' encoded, so the browser does not read them as syntax
    pages = dict(GOOD)
    pages["index.html"] += (
        f'\n<a href="maatregelen/pilot/#bron{fragment}">goed</a>'
        f'\n<a href="maatregelen/pilot/#{fragment}">alleen tekst</a>'
        f'\n<a href="maatregelen/pilot/#weg{fragment}">anker weg</a>'
        '\n<a href="maatregelen/pilot/#bron:~:text=a-b">niet gecodeerd</a>'
        '\n<a href="maatregelen/pilot/#bron:~:text=a,b,c,d">te veel delen</a>'
    )
    site = make_site(tmp_path, pages)
    problems = [p.format() for p in check_internal(site)]
    assert problems == [
        f"site/index.html:9:1: kapot anker 'maatregelen/pilot/#weg{fragment}': geen element met "
        "id 'weg' op maatregelen/pilot/index.html",
        "site/index.html:10:1: kapotte link 'maatregelen/pilot/#bron:~:text=a-b': 'text=a-b' is "
        "geen tekstfragment (':~:text=begin' of ':~:text=begin,eind', tekens als - & , "
        "gecodeerd)",
        "site/index.html:11:1: kapotte link 'maatregelen/pilot/#bron:~:text=a,b,c,d': "
        "'text=a,b,c,d' is geen tekstfragment (':~:text=begin' of ':~:text=begin,eind', tekens "
        "als - & , gecodeerd)",
    ]


def test_absolute_links_start_with_the_sites_path_on_its_server(tmp_path: Path) -> None:
    """With site_url https://example.org/monitor/, MkDocs' 404 page links '/monitor/…'."""
    site = make_site(
        tmp_path,
        {
            "assets/x.css": "",
            "index.html": '<a href="/monitor/a/#kop">a</a> <a href="/a/">b</a>',
            "a/index.html": '<h2 id="kop">Kop</h2>',
        },
    )

    def broken(base: str) -> list[str]:  # make_site's stylesheet link is '/assets/x.css'
        found = check_internal(site, base=base)
        return [p.link.url for p in found if p.link.url != "/assets/x.css"]

    assert broken("/monitor/") == ["/a/"]
    assert broken("/") == ["/monitor/a/#kop"]


def test_missing_assets_and_links_leaving_the_site_are_broken(tmp_path: Path) -> None:
    pages = dict(GOOD)
    pages["index.html"] += '\n<img src="img/weg.png" alt=""> <a href="../../etc/passwd">uit</a>'
    del pages["assets/x.css"]
    site = make_site(tmp_path, pages)
    reasons = [p.reason for p in check_internal(site)]
    assert "kapotte link 'img/weg.png': niets op /img/weg.png" in reasons
    assert any(r.startswith("kapotte link '../../etc/passwd'") for r in reasons)
    assert sum("assets/x.css" in r for r in reasons) == 3  # the stylesheet of each page


def test_the_command_fails_on_a_broken_link_and_passes_on_a_good_site(
    tmp_path: Path, capsys
) -> None:
    site = make_site(tmp_path, GOOD)
    assert main(["check-links", "--site-dir", str(site)]) == 0
    assert (
        "internal: 3 pages, 14 links and anchors in the site checked, 0 broken."
        in capsys.readouterr().out
    )
    (site / "index.html").write_text(PAGE.format(head="", body='<a href="x/">x</a>'))
    assert main(["check-links", "--site-dir", str(site)]) == 1
    assert "site/index.html:2:1: kapotte link 'x/'" in capsys.readouterr().out


def test_the_command_without_a_built_site_says_what_to_do(tmp_path: Path, capsys) -> None:
    assert main(["check-links", "--site-dir", str(tmp_path / "site")]) == 2
    assert "make site" in capsys.readouterr().err


# --- external: a local server -------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()
    flaky_left = 0
    in_flight = 0
    most_in_flight = 0
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def do_GET(self) -> None:
        self.respond(body=True)

    def respond(self, body: bool) -> None:
        Handler.hits[f"{self.command} {self.path}"] += 1
        path = self.path
        if path == "/ok":
            self.send(200, body)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/missing":
            self.send(404, body)
        elif path == "/error":
            self.send(500, body)
        elif path == "/flaky":
            if Handler.flaky_left > 0:
                Handler.flaky_left -= 1
                self.send(503, body)
            else:
                self.send(200, body)
        elif path == "/no-head":
            self.send(405 if self.command == "HEAD" else 200, body)
        elif path == "/kst-29911-167.html":
            self.send(200, body)
        elif path == "/forbidden":
            self.send(403, body)
        elif path.startswith("/slow"):
            with Handler.lock:
                Handler.in_flight += 1
                Handler.most_in_flight = max(Handler.most_in_flight, Handler.in_flight)
            try:
                time.sleep(0.8)
            finally:
                # Counted out before the answer goes: once the client has it, it may send its
                # next request, which must not overlap this one in the count.
                with Handler.lock:
                    Handler.in_flight -= 1
            self.send(200, body)
        else:
            self.send(404, body)

    def send(self, status: int, body: bool) -> None:
        payload = b"hallo" if body else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(payload) if body else 5))
        self.end_headers()
        if body:
            self.wfile.write(payload)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.hits.clear()
    Handler.flaky_left = 0
    Handler.most_in_flight = 0
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        # A slow answer the client gave up on is still being sent: let it end, so that it does
        # not count as in flight in the next test.
        deadline = time.monotonic() + 5
        while Handler.in_flight and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch) -> None:
    """A proxy from the environment must not carry the test's requests anywhere."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


FAST = Settings(concurrency=4, timeout=0.5, retries=1, backoff=0.01)


def test_statuses_are_judged_as_a_release_needs(server: str) -> None:
    urls = [f"{server}/{p}" for p in ("ok", "moved", "missing", "error", "no-head", "forbidden")]
    results = check_external(urls, FAST)
    outcome = {url.rsplit("/", 1)[1]: r.outcome for url, r in results.items()}
    assert outcome == {
        "ok": OK,
        "moved": OK,
        "missing": BROKEN,
        "error": BROKEN,
        "no-head": OK,
        "forbidden": UNREACHABLE,
    }
    assert results[f"{server}/moved"].detail == f"200; redirected to {server}/ok"
    assert results[f"{server}/missing"].detail == "404"
    assert results[f"{server}/error"].detail == "500 server error after 2 tries"
    assert Handler.hits["HEAD /error"] == 2  # retried once
    assert Handler.hits["GET /no-head"] == 1  # HEAD refused: asked again with GET
    assert Handler.hits["GET /missing"] == 1  # judged on GET, not on HEAD alone


def test_a_slow_server_times_out_as_a_warning_not_as_broken(server: str) -> None:
    results = check_external([f"{server}/slow"], Settings(timeout=0.3, retries=1, backoff=0.01))
    result = results[f"{server}/slow"]
    assert result.outcome == UNREACHABLE
    assert result.detail == "timed out"
    assert Handler.hits["HEAD /slow"] == 2  # asked again once before giving up


def test_a_transient_error_is_retried_with_backoff(server: str) -> None:
    Handler.flaky_left = 4  # two tries of HEAD and GET fail, the third HEAD works
    started = time.monotonic()
    results = check_external([f"{server}/flaky"], Settings(retries=2, backoff=0.1, timeout=2))
    assert results[f"{server}/flaky"].outcome == OK
    assert (Handler.hits["HEAD /flaky"], Handler.hits["GET /flaky"]) == (3, 2)
    assert time.monotonic() - started >= 0.3  # waited 0.1 s, then 0.2 s


@pytest.mark.parametrize("concurrency", [1, 3])
def test_links_are_checked_concurrently_up_to_the_bound(server: str, concurrency: int) -> None:
    urls = [f"{server}/slow?{i}" for i in range(concurrency + 2)]
    results = check_external(urls, Settings(concurrency=concurrency, timeout=10, retries=0))
    assert all(r.outcome == OK for r in results.values())
    # Each answer takes 0.8 s, so requests sent together are on the server together.
    assert Handler.most_in_flight <= concurrency
    if concurrency > 1:
        assert Handler.most_in_flight >= 2


def test_results_are_cached_until_the_ttl_passes(server: str, tmp_path: Path) -> None:
    cache = tmp_path / ".cache" / "linkcheck.json"
    urls = [f"{server}/ok", f"{server}/missing"]
    first = check_external(urls, FAST, cache, now=1000.0)
    assert not any(r.cached for r in first.values())
    hits = sum(Handler.hits.values())
    again = check_external(urls, FAST, cache, now=1000.0 + 3600)
    assert all(r.cached for r in again.values())
    assert {u: r.outcome for u, r in again.items()} == {u: r.outcome for u, r in first.items()}
    assert sum(Handler.hits.values()) == hits  # nothing asked
    later = check_external(urls, FAST, cache, now=1000.0 + 25 * 3600)  # TTL 24 h passed
    assert not any(r.cached for r in later.values())
    assert json.loads(cache.read_text())[f"{server}/ok"]["outcome"] == OK


def test_an_unreachable_result_is_not_cached(tmp_path: Path) -> None:
    cache = tmp_path / "c.json"
    url = f"http://127.0.0.1:{closed_port()}/x"
    check_external([url], FAST, cache)
    assert url not in json.loads(cache.read_text())


def test_skipped_urls_are_never_asked(server: str) -> None:
    settings = Settings(skip=(f"{server}/miss*",), retries=0, timeout=1)
    results = check_external([f"{server}/missing", f"{server}/ok"], settings)
    assert results[f"{server}/missing"].outcome == SKIPPED
    assert Handler.hits["HEAD /missing"] == 0


def test_a_network_outage_warns_and_fails_nothing() -> None:
    urls = [f"http://127.0.0.1:{closed_port()}/a", f"http://127.0.0.1:{closed_port()}/b"]
    results = check_external(urls, FAST)
    report = ExternalReport(results, {})
    assert all(r.outcome == UNREACHABLE for r in results.values())
    assert {r.detail for r in results.values()} == {"connection refused"}
    assert report.outage and not report.failed


def test_a_404_from_a_reachable_host_fails_even_when_another_is_down(server: str) -> None:
    urls = [f"{server}/missing", f"http://127.0.0.1:{closed_port()}/x"]
    report = ExternalReport(check_external(urls, FAST), {})
    assert report.failed and not report.outage


def test_the_command_reports_external_links_at_their_place(
    server: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    site = make_site(
        tmp_path,
        {
            **GOOD,
            "documenten/brief/index.html": f'<a href="{server}/missing#p3">bron</a>\n'
            f'<a href="{server}/ok">ok</a> <a href="{server}/missing">nog eens</a>',
        },
    )
    config = tmp_path / "linkcheck.toml"
    config.write_text(
        '[external]\ntimeout = 1.0\nretries = 0\ncache_file = ".cache/lc.json"\n'
        'skip = ["https://example.org/*"]\n'
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    monkeypatch.chdir(tmp_path)
    args = ["check-links", "--site-dir", str(site), "--external", "--config", str(config)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert (
        f"site/documenten/brief/index.html:2:1: broken link {server}/missing: 404 "
        "(and 1 more place)" in out
    )
    assert "1 working, 1 broken, 0 unreachable, 1 skipped" in out
    assert (tmp_path / ".cache" / "lc.json").is_file()


def test_the_command_passes_on_an_outage(tmp_path: Path, capsys, monkeypatch) -> None:
    url = f"http://127.0.0.1:{closed_port()}/bron"
    site = make_site(
        tmp_path, {**GOOD, "index.html": GOOD["index.html"] + f'<a href="{url}">b</a>'}
    )
    config = tmp_path / "linkcheck.toml"
    config.write_text("[external]\ntimeout = 0.5\nretries = 0\nskip = []\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    monkeypatch.chdir(tmp_path)
    args = ["check-links", "--site-dir", str(site), "--external", "--config", str(config)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "warning: unreachable" in out and "network seems to be down" in out


def test_external_links_are_collected_without_fragments(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"index.html": '<a href="https://a.example/x#y">a</a>'})
    assert list(external_links(read_site(site))) == ["https://a.example/x"]


def test_official_links_with_text_fragments_are_checked_at_their_address(
    tmp_path: Path, server: str
) -> None:
    """`make linkcheck EXTERNAL=1` asks the official site for a Kamerstuk's page, without the
    text fragment (a browser never sends it); the local server stands in for the official one."""
    good = kamerstuk_url("29911", 167).replace(OFFICIAL_SITE, server)
    gone = kamerstuk_url("36560-VI", 15).replace(OFFICIAL_SITE, server)
    assert gone.endswith("/kst-36560-VI-15.html")
    fragment = text_fragment("Nr. 167 BRIEF VAN DE MINISTER")
    site = make_site(
        tmp_path,
        {"index.html": f'<a href="{good}#{fragment}">a</a> <a href="{gone}#{fragment}">b</a>'},
    )
    report = check_site_external(site, FAST, None)
    assert {url: r.outcome for url, r in report.results.items()} == {good: OK, gone: BROKEN}
    assert Handler.hits["GET /kst-29911-167.html"] + Handler.hits["HEAD /kst-29911-167.html"]


def test_format_external_names_the_first_place() -> None:
    assert format_external(ExternalReport({}, {})) == []


def test_the_settings_file_of_the_project_loads(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.concurrency >= 1 and settings.timeout > 0
    assert settings.cache_file.startswith(".cache/")
    bad = tmp_path / "x.toml"
    bad.write_text("[external]\ntimeuot = 3\n")
    with pytest.raises(ValueError, match="timeuot"):
        load_settings(bad)
