"""Adapter, rendering part: turn generated pages into HTML on both cores, and only once in serve.

Part of the adapter (it knows MkDocs); split out so that plugin.py stays a list of thin event
handlers. The MkDocs internals it needs are in `internals`, pinned to the MkDocs version.
MkDocs converts every page's Markdown to HTML one at a time, and `mkdocs serve` redoes every
page after any edit (20 s for 1,000 records measured, against a goal of 3 s). Two remedies,
both keyed on the exact Markdown of a page so that they can never serve stale HTML:

- `build`: before MkDocs reads the pages, the generated ones are converted in worker processes
  (forked, so they share the configuration and the file list); MkDocs' own `Page.render` runs
  there, and its warnings are replayed in the main process so `--strict` still counts them.
  Once every page's HTML is known (on_env), their templates are rendered in workers as well.
  MkDocs then runs every page event as usual and writes every file; it only takes the output
  from the workers instead of rendering it a second time.
- `serve`: the HTML of a generated page, and the whole output of its template, are kept between
  rebuilds; a page whose Markdown, navigation, templates and configuration are unchanged reuses
  them. A changed page is rendered as usual. Compiled templates are kept too, and Pagefind
  indexes the new site after the browser has reloaded (a newer build stops an older index).

Hand-written pages always take MkDocs' normal path. Pools start where `parallel.worth_a_pool`
says (the one threshold of every pool). This module holds no logic about the data.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import BytecodeCache, ChoiceLoader, DictLoader, Environment
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from .. import parallel
from ..publish.search import index_command
from .internals import page_markdown_event, render_state, set_render_state, template_output

CACHED_TEMPLATE = "_monitor_cached_output.html"

log = logging.getLogger("mkdocs.plugins.monitor")
T = TypeVar("T")


@dataclass
class Rendered:
    """What `Page.render` leaves on a page, in a form that pickles and can be reapplied."""

    markdown: str
    content: str
    toc: TableOfContents
    title: str | None
    present_anchor_ids: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None
    # Warnings and other messages the render logged, replayed whenever the result is used.
    messages: list[tuple[str, int, str]] = field(default_factory=list)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[tuple[str, int, str]] = []
        self._seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) not in self._seen and record.levelno >= logging.INFO:
            self._seen.add(id(record))
            self.messages.append((record.name, record.levelno, record.getMessage()))


def convert_page(page: Page, config: MkDocsConfig, files: Files) -> Rendered:
    """MkDocs' own conversion of one page's Markdown to HTML, with what it logged."""
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        Page.render(page, config, files)
    finally:
        logger.removeHandler(capture)
    assert page.markdown is not None and page.content is not None
    title, anchors, links = render_state(page)
    return Rendered(page.markdown, page.content, page.toc, title, anchors, links, capture.messages)


def apply_rendered(page: Page, result: Rendered, files: Files) -> None:
    """Leave on `page` what converting it would have left, and replay what that logged."""
    page.content = result.content
    page.toc = result.toc
    set_render_state(
        page, (result.title, result.present_anchor_ids, result.links_to_anchors), files
    )
    for name, level, message in result.messages:
        logging.getLogger(name).log(level, message)


# --- build: a pool of forked workers ------------------------------------------------------------

_WORKER_STATE: tuple[MkDocsConfig, Files] | None = None
_TEMPLATE_STATE: tuple[MkDocsConfig, Files, Navigation, Environment] | None = None


def _worker_init() -> None:
    # The parent prints the replayed messages; the worker must not print them a second time.
    for name in ("", "mkdocs"):
        logging.getLogger(name).handlers.clear()
    logging.getLogger("mkdocs").propagate = False


def _render_chunk(src_uris: list[str]) -> list[tuple[str, Rendered]]:
    assert _WORKER_STATE is not None
    config, files = _WORKER_STATE
    out = []
    for src in src_uris:
        file = files.get_file_from_path(src)
        assert file is not None
        page = file.page or Page(None, file, config)
        page.read_source(config)
        # As MkDocs does before converting (our plugin appends the abbreviations); the parent
        # runs the event again for itself and uses this result only if the Markdown is the same.
        page_markdown_event(page, config, files)
        out.append((src, convert_page(page, config, files)))
    return out


def _render_templates(src_uris: list[str]) -> list[tuple[str, bytes]]:
    """What MkDocs' _build_page renders for each page, without writing it: the parent does.
    Compressed: the parent holds every page's output until MkDocs writes it (270 MB at 10,000
    records uncompressed)."""
    assert _TEMPLATE_STATE is not None
    config, files, nav, env = _TEMPLATE_STATE
    doc_files = files.documentation_pages()
    out = []
    for src in src_uris:
        file = files.get_file_from_path(src)
        assert file is not None and file.page is not None
        output = template_output(file.page, config, nav, env, doc_files)
        out.append((src, zlib.compress(output.encode("utf-8"), 1)))
    return out


def workers() -> int:
    return parallel.cores()


def _in_pool(
    function: Callable[[list[str]], list[tuple[str, T]]], src_uris: list[str]
) -> dict[str, T]:
    """`function` over chunks of `src_uris` in forked workers; {} when a pool would not help
    (one core, few pages, or no fork on this platform)."""
    n = workers()
    if not parallel.worth_a_pool(len(src_uris), n):
        return {}

    def results_only(srcs: list[str]) -> list[T]:
        return [result for _, result in function(srcs)]

    # Small chunks in page order: an even share per worker, and little lost at the end.
    size = max(20, len(src_uris) // (n * 8))
    done = parallel.run(results_only, src_uris, n, initializer=_worker_init, chunk_size=size)
    return dict(zip(src_uris, done, strict=True))


def prerender(config: MkDocsConfig, files: Files, src_uris: list[str]) -> dict[str, Rendered]:
    """The Markdown of the given generated pages converted in parallel, before MkDocs reads
    them."""
    global _WORKER_STATE
    _WORKER_STATE = (config, files)
    try:
        return _in_pool(_render_chunk, src_uris)
    finally:
        _WORKER_STATE = None


def prerender_templates(
    config: MkDocsConfig, files: Files, nav: Navigation, env: Environment, src_uris: list[str]
) -> dict[str, bytes]:
    """The template output of the given pages, rendered in parallel once every page's HTML is
    known (MkDocs' on_env). The parent still runs every page event and writes every file; it
    only takes the output from here instead of rendering it again (see `install_template`)."""
    global _TEMPLATE_STATE
    # Compile the page templates here, once, so that the workers inherit them instead of each
    # compiling the theme again.
    templates = {"main.html"}
    for src in src_uris:
        file = files.get_file_from_path(src)
        if file is not None and file.page is not None:
            templates.add(file.page.meta.get("template", "main.html"))
    for name in templates:
        env.get_template(name)
    _TEMPLATE_STATE = (config, files, nav, env)
    try:
        return _in_pool(_render_templates, src_uris)
    finally:
        _TEMPLATE_STATE = None


def install_template(env: Environment, output: Callable[[str], str]) -> None:
    """A template that returns a page's output made earlier, `output(src_uri)`; pages opt in
    through their `template` meta (`use_outputs`)."""
    env.loader = ChoiceLoader(
        [DictLoader({CACHED_TEMPLATE: "{{ monitor_cached_output(page) }}"}), env.loader]  # type: ignore[list-item]
    )
    env.globals["monitor_cached_output"] = lambda page: Markup(output(page.file.src_uri))


def decompressed(outputs: dict[str, bytes]) -> Callable[[str], str]:
    return lambda src: zlib.decompress(outputs.pop(src)).decode("utf-8")


def use_outputs(pages: Iterable[Page], outputs: Iterable[str]) -> None:
    for page in pages:
        if page.file.src_uri in outputs:
            page.meta = {**page.meta, "template": CACHED_TEMPLATE}


# --- serve: reuse between rebuilds --------------------------------------------------------------


def _digest(*parts: object) -> str:
    h = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def render_fingerprint(config: MkDocsConfig, files: Files) -> str:
    """What a page's HTML depends on besides its own Markdown: the Markdown configuration and
    which pages exist where (links are rewritten to their URLs)."""
    pages = sorted((f.src_uri, f.url) for f in files.documentation_pages())
    return _digest(
        config.markdown_extensions,
        config.mdx_configs,
        config.use_directory_urls,
        config.validation,
        pages,
    )


def output_fingerprint(config: MkDocsConfig, nav: Navigation) -> str:
    """What a page's template output depends on besides the page: the configuration file, the
    theme's templates and overrides, and the navigation as rendered."""
    config_file = Path(config.config_file_path)
    template_state = []
    for folder in config.theme.dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            stat = path.stat()
            template_state.append((str(path), stat.st_mtime_ns, stat.st_size))
    nav_state = [(p.title, p.url, p.file.src_uri) for p in nav.pages]
    return _digest(
        config_file.read_text(encoding="utf-8") if config_file.is_file() else "",
        template_state,
        nav_state,
        config.site_url,
        config.extra,
    )


class ServeCache:
    """HTML kept across `mkdocs serve` rebuilds (the plugin instance lives as long as the
    server, because it defines `on_startup`)."""

    def __init__(self) -> None:
        self.bytecode = _MemoryBytecodeCache()
        self.indexing: subprocess.Popen[bytes] | None = None
        self.rendered: dict[str, tuple[str, Rendered]] = {}  # src -> (fingerprint, result)
        self.outputs: dict[str, tuple[str, str]] = {}  # src -> (key, template output)
        self.hits: dict[str, str] = {}  # this build: src -> output to reuse
        self.keys: dict[str, str] = {}  # this build: src -> output key

    def index_in_background(self, site_dir: Path) -> None:
        """Pagefind over the site just built, while the browser already shows the new page."""
        self.stop_indexing()
        self.indexing = subprocess.Popen(
            index_command(site_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop_indexing(self) -> None:
        """A new build empties the site folder: an index of the old one is of no use."""
        if self.indexing is not None:
            if self.indexing.poll() is None:
                self.indexing.terminate()
            self.indexing.wait()
            self.indexing = None

    def lookup(self, src: str, fingerprint: str, markdown: str) -> Rendered | None:
        entry = self.rendered.get(src)
        if entry and entry[0] == fingerprint and entry[1].markdown == markdown:
            return entry[1]
        return None

    def store(self, src: str, fingerprint: str, result: Rendered) -> None:
        self.rendered[src] = (fingerprint, result)

    def plan_outputs(self, pages: Iterable[Page], fingerprint: str) -> None:
        """Decide, before MkDocs renders templates, which pages can reuse last build's output."""
        self.hits, self.keys = {}, {}
        for page in pages:
            src = page.file.src_uri
            key = _digest(
                fingerprint,
                page.content,
                [(a.id, a.title, a.level) for a in _walk(page.toc)],
                page.title,
                page.meta,
                page.edit_url,
                page.url,
            )
            self.keys[src] = key
            previous = self.outputs.get(src)
            if previous and previous[0] == key:
                self.hits[src] = previous[1]
        use_outputs(pages, self.hits)

    def remember_output(self, page: Page, output: str) -> None:
        src = page.file.src_uri
        if src in self.keys and src not in self.hits:
            self.outputs[src] = (self.keys[src], output)


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory; Jinja checks each against its source's checksum, so an
    edited template is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def _walk(toc: Iterable[Any]) -> Iterable[Any]:
    for item in toc:
        yield item
        yield from _walk(item.children)
