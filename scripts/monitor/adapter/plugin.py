"""Adapter: the MkDocs plugin, thin event handlers over the stages; the only module knowing MkDocs.

- on_config: load and validate `data/`; any error aborts the build before MkDocs writes a single
  file, with the located messages and no traceback (a `PluginError`).
- on_page_markdown: append the glossary's abbreviation definitions to every page, generated or
  hand-written, so every abbreviation is explained on hover and focus.
- on_page_content: give every table cell its column's name (`render.label_table_cells`), so
  that on a phone every table, generated or hand-written, becomes a list of cards.
- on_files: add every page from `pages.build_pages` as an in-memory file; record pages stay out of
  the navigation (a navigation with every page makes the build quadratic: 81 s for 1,000 pages
  measured), overview pages are listed in `nav` in mkdocs.yml.
  Each generated page's edit link points at the YAML file behind it. The open-data downloads,
  feeds and redirect pages of renamed records are added as generated files too (so `mkdocs
  serve` has them), and the footer gets the data version through `config.extra`.
- on_post_page, on_post_template: give every HTML page its Content-Security-Policy, with the
  hashes of its own inline scripts (`csp.add_policy`); the redirect pages get theirs in on_files.
  Not in `mkdocs serve`: its live reload puts an inline script into every page as it is served,
  different on each build, which no policy written at build time can allow.
- on_post_build: index the finished site for search (`search.index_site`, Pagefind).
- on_nav, on_pre_page, on_env, on_post_page: speed only (`adapter_render`): generated pages are
  rendered on every core in `mkdocs build`, and reused between rebuilds in `mkdocs serve`.

If the project moves to another generator, this file (with adapter_render) is what gets rewritten.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import posixpath
import time
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import parallel
from ..data.changelog import Snapshot
from ..data.coverage import Coverage, build_coverage
from ..data.diagnostics import format_report
from ..data.history import Changelog, build_changelog, build_epoch, data_version
from ..data.load import ParseCache
from ..data.model import Dataset
from ..data.validate import validate_data
from ..publish.csp import PolicyError, add_policy
from ..publish.opendata import (
    ALL_FEED,
    OpenData,
    OpenDataCache,
    Site,
    build_open_data,
    build_redirects,
)
from ..publish.reports import FEEDS_PAGE, build_report_pages, version_line
from ..publish.search import SearchIndexError, index_site
from ..site.pages import GeneratedPage, abbreviation_definitions, build_pages
from ..site.render import expand_blocks, label_table_cells
from ..site.search_terms import WORD_LIST, site_words, word_list_json
from ..site.signals import DEFAULT_STALE_AFTER_DAYS, Signals, find_signals, reference_date
from .fast_render import (
    Rendered,
    ServeCache,
    apply_rendered,
    decompressed,
    install_template,
    output_fingerprint,
    prerender,
    prerender_templates,
    render_fingerprint,
    render_page,
    use_outputs,
)

log = logging.getLogger("mkdocs.plugins.monitor")


class MonitorConfig(Config):
    data_dir = c.Type(str, default="data")
    # Folder with the source texts; when set, every quote is checked during the build too.
    sources_dir = c.Optional(c.Type(str))
    # Source texts for the editors' coverage page only (no quote check; no error when missing:
    # the page then says the texts were not there). `sources_dir` wins when set.
    coverage_sources_dir = c.Optional(c.Type(str))
    # A record not finished that no document has mentioned for this many days is flagged stale.
    stale_after_days = c.Type(int, default=DEFAULT_STALE_AFTER_DAYS)
    # Build the Pagefind search index after the site is written (off only to time the rest).
    search_index = c.Type(bool, default=True)


class MonitorPlugin(BasePlugin[MonitorConfig]):
    def __init__(self) -> None:
        self.dataset: Dataset | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.abbreviations = ""
        self.today = dt.date.today()
        self.signals: Signals | None = None
        self.coverage: Coverage | None = None
        self.changelog = Changelog()
        self.open_data = OpenData([], 0)
        self.static: dict[str, bytes] = {}
        # Speed (see adapter_render): parsed files and HTML kept across `mkdocs serve` rebuilds,
        # generated pages rendered on all cores in `mkdocs build`.
        self.parse_cache: ParseCache | None = None
        self.open_data_cache: OpenDataCache | None = None
        self.snapshots: dict[tuple[str, str], Snapshot] = {}  # releases' data, never changing
        self.serve_cache: ServeCache | None = None
        self.prerendered: dict[str, Rendered] = {}
        self.render_fingerprint = ""
        self.nav: Navigation | None = None
        self.data_layer = (0.0, 0.0)  # wall and CPU seconds of on_config and on_files
        self.epoch_from_git = False

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.serve_cache is not None:
            self.serve_cache.stop_indexing()  # before MkDocs empties the site folder

    def on_shutdown(self) -> None:
        self._unset_build_date()
        if self.serve_cache is not None:
            self.serve_cache.stop_indexing()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance alive across serve's rebuilds: the caches too.
        serve = command == "serve"
        self.parse_cache, self.serve_cache = ({}, ServeCache()) if serve else (None, None)
        self.open_data_cache = OpenDataCache() if serve else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        started = _clock()
        root = Path(config.config_file_path).parent
        data_dir = root / self.config.data_dir
        sources = root / self.config.sources_dir if self.config.sources_dir else None
        if sources is not None and not sources.is_dir():
            raise PluginError(f"monitor: sources_dir '{sources}' does not exist")
        result = validate_data(data_dir, root=root, sources_dir=sources, cache=self.parse_cache)
        if result.dataset is None:
            raise PluginError(
                "De gegevens bevatten fouten; er is niets gebouwd.\n"
                + format_report(result.diagnostics)
            )
        self.dataset = result.dataset
        self.abbreviations = abbreviation_definitions(result.dataset)
        self._prepare_reports(config, root, data_dir)
        self.data_layer = _since(started)
        return config

    def _set_build_date(self, root: Path) -> None:
        """SOURCE_DATE_EPOCH, which MkDocs dates pages and the sitemap by and `reference_date`
        reads: as given, else the last commit's time (`history.build_epoch`), so that a plain
        `mkdocs build` of a commit is reproducible too. One taken from git holds for this build
        only (`_unset_build_date`): the next rebuild of `mkdocs serve` takes it again."""
        self._unset_build_date()
        epoch = build_epoch(root, os.environ)
        if epoch is not None and "SOURCE_DATE_EPOCH" not in os.environ:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
            self.epoch_from_git = True

    def _unset_build_date(self) -> None:
        if self.epoch_from_git:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.epoch_from_git = False

    def on_build_error(self, *, error: Exception) -> None:
        self._unset_build_date()

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return f"{markdown}\n\n{self.abbreviations}\n" if self.abbreviations else markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Every page, generated or hand-written: each table cell gets its column's name, for the
        # stacked tables on a phone.
        return label_table_cells(html)

    def _prepare_reports(self, config: MkDocsConfig, root: Path, data_dir: Path) -> None:
        """Signals, changelog, data version, open data and redirects: computed once per build.
        The reference date is SOURCE_DATE_EPOCH's day (see _set_build_date), so a commit always
        builds the same site."""
        assert self.dataset is not None
        self._set_build_date(root)
        self.today = reference_date()
        self.signals = find_signals(self.dataset, self.today, self.config.stale_after_days)
        # INFO: a report, not a failure under --strict; one line, the records with `-v`.
        summary, *details = self.signals.report_lines()
        log.info("monitor: %s", summary)
        for line in details:
            log.debug("monitor: %s", line)
        self.changelog = build_changelog(root, data_dir, self.dataset, self.snapshots)
        texts = self.config.sources_dir or self.config.coverage_sources_dir
        texts_dir = root / texts if texts else None
        self.coverage = (
            build_coverage(self.dataset, texts_dir)
            if texts_dir is not None and texts_dir.is_dir()
            else None
        )
        line = version_line(data_version(root, data_dir))
        config.extra["monitor_data_version"] = line
        site = Site(config.site_name, config.site_url or None, config.use_directory_urls)
        self.open_data = build_open_data(self.dataset, site, self.open_data_cache)
        feeds = [d.path for d in self.open_data.downloads if d.path == ALL_FEED]
        config.extra["monitor_feed"] = feeds[0] if feeds else ""
        # The footer links the page that explains the feeds: the feed itself is raw XML.
        config.extra["monitor_feed_page"] = site.page_url(FEEDS_PAGE) if feeds else ""
        # Announced in <head>: the site's feed on every page, a page's own feed on its page.
        config.extra["monitor_page_feeds"] = {
            d.about: {"href": d.path, "title": d.heading}
            for d in self.open_data.downloads
            if d.format == "Atom" and d.about
        }
        self.static = {d.path: d.content for d in self.open_data.downloads}
        self.static.update(build_redirects(self.dataset, site))
        # The site's words, for the search page's "Bedoelde u …?" (zoeken.js).
        self.static[WORD_LIST] = word_list_json(site_words(self.dataset))

    # Late, so that pages generated here are seen by plugins (search) that run on files later.
    @event_priority(50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.dataset is not None and self.signals is not None
        started = _clock()
        self.pages = build_pages(
            self.dataset,
            today=self.today,
            signals=self.signals,
            directory_urls=config.use_directory_urls,
            workers=parallel.cores(),
        )
        self.pages.update(
            build_report_pages(
                self.dataset,
                changelog=self.changelog,
                signals=self.signals,
                open_data=self.open_data,
                site_url=config.site_url or None,
                coverage=self.coverage,
            )
        )
        docs_dir = Path(config.docs_dir)
        root = Path(config.config_file_path).parent
        for page in self.pages.values():
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                raise PluginError(
                    f"monitor: '{page.path}' is generated from data/, but "
                    f"'{config.docs_dir}/{page.path}' exists too; remove the hand-written file"
                )
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.path, content=page.text, inclusion=inclusion)
            if page.edit_path:
                # edit_uri points into the docs folder; a path relative to it reaches the data.
                rel_docs = docs_dir.resolve().relative_to(root.resolve()).as_posix()
                file.edit_uri = posixpath.relpath(page.edit_path, rel_docs)
            else:
                file.edit_uri = None
            files.append(file)
        # Downloads, feeds and redirect pages: generated files copied as they are.
        for path, content in sorted(self.static.items()):
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"monitor: '{path}' is generated from data/, but another file has that path"
                )
            if path.endswith(".html") and self.serve_cache is None:
                content = _with_policy(content.decode("utf-8"), path).encode("utf-8")
            files.append(File.generated(config, path, content=content))
        wall, cpu = (a + b for a, b in zip(self.data_layer, _since(started), strict=True))
        # The benchmark reads this line: the data layer's share of a real build.
        log.info(f"monitor: data layer took {wall:.2f} s ({cpu:.2f} s CPU)")
        return files

    # Last, when the files and the navigation are final and before MkDocs reads any page.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.serve_cache is not None:
            self.render_fingerprint = render_fingerprint(config, files)
        else:
            self.prerendered = prerender(config, files, list(self.pages))
        return nav

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        if page.file.src_uri in self.pages:
            page.render = functools.partial(self._render, page)  # type: ignore[method-assign]
        return page

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Page.render for a generated page: reuse HTML made from this very Markdown, or make it."""
        src = page.file.src_uri
        assert page.markdown is not None
        done = self.prerendered.pop(src, None)
        if done is None and self.serve_cache is not None:
            done = self.serve_cache.lookup(src, self.render_fingerprint, page.markdown)
        if done is not None and done.markdown == page.markdown:
            apply_rendered(page, done, files)
        elif self.serve_cache is not None:
            result = render_page(page, config, files)
            self.serve_cache.store(src, self.render_fingerprint, result)
        else:
            Page.render(page, config, files)
        # The page's HTML blocks go in where the Markdown kept their markers.
        assert page.content is not None
        page.content = expand_blocks(page.content, self.pages[src].blocks)

    # Last, so that the environment is final.
    @event_priority(-100)
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.nav is None:
            return env
        generated = [
            f.page for f in files.documentation_pages() if f.src_uri in self.pages and f.page
        ]
        if self.serve_cache is not None:
            cache = self.serve_cache
            # MkDocs makes a new environment for every build; keep the compiled templates.
            env.bytecode_cache = cache.bytecode
            install_template(env, lambda src: cache.hits[src])
            cache.plan_outputs(generated, output_fingerprint(config, self.nav))
            log.debug(
                f"monitor: {len(cache.hits)} of {len(generated)} generated pages "
                "reuse the previous build's output"
            )
        else:
            outputs = prerender_templates(
                config, files, self.nav, env, [p.file.src_uri for p in generated]
            )
            install_template(env, decompressed(outputs))
            use_outputs(generated, outputs)
        return env

    # First, so the output kept is the template's, before other plugins change it.
    @event_priority(100)
    def _remember_output(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.serve_cache is not None:
            self.serve_cache.remember_output(page, output)
        return output

    # Last, so the policy covers every inline script that the theme and plugins put in.
    @event_priority(-100)
    def _add_policy(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.serve_cache is not None:
            return output
        return _with_policy(output, page.file.dest_uri)

    on_post_page = CombinedEvent(_remember_output, _add_policy)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, template_name: str, config: MkDocsConfig
    ) -> str:
        """The theme's static pages (404.html) get a policy too; sitemap.xml is no HTML."""
        if self.serve_cache is not None or not template_name.endswith(".html"):
            return output_content
        return _with_policy(output_content, template_name)

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._unset_build_date()
        if not self.config.search_index:
            return
        if self.serve_cache is not None:
            # In serve the edited page reloads first and the index follows a few seconds later
            # (3.4 s of a 5.4 s rebuild at 1,000 records); a new build stops an unfinished one.
            self.serve_cache.index_in_background(Path(config.site_dir))
            return
        try:
            result = index_site(Path(config.site_dir))
        except SearchIndexError as error:
            raise PluginError(f"monitor: the search index could not be built:\n{error}") from None
        log.info(f"monitor: search index built for {result.pages} pages")


def _with_policy(output: str, where: str) -> str:
    try:
        return add_policy(output)
    except PolicyError as error:
        raise PluginError(f"monitor: {where}: {error}") from None


def _clock() -> tuple[float, float]:
    """Wall time, and CPU time of this process and of its finished children: load parses and
    build_pages renders on every core, and their workers' time is the data layer's too."""
    return time.perf_counter(), parallel.cpu_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def site_path(config_file: Path) -> str:
    """The site's path on its server, from `site_url` ('/' when it is not set): where the
    absolute links MkDocs writes (on the 404 page) start."""
    from urllib.parse import urlsplit

    from mkdocs.utils.yaml import yaml_load

    try:
        with config_file.open("rb") as stream:
            config = yaml_load(stream)  # MkDocs' own reading: !ENV SITE_URL resolved
    except OSError:
        return "/"
    url = config.get("site_url") if isinstance(config, dict) else None
    return (urlsplit(url).path or "/") if isinstance(url, str) else "/"


def build_site(
    config_file: Path, site_dir: Path | None = None, strict: bool = True, verbose: bool = False
) -> int:
    """Build with MkDocs into a fresh folder beside `site_dir`, and move it into place only when
    the build succeeded: a failed build leaves the previous site as it was, never half-written.

    Strict also means no broken link or anchor anywhere in the built site, generated pages
    included: MkDocs checks only links between Markdown files, so the finished folder goes
    through the link check (`check.check_internal`) before it replaces the old site. The build
    date (SOURCE_DATE_EPOCH) is the plugin's business, so plain `mkdocs build` is the same."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    from ..publish.check import check_internal

    root = config_file.resolve().parent
    target = (site_dir or root / "site").resolve()
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        cmd = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--config-file",
            str(config_file),
            "--site-dir",
            str(staging),
        ]
        if strict:
            cmd.append("--strict")
        if verbose:
            cmd.append("--verbose")
        done = subprocess.run(cmd, cwd=root, env=env)
        if done.returncode != 0:
            print(f"De bouw is mislukt; {target} is gebleven zoals het was.", file=sys.stderr)
            return done.returncode
        if strict:
            problems = check_internal(staging, base=site_path(config_file))
            for problem in problems:
                print(problem.format(target.name), file=sys.stderr)
            if problems:
                print(
                    f"De bouw is mislukt: {len(problems)} kapotte link(s) of anker(s) in de "
                    f"gebouwde site; {target} is gebleven zoals het was.",
                    file=sys.stderr,
                )
                return 1
        old = target.with_name(f".{target.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
