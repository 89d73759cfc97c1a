"""Build: the pipeline in one straight function, `build_content(config) -> SiteContent`.

load → validate → reports (signals, changelog, coverage, data version) → pages (record,
overview and report pages) → open data, feeds, redirects and the search word list. What comes
out is everything a site generator needs to write the site: pages as Markdown, files as bytes,
and a few values for the theme. Bad data raises `DataError` with every diagnostic, before
anything is written. Like MkDocs' `commands/build.py::build()`, the order of the steps is the
order of the lines below.

This module does not import MkDocs (a test checks it): the adapter calls `build_content` and
hands its result to MkDocs; another generator would do the same with it. It does not set the
build date either: the caller passes the reference date (the adapter takes it from
SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import parallel
from .data.changelog import Snapshot
from .data.coverage import build_coverage
from .data.diagnostics import Diagnostic, format_report
from .data.history import build_changelog, data_version
from .data.load import ParseCache, ParsedStore
from .data.model import Dataset
from .data.validate import ValidatedMemo, validate_data
from .publish.opendata import ALL_FEED, OpenDataCache, Site, build_open_data, build_redirects
from .publish.reports import FEEDS_PAGE, build_report_pages, version_line
from .site.pages import GeneratedPage, abbreviation_definitions, build_pages
from .site.search_terms import WORD_LIST, site_words, word_list_json
from .site.signals import DEFAULT_STALE_AFTER_DAYS, find_signals


@dataclass
class Caches:
    """What a caller that builds again and again (`mkdocs serve`) keeps between builds, so that
    a rebuild after a one-file edit redoes only what the edit changed. Every entry is checked
    against what it was made from (a file's bytes, a record object), so none can be stale.
    One object, owned by the caller; a single build passes none."""

    parsed: ParseCache = field(default_factory=dict)  # data file path -> (bytes, parse outcome)
    validated: ValidatedMemo = field(default_factory=dict)  # data file path -> (text, outcome)
    open_data: OpenDataCache = field(default_factory=OpenDataCache)  # serialised records, entries
    snapshots: dict[tuple[str, str], Snapshot] = field(default_factory=dict)  # releases' data


@dataclass
class BuildConfig:
    """What the pipeline needs to know; the adapter fills it from the generator's config."""

    root: Path  # the project root: paths in messages are relative to it; git runs here
    data_dir: Path
    site_name: str
    site_url: str | None = None  # None: links in downloads and feeds stay relative
    directory_urls: bool = True  # `a/b.md` is published as `a/b/` (else `a/b.html`)
    today: dt.date | None = None  # the reference date of deadlines and signals
    sources_dir: Path | None = None  # when set, every quote is checked against these texts
    coverage_sources_dir: Path | None = None  # texts for the coverage page only
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    workers: int = 1  # processes for parsing and rendering pages
    caches: Caches | None = None
    store: bool = True  # keep parsed files on disk below the root (`load.ParsedStore`)


@dataclass
class SiteContent:
    """Everything the generator writes, beside its own hand-written pages."""

    dataset: Dataset
    pages: dict[str, GeneratedPage]  # src path -> page (Markdown, blocks, edit path, in nav)
    files: dict[str, bytes]  # path in the site -> content: downloads, feeds, redirects, words
    extra: dict[str, Any]  # values for the theme (footer data version, feed links)
    abbreviations: str  # the glossary's abbreviation definitions, appended to every page
    signal_lines: list[str]  # the signal report: a summary line, then one line per record
    data_layer: tuple[float, float] = (0.0, 0.0)  # wall and CPU seconds of build_content


class DataError(Exception):
    """The data has errors: nothing may be built. Carries every diagnostic of the run."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(format_report(diagnostics))
        self.diagnostics = diagnostics


def build_content(config: BuildConfig) -> SiteContent:
    """The site's generated content from `data/`; `DataError` when the data has errors."""
    started = clock()
    caches = config.caches
    # Load and validate.
    store = ParsedStore.at(config.root) if config.store else None
    result = validate_data(
        config.data_dir,
        root=config.root,
        sources_dir=config.sources_dir,
        cache=caches.parsed if caches else None,
        store=store,
        memo=caches.validated if caches else None,
    )
    if result.dataset is None:
        raise DataError(result.diagnostics)
    ds = result.dataset
    # Reports: what the data says about itself and its history.
    today = config.today or dt.date.today()
    signals = find_signals(ds, today, config.stale_after_days)
    changelog = build_changelog(
        config.root, config.data_dir, ds, caches.snapshots if caches else None
    )
    texts_dir = config.sources_dir or config.coverage_sources_dir
    coverage = build_coverage(ds, texts_dir) if texts_dir and texts_dir.is_dir() else None
    version = version_line(data_version(config.root, config.data_dir))
    # Open data first: the open-data page lists its downloads.
    site = Site(config.site_name, config.site_url, config.directory_urls)
    open_data = build_open_data(ds, site, caches.open_data if caches else None)
    # Pages.
    pages = build_pages(
        ds,
        today=today,
        signals=signals,
        directory_urls=config.directory_urls,
        workers=config.workers,
    )
    pages.update(
        build_report_pages(
            ds,
            changelog=changelog,
            signals=signals,
            open_data=open_data,
            site_url=config.site_url,
            coverage=coverage,
        )
    )
    # Files copied as they are: downloads and feeds, redirects of renamed records, and the
    # site's words for the search page's "Bedoelde u …?" (zoeken.js).
    files = {d.path: d.content for d in open_data.downloads}
    files.update(build_redirects(ds, site))
    files[WORD_LIST] = word_list_json(site_words(ds))
    has_feed = any(d.path == ALL_FEED for d in open_data.downloads)
    extra = {
        "monitor_data_version": version,
        "monitor_feed": ALL_FEED if has_feed else "",
        # The footer links the page that explains the feeds: the feed itself is raw XML.
        "monitor_feed_page": site.page_url(FEEDS_PAGE) if has_feed else "",
        # Announced in <head>: the site's feed on every page, a page's own feed on its page.
        "monitor_page_feeds": {
            d.about: {"href": d.path, "title": d.heading}
            for d in open_data.downloads
            if d.format == "Atom" and d.about
        },
    }
    return SiteContent(
        dataset=ds,
        pages=pages,
        files=files,
        extra=extra,
        abbreviations=abbreviation_definitions(ds),
        signal_lines=signals.report_lines(),
        data_layer=since(started),
    )


def clock() -> tuple[float, float]:
    """Wall time, and CPU time of this process and of its finished children: load parses and
    build_pages renders on every core, and their workers' time is the data layer's too."""
    return time.perf_counter(), parallel.cpu_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]
