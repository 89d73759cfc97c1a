"""Check: links of the built site. Reads `site/`; must not rebuild or change anything.

Internal: every `href`/`src` of every HTML page that stays inside the site must reach a file of
the built site, and every `#anchor` an element id on the page it points to. Zero broken links is
the rule; a broken one fails CI.

Why not LinkChecker (10.6, locked in the dev group)? Measured on this site (318 pages, 1,647 URLs)
on the CI machine: 9 min 38 s with 4 threads and the anchor plugin (through a local HTTP server),
against about 1.5 s here (tests/benchmarks/bench_linkcheck.py, 322 pages: 1.25 s to parse the 6.5 MB
of HTML, 0.3 s to resolve the 16,800 internal links and anchors). It also cannot read the site as
files when run as root (it drops to 'nobody', and then cannot open `/work/...`), so it needs an HTTP
server in front of the folder; and it reports a missing anchor only as a warning. It is correct (it
found the broken link and both broken anchors of a hand-made test site) and stays the tool for a
second opinion: `python -m http.server -d site` and `linkchecker http://127.0.0.1:8000/` with
`[AnchorCheck]`. The internal check here uses the standard library's HTML parser over the files
themselves.

External: links that leave the site (sources, official publications) are checked concurrently
(a bounded thread pool), with a timeout, retries with backoff, HEAD with a GET fallback, a cache
of recent results in `.cache/` and a skip list, all set in `scripts/monitor/linkcheck.toml`. A
link is *broken* only when a host that answered says so (404, 410, a 5xx after the retries);
an unreachable host, a DNS failure or a timeout is a *warning*, and when no link could be
reached at all the report says the network is out and fails nothing.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
import socket
import time
import tomllib
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from ..site.originals import split_fragment

CONFIG_FILE = Path(__file__).with_name("linkcheck.toml")

# Attributes that make the browser load or go somewhere, by tag.
_LINK_ATTRS = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src"}
_EXTERNAL_SCHEMES = {"http", "https"}
_IGNORED_SCHEMES = {"mailto", "tel", "data", "javascript", "ftp"}


# --- reading the built pages ------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    page: str  # the page it stands on, relative to the site folder: 'maatregelen/x/index.html'
    line: int
    col: int
    url: str  # as written in the HTML


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.result = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.result.ids.add(values[name] or "")
        wanted = _LINK_ATTRS.get(tag)
        url = values.get(wanted) if wanted else None
        if url is not None:
            line, col = self.getpos()
            self.result.links.append(Link(self.page, line, col + 1, url.strip()))

    handle_startendtag = handle_starttag


def read_site(site_dir: Path) -> dict[str, Page]:
    """Every HTML page of the built site with its element ids and its links."""
    pages: dict[str, Page] = {}
    for file in sorted(site_dir.rglob("*.html")):
        rel = file.relative_to(site_dir).as_posix()
        parser = _PageParser(rel)
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        pages[rel] = parser.result
    return pages


# --- internal links ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A link that does not work, in the form editors and tools jump to."""

    link: Link
    reason: str
    hint: str = ""

    def format(self, site_name: str = "site") -> str:
        text = f"{site_name}/{self.link.page}:{self.link.line}:{self.link.col}: {self.reason}"
        return text + (f"; {self.hint}" if self.hint else "")


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return bool(url) and not parts.scheme and not parts.netloc


def check_internal(
    site_dir: Path, pages: dict[str, Page] | None = None, base: str = "/"
) -> list[Problem]:
    """Every internal link and anchor of the built site that does not resolve. `base` is the
    site's path on its server (from `site_url`: '/monitor/' for https://example.org/monitor/),
    which absolute links start with (MkDocs writes them on the 404 page)."""
    pages = read_site(site_dir) if pages is None else pages
    problems: list[Problem] = []
    resolved: dict[str, Path | None] = {}  # 14,000 links point at a few hundred targets

    def resolve(target: str) -> Path | None:
        if target not in resolved:
            resolved[target] = _resolve(site_dir, target)
        return resolved[target]

    for rel, page in pages.items():
        for link in page.links:
            problem = _check_internal_link(resolve, pages, rel, link, base)
            if problem is not None:
                problems.append(problem)
    return sorted(problems, key=lambda p: (p.link.page, p.link.line, p.link.col))


def _check_internal_link(
    resolve: Callable[[str], Path | None],
    pages: dict[str, Page],
    rel: str,
    link: Link,
    site_base: str = "/",
) -> Problem | None:
    if not is_internal(link.url):
        return None  # external or empty: not this check's business
    parts = urlsplit(link.url)
    if parts.path == "" and parts.fragment == "":
        return None  # "?query" only: the same page
    # The page's own URL, as a server sends it: 'maatregelen/x/index.html' is '/maatregelen/x/'.
    base = "/" + rel
    target = unquote(urljoin(base, parts.path)) if parts.path else base
    if site_base != "/" and parts.path.startswith("/"):
        if not target.startswith(site_base):
            reason = f"kapotte link '{link.url}': buiten de site, die op {site_base} staat"
            return Problem(link, reason, _hint(rel))
        target = "/" + target[len(site_base) :]
    target_file = resolve(target)
    if target_file is None:
        return Problem(link, f"kapotte link '{link.url}': niets op {target}", _hint(rel))
    # A fragment may end in a directive after ':~:' (a text fragment, `#x:~:text=…`, which
    # highlights a passage): that is for the browser, which ignores it when the words are not
    # found; the anchor before it must still be an element id.
    anchor, directive = split_fragment(parts.fragment)
    if directive and not _TEXT_DIRECTIVE.fullmatch(directive):
        return Problem(
            link,
            f"kapotte link '{link.url}': '{directive}' is geen tekstfragment "
            "(':~:text=begin' of ':~:text=begin,eind', tekens als - & , gecodeerd)",
            _hint(rel),
        )
    if anchor:
        target_rel = posixpath.normpath(target.lstrip("/") or ".")
        if target.endswith("/") or target_rel == "." or target_rel not in pages:
            target_rel = posixpath.join(target_rel, "index.html").removeprefix("./")
        target_page = pages.get(target_rel)
        anchor = unquote(anchor)
        if target_page is not None and anchor not in target_page.ids:
            return Problem(
                link,
                f"kapot anker '{link.url}': geen element met id '{anchor}' op {target_rel}",
                _hint(rel),
            )
    return None


# One or more `text=[prefix-,]start[,end][,-suffix]` directives joined by '&' (URL Fragment
# Text Directives, WICG): each part percent-encoded, so that '-', ',' and '&' in the words
# themselves cannot be read as the syntax.
_TEXT_PART = r"[^&,\-\s]+"
_TEXT_DIRECTIVE = re.compile(
    rf"text=(?:{_TEXT_PART}-,)?{_TEXT_PART}(?:,{_TEXT_PART})?(?:,-{_TEXT_PART})?"
    rf"(?:&text=(?:{_TEXT_PART}-,)?{_TEXT_PART}(?:,{_TEXT_PART})?(?:,-{_TEXT_PART})?)*"
)


def _resolve(site_dir: Path, target: str) -> Path | None:
    """The file a server would send for the site path `target`, or None."""
    path = posixpath.normpath(target)
    if path.startswith(".."):
        return None
    candidate = site_dir / path.lstrip("/")
    try:
        candidate.resolve().relative_to(site_dir.resolve())
    except ValueError:
        return None  # leaves the site
    if target.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


_SOURCES = {
    "maatregelen": "data/measures",
    "moties": "data/motions",
    "toezeggingen": "data/commitments",
    "documenten": "data/documents",
}


def _hint(page: str) -> str:
    """Where to fix a link on a generated record page: its YAML file."""
    parts = page.split("/")
    if len(parts) == 3 and parts[0] in _SOURCES and parts[2] == "index.html":
        return f"de pagina wordt gemaakt uit {_SOURCES[parts[0]]}/{parts[1]}.yaml"
    return ""


# --- external links ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    concurrency: int = 8
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubled for each next one
    cache_ttl_hours: float = 24.0
    cache_file: str = ".cache/linkcheck.json"
    skip: tuple[str, ...] = ()  # URL patterns (fnmatch) that are never checked
    tolerated: tuple[int, ...] = (401, 403, 429)  # a host refusing robots: a warning, not broken
    user_agent: str = "ondermijning-monitor-linkcheck/0.1"


def load_settings(path: Path = CONFIG_FILE) -> Settings:
    """Settings from the `[external]` table of the TOML file; defaults for what it leaves out."""
    if not path.is_file():
        return Settings()
    with path.open("rb") as f:
        table = tomllib.load(f).get("external", {})
    known = set(Settings.__dataclass_fields__)
    unknown = set(table) - known
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
    for name in ("skip", "tolerated"):
        if name in table:
            table[name] = tuple(table[name])
    return Settings(**table)


OK, BROKEN, UNREACHABLE, SKIPPED = "ok", "broken", "unreachable", "skipped"


@dataclass(frozen=True)
class Result:
    url: str
    outcome: str  # OK, BROKEN, UNREACHABLE or SKIPPED
    detail: str  # '200', '404 Not Found', 'timed out', 'redirected to …'
    cached: bool = False


@dataclass
class ExternalReport:
    results: dict[str, Result]
    where: dict[str, list[Link]]  # every page position of each URL

    def of(self, outcome: str) -> list[Result]:
        return [r for r in self.results.values() if r.outcome == outcome]

    @property
    def outage(self) -> bool:
        """No link could be reached at all: the network, not the links, is the problem."""
        checked = [r for r in self.results.values() if r.outcome != SKIPPED]
        return bool(checked) and all(r.outcome == UNREACHABLE for r in checked)

    @property
    def failed(self) -> bool:
        return bool(self.of(BROKEN))


def external_links(pages: dict[str, Page]) -> dict[str, list[Link]]:
    """Every http(s) link of the site, without its #fragment, with where it stands."""
    where: dict[str, list[Link]] = defaultdict(list)
    for page in pages.values():
        for link in page.links:
            parts = urlsplit(link.url)
            if parts.scheme in _EXTERNAL_SCHEMES and parts.netloc:
                where[parts._replace(fragment="").geturl()].append(link)
    return dict(where)


Fetch = Callable[[str, str, float], tuple[int, str]]


def check_external(
    urls: Iterable[str],
    settings: Settings,
    cache_path: Path | None = None,
    now: float | None = None,
    fetch: Fetch | None = None,
) -> dict[str, Result]:
    """Check each URL once; results younger than the cache's TTL are reused, not fetched."""
    now = time.time() if now is None else now
    fetch = fetch or _make_fetch(settings)
    cache = _read_cache(cache_path)
    ttl = settings.cache_ttl_hours * 3600
    results: dict[str, Result] = {}
    todo: list[str] = []
    for url in sorted(set(urls)):
        if any(fnmatch.fnmatchcase(url, pattern) for pattern in settings.skip):
            results[url] = Result(url, SKIPPED, "on the skip list in linkcheck.toml")
            continue
        hit = cache.get(url)
        if hit and now - hit["checked"] < ttl:
            results[url] = Result(url, hit["outcome"], hit["detail"], cached=True)
            continue
        todo.append(url)
    with ThreadPoolExecutor(max_workers=max(1, settings.concurrency)) as pool:
        for result in pool.map(lambda u: _check_one(u, settings, fetch), todo):
            results[result.url] = result
            if result.outcome in (OK, BROKEN):  # an unreachable host is asked again next time
                cache[result.url] = {
                    "outcome": result.outcome,
                    "detail": result.detail,
                    "checked": now,
                }
    if cache_path is not None:
        _write_cache(cache_path, cache, now, ttl)
    return dict(sorted(results.items()))


class _Unreachable(Exception):
    pass


def _check_one(url: str, settings: Settings, fetch: Fetch) -> Result:
    delay = settings.backoff
    last = ""
    for attempt in range(settings.retries + 1):
        if attempt:
            time.sleep(delay)
            delay *= 2
        try:
            status, final = fetch(url, "HEAD", settings.timeout)
            if status >= 400:
                # Some servers refuse or mishandle HEAD (405, 501, even 404 or 403) and answer
                # GET properly: a link is only judged on the answer to GET.
                status, final = fetch(url, "GET", settings.timeout)
        except _Unreachable as exc:
            last = str(exc)
            continue
        moved = f"; redirected to {final}" if final and final != url else ""
        if status < 400:
            return Result(url, OK, f"{status}{moved}")
        if status in settings.tolerated:
            return Result(url, UNREACHABLE, f"{status}: the host refuses automatic checks")
        if status >= 500 or status == 429:
            last = f"{status} server error"
            continue
        return Result(url, BROKEN, f"{status}{moved}")
    if last.endswith("server error"):
        return Result(url, BROKEN, f"{last} after {settings.retries + 1} tries")
    return Result(url, UNREACHABLE, last or "no answer")


def _make_fetch(settings: Settings) -> Fetch:
    def fetch(url: str, method: str, timeout: float) -> tuple[int, str]:
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": settings.user_agent}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.geturl()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl() or url
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise _Unreachable(_describe(reason)) from None
        except (OSError, ValueError) as exc:
            raise _Unreachable(_describe(exc)) from None

    return fetch


def _describe(reason: Any) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "host name not found (DNS)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return str(reason) or type(reason).__name__


def _read_cache(path: Path | None) -> dict[str, dict[str, Any]]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged cache is only a slower run
    return data if isinstance(data, dict) else {}


def _write_cache(path: Path, cache: dict[str, dict[str, Any]], now: float, ttl: float) -> None:
    fresh = {u: r for u, r in cache.items() if now - r.get("checked", 0) < ttl}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(fresh, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def check_site_external(
    site_dir: Path,
    settings: Settings,
    cache_path: Path | None,
    pages: dict[str, Page] | None = None,
) -> ExternalReport:
    pages = read_site(site_dir) if pages is None else pages
    where = external_links(pages)
    return ExternalReport(check_external(where, settings, cache_path), where)


def format_external(report: ExternalReport, site_name: str = "site") -> list[str]:
    """One line per broken or unreachable link, at its first place in the site."""
    lines = []
    for result in report.of(BROKEN) + report.of(UNREACHABLE):
        first = report.where[result.url][0] if report.where.get(result.url) else None
        place = f"{site_name}/{first.page}:{first.line}:{first.col}: " if first else ""
        more = len(report.where.get(result.url, [])) - 1
        also = f" (and {more} more place{'s' if more != 1 else ''})" if more > 0 else ""
        kind = "broken link" if result.outcome == BROKEN else "warning: unreachable"
        lines.append(f"{place}{kind} {result.url}: {result.detail}{also}")
    return lines
