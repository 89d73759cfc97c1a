"""Adapter: the MkDocs plugin, thin event handlers that hand `build_content`'s result to MkDocs.

- on_config: run the pipeline (`build.build_content`: load, validate, reports, pages, open data)
  once per build; bad data aborts the build before MkDocs writes a single file, with the located
  messages and no traceback (a `PluginError`). Sets the build date (SOURCE_DATE_EPOCH) first and
  puts the theme's values (data version, feed links) into `config.extra`.
- on_files: add every generated page as an in-memory file; record pages stay out of the
  navigation (a navigation with every page makes the build quadratic: 81 s for 1,000 pages
  measured), overview pages are listed in `nav` in mkdocs.yml. Each generated page's edit link
  points at the YAML file behind it. Downloads, feeds, redirect pages and the word list are added
  as generated files too (so `mkdocs serve` has them).
- on_page_markdown: append the glossary's abbreviation definitions to every page, generated or
  hand-written, so every abbreviation is explained on hover and focus.
- on_page_content: give every table cell its column's name (`render.label_table_cells`), so
  that on a phone every table, generated or hand-written, becomes a list of cards.
- on_post_page, on_post_template: give every HTML page its Content-Security-Policy, with the
  hashes of its own inline scripts (`csp.add_policy`); the redirect pages get theirs in on_files.
  Not in `mkdocs serve`: its live reload puts an inline script into every page as it is served,
  different on each build, which no policy written at build time can allow.
- on_post_build: index the finished site for search (`search.index_site`, Pagefind).
- on_nav, on_pre_page, on_env, on_post_page: speed only (`fast_render`, with the MkDocs internals
  it needs in `internals`): generated pages are rendered on every core in `mkdocs build`, and
  reused between rebuilds in `mkdocs serve` (`ServeCaches`, made in on_startup).

If the project moves to another generator, this folder is what gets rewritten.
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
from dataclasses import dataclass, field
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
from ..build import BuildConfig, Caches, DataError, SiteContent, build_content, clock, since
from ..data.diagnostics import format_report
from ..data.history import build_epoch
from ..publish.csp import PolicyError, add_policy
from ..publish.search import SearchIndexError, index_site
from ..site.pages import GeneratedPage
from ..site.render import expand_blocks, label_table_cells
from ..site.signals import DEFAULT_STALE_AFTER_DAYS, reference_date
from .fast_render import (
    Rendered,
    ServeCache,
    apply_rendered,
    convert_page,
    decompressed,
    install_template,
    output_fingerprint,
    prerender,
    prerender_templates,
    render_fingerprint,
    use_outputs,
)
from .internals import replace_render

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


@dataclass
class ServeCaches(Caches):
    """Everything `mkdocs serve` keeps between rebuilds: the pipeline's caches, and the pages'
    HTML and template output (`fast_render.ServeCache`)."""

    pages: ServeCache = field(default_factory=ServeCache)


class MonitorPlugin(BasePlugin[MonitorConfig]):
    def __init__(self) -> None:
        self.content: SiteContent | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.abbreviations = ""
        # Speed (see fast_render): pipeline caches and HTML kept across `mkdocs serve` rebuilds
        # (None in `mkdocs build`), generated pages rendered on all cores in `mkdocs build`.
        self.caches: ServeCaches | None = None
        self.prerendered: dict[str, Rendered] = {}
        self.render_fingerprint = ""
        self.nav: Navigation | None = None
        self.epoch_from_git = False

    @property
    def serve_cache(self) -> ServeCache | None:
        return self.caches.pages if self.caches is not None else None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance alive across serve's rebuilds: the caches too.
        self.caches = ServeCaches() if command == "serve" else None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.serve_cache is not None:
            self.serve_cache.stop_indexing()  # before MkDocs empties the site folder

    def on_shutdown(self) -> None:
        self._unset_build_date()
        if self.serve_cache is not None:
            self.serve_cache.stop_indexing()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        sources = root / self.config.sources_dir if self.config.sources_dir else None
        if sources is not None and not sources.is_dir():
            raise PluginError(f"monitor: sources_dir '{sources}' does not exist")
        coverage = self.config.coverage_sources_dir
        # The reference date is SOURCE_DATE_EPOCH's day, so a commit always builds the same site.
        self._set_build_date(root)
        try:
            self.content = build_content(
                BuildConfig(
                    root=root,
                    data_dir=root / self.config.data_dir,
                    site_name=config.site_name,
                    site_url=config.site_url or None,
                    directory_urls=config.use_directory_urls,
                    today=reference_date(),
                    sources_dir=sources,
                    coverage_sources_dir=root / coverage if coverage else None,
                    stale_after_days=self.config.stale_after_days,
                    workers=parallel.cores(),
                    caches=self.caches,
                )
            )
        except DataError as error:
            raise PluginError(
                "De gegevens bevatten fouten; er is niets gebouwd.\n"
                + format_report(error.diagnostics)
            ) from None
        self.pages = self.content.pages
        self.abbreviations = self.content.abbreviations
        config.extra.update(self.content.extra)
        # INFO: a report, not a failure under --strict; one line, the records with `-v`.
        summary, *details = self.content.signal_lines
        log.info("monitor: %s", summary)
        for line in details:
            log.debug("monitor: %s", line)
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

    # Late, so that the pages added here are seen by plugins (search) that run on files later.
    @event_priority(50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.content is not None
        started = clock()
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
        # Downloads, feeds, redirect pages, the word list: generated files copied as they are.
        for path, content in sorted(self.content.files.items()):
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"monitor: '{path}' is generated from data/, but another file has that path"
                )
            if path.endswith(".html") and self.serve_cache is None:
                content = _with_policy(content.decode("utf-8"), path).encode("utf-8")
            files.append(File.generated(config, path, content=content))
        wall, cpu = (a + b for a, b in zip(self.content.data_layer, since(started), strict=True))
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
            replace_render(page, functools.partial(self._render, page))
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
            result = convert_page(page, config, files)
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
