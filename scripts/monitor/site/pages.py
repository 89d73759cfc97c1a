"""Pages: which pages the site has and what goes on each, as a pure function of the dataset.

`build_pages(dataset)` returns `{src path: GeneratedPage}`; the adapter hands these to the site
generator. Paths are Dutch because they are the public URLs; they derive from record ids, which
never change, so URLs are stable. Links in the Markdown are links to src paths, so the
generator checks them. Large tables and lists (overviews, facet pages, a record's facts and
timeline) are HTML blocks beside the Markdown (`GeneratedPage.blocks`), put in after conversion:
their links are URLs we compute the generator's way (`render.page_url`), checked by tests and by
`check-links` on the built site. This module must not import mkdocs.

What enters the search index is decided here too, by marking what is NOT content with
`data-pagefind-ignore="all"`: charts (their figures are in the table beside them), filter forms,
facet link lists, tables and lists of other records on a record's page (a search for a title
should find that record's own page first), and facet pages as a whole (filtered copies of an
overview). Titles, summaries, quotes, status timelines and definitions stay searchable text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .. import parallel
from ..data.diagnostics import CODES
from ..data.fields import KIND_LABELS, describe_model, models_by_kind
from ..data.model import (
    Actor,
    Citation,
    Commitment,
    Dataset,
    Document,
    Measure,
    Motion,
    StatusEntry,
    Subject,
    Theme,
    Tracked,
    format_date,
)
from .charts import Bar, Stack, bar_chart, stacked_chart
from .deadlines import record_deadline
from .facets import build_facets, record_facets
from .letters import State, date_text, state_of
from .originals import (
    OFFICIAL_SITE_NAME,
    kamerstuk_url,
    search_url,
    section_anchor,
    text_fragment,
)
from .render import (
    Terms,
    abbreviate,
    block_marker,
    compile_templates,
    escape_html,
    escape_text,
    expand_blocks,
    html_link,
    markdown_link,
    one_block,
    page_url,
    relative_link,
    relative_url,
    render_markdown,
    render_page,
)
from .search_terms import index_terms, record_text, site_words
from .signals import Signals

# Public URL folders, by what they hold.
FOLDERS = {
    "measure": "maatregelen",
    "motion": "moties",
    "commitment": "toezeggingen",
    "document": "documenten",
    "theme": "themas",
    "actor": "actoren",
    "subject": "onderwerpen",
}
GLOSSARY_PAGE = "begrippen.md"
ERROR_CODES_PAGE = "bijdragen/foutcodes.md"
FIELDS_PAGE = "bijdragen/velden.md"
STATUS_PAGE = "statussen.md"
STATE_PAGE = "stand-per-brief.md"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # src path, e.g. "maatregelen/x.md"
    text: str  # Markdown, with a marker where each of `blocks` goes (render.expand_blocks)
    edit_path: str | None = None  # the data file an editor changes to change this page
    in_nav: bool = False  # overview pages are in the navigation; record pages are not
    blocks: tuple[str, ...] = ()  # HTML blocks: large tables and link lists

    def markdown(self) -> str:
        """The page as self-contained Markdown, its blocks inlined as raw HTML."""
        return expand_blocks(self.text, self.blocks)


def page_path(kind: str, record_id: str | None = None) -> str:
    folder = FOLDERS[kind]
    return f"{folder}/index.md" if record_id is None else f"{folder}/{record_id}.md"


def facet_path(kind: str, key: str, value_id: str) -> str:
    """The static page of one facet value, e.g. maatregelen/status/aangekondigd.md."""
    return f"{FOLDERS[kind]}/{key}/{value_id}.md"


class Links:
    """What a template needs to link from the page at `current` to any record: Markdown links
    (checked by the site generator) and, for HTML blocks (`block`), HTML links to URLs."""

    def __init__(
        self,
        ds: Dataset,
        current: str,
        directory_urls: bool = True,
        shared: Shared | None = None,
    ):
        self.ds, self.current, self.directory_urls = ds, current, directory_urls
        self.current_url = page_url(current, directory_urls)
        self.blocks: list[str] = []
        self.shared = shared if shared is not None else Shared.of(ds)
        self._root: Links | None = None

    def to(self, target: str) -> str:
        return relative_link(target, self.current)

    def block(self, html: str) -> Markup:
        """Set aside an HTML block for this page; the Markdown gets a marker in its place. Blank
        lines are squeezed out, so that inlined into Markdown (`GeneratedPage.markdown`) the
        block stays one raw HTML block for any Markdown processor."""
        self.blocks.append(one_block(str(html)))
        return Markup(f"\n{block_marker(len(self.blocks) - 1)}\n")

    def url(self, target: str, anchor: str = "") -> str:
        """The URL of the page with src path `target`, relative to this page's URL."""
        rel = relative_url(page_url(target, self.directory_urls), self.current_url)
        return rel + (f"#{anchor}" if anchor else "")

    def abbr(self, text: object) -> Markup:
        """Text for an HTML block, escaped, its abbreviations explained (`<abbr>`), as Markdown
        text gets them from the glossary's definitions on every page."""
        return abbreviate(escape_html(text), self.shared.terms)

    def html_text(self, value: object) -> Markup:
        """A value for an HTML block: Markup we made as it is, anything else as `abbr` text."""
        return value if isinstance(value, Markup) else self.abbr(value)

    def fact(self, label: str, value: object) -> Markup:
        """One row of a record's facts table (`m.facts`). `value` is Markup we made (h.abbr,
        h.a_*, h.links_to) or plain text, escaped here. The label is the row's header, so a
        screen reader names it with the value, and a phone shows it as the card's heading."""
        return Markup('<tr>\n<th scope="row">{}</th>\n<td>{}</td>\n</tr>\n').format(
            escape_html(label), self.html_text(value)
        )

    def links_to(self, kind: str, ids: Iterable[str], empty: str = "") -> Markup:
        """HTML links to the records of `kind` with these ids, comma-separated; `empty` if none."""
        by_kind: dict[str, dict[str, Any]] = {
            "theme": self.ds.themes,
            "subject": self.ds.subjects,
            "actor": self.ds.actors,
            "document": self.ds.documents,
            "measure": self.ds.measures,
        }
        records = by_kind[kind]
        links = [self.a_record(records[i]) for i in ids]
        return Markup(", ").join(links) if links else escape_html(empty)

    def a_record(self, record: Any) -> Markup:
        href = self.url(page_path(_kind_of(record), record.id))
        return html_link(self.abbr(_title(record)), href, markup=True)

    def a_record_as(self, record: Any, text: object) -> Markup:
        """An HTML link to a record's page with other text than its title (a date, a number)."""
        href = self.url(page_path(_kind_of(record), record.id))
        return html_link(self.abbr(text), href, markup=True)

    def a_document(self, document_id: str) -> Markup:
        return self.a_record(self.ds.documents[document_id])

    def a_page(self, path: str, anchor: str, text: object) -> Markup:
        return html_link(self.abbr(text), self.url(path, anchor), markup=True)

    def a_facet(self, kind: str, key: str, value_id: str, text: object) -> Markup:
        return html_link(self.abbr(text), self.url(facet_path(kind, key, value_id)), markup=True)

    def a_status(self, status_id: str) -> Markup:
        label = self.abbr(self.ds.statuses[status_id].label)
        # The colour is the public status's: a signed treaty looks like what it counts as.
        colour = escape_html(self.ds.public_status(status_id))
        badge = Markup(f'<span class="status status--{colour}">{label}</span>')
        return html_link(badge, self.url(STATUS_PAGE, f"status-{status_id}"), markup=True)

    def a_step(self, record: Tracked, number: int) -> Markup:
        """The status a record's status entry `number` (1-based) gave, as a badge in the public
        status's colour with the exact step after it where that differs ("In voorbereiding:
        ondertekend"), linked to that entry (with its quote) on the record's page."""
        step = record.status_history[number - 1].status
        public = self.ds.public_status(step)
        label = self.ds.statuses[public].label if public in self.ds.statuses else step
        text = self.abbr(label)
        if public != step:
            text += Markup(": ") + self.abbr(self.ds.statuses[step].label.lower())
        href = self.url(page_path(_kind_of(record), record.id), f"stand-{number}")
        badge = Markup('<span class="status status--{}">{}</span>').format(public, text)
        return html_link(badge, href, markup=True)

    def cite(self, c: Citation, in_markdown: bool = False) -> Markup:
        """The section of a quote, as a link to the exact place: its section on the document's
        page (`onderdeel-…`, where the page lists the quotes of that section) with a text
        fragment that highlights the quote; and, where the document's official address is
        known, the same passage in the original. HTML, so that it works in Markdown and in
        HTML blocks alike (`in_markdown`: the text is escaped for Markdown, which also explains
        its abbreviations)."""
        fragment = text_fragment(c.quote)
        anchor = section_anchor(c.section)
        href = self.url(page_path("document", c.document), f"{anchor}{fragment}")
        text = escape_text(c.section) if in_markdown else self.abbr(c.section)
        link = html_link(text, href, markup=True)
        official = self.official_url(c.document)
        if official is None:
            return link
        away = self.a_external(official + "#" + fragment, "in het origineel", in_markdown)
        return Markup("{} ({})").format(link, away)

    def official_url(self, document_id: str) -> str | None:
        """The document's official address by a fixed scheme, if it has one (a Kamerstuk)."""
        k = self.ds.documents[document_id].kamerstuk
        return kamerstuk_url(k.dossier, k.number) if k is not None else None

    def a_external(self, href: str, text: object, in_markdown: bool = False) -> Markup:
        """A link to another site: opens as any link does (no new window), and says to screen
        readers that it leaves this site."""
        body = escape_text(text) if in_markdown else self.abbr(text)
        return Markup(
            '<a href="{}" rel="external">{}<span class="md-visually-hidden"> (andere website)'
            "</span></a>"
        ).format(href, body)

    def original(self, document: Document) -> Markup:
        """Where to read the document itself: its official address, or else a search for its
        exact title on the official publications site (never a guessed address)."""
        url = self.official_url(document.id)
        if url is not None:
            return self.a_external(url, f"Lees het origineel op {OFFICIAL_SITE_NAME}")
        return self.a_external(
            search_url(document.title), f"Zoek dit document op {OFFICIAL_SITE_NAME}"
        )

    def notes(self, text: str | None) -> Markup:
        """An editor's note (Markdown) for citizens: every record id in it (editors write ids:
        they are stable and checked) becomes a link that shows the record's title."""
        if not text:
            return Markup("")
        ids, records = self.shared.id_pattern(self.ds)

        def link(found: re.Match[str]) -> str:
            record = records[found.group(0)]
            href = self.url(page_path(_kind_of(record), record.id))
            return f"[{escape_text(_title(record))}]({href})"

        if ids is None:
            return render_markdown(text)
        # Not inside a code span (`…`), where a Markdown link would show as written.
        parts = re.split(r"(`[^`]*`)", text)
        return render_markdown("".join(p if p.startswith("`") else ids.sub(link, p) for p in parts))

    def note(self, text: str) -> Markup:
        """A short note for an HTML block (a status entry's), record ids linked as in `notes`."""
        ids, records = self.shared.id_pattern(self.ds)
        if ids is None:
            return self.abbr(text)
        parts, last = [], 0
        for found in ids.finditer(text):
            record = records[found.group(0)]
            href = self.url(page_path(_kind_of(record), record.id))
            parts += [
                self.abbr(text[last : found.start()]),
                html_link(self.abbr(_title(record)), href, markup=True),
            ]
            last = found.end()
        parts.append(self.abbr(text[last:]))
        return Markup("").join(parts)

    def quotes_by_section(
        self, document_id: str
    ) -> list[tuple[str, str, list[tuple[str, list[Any]]]]]:
        """Every quote the data takes from this document, by section: (section, its anchor,
        [(quote, [record or None, …])]), sections in natural order ('Speerpunt 2' before
        'Speerpunt 10'). The anchors are the targets of `cite`."""
        return self.shared.quotes(self.ds).get(document_id, [])

    def quote_owners(self, records: list[Any]) -> Markup:
        """The records a quote on a document page belongs to, as links with their kind."""
        parts = []
        for record in records:
            if record is None:
                parts.append(html_link("bij de begrippen en afkortingen", self.url(GLOSSARY_PAGE)))
            else:
                label = _OWNER_LABELS[_kind_of(record)]
                parts.append(Markup("{} {}").format(label, self.a_record(record)))
        return Markup("; ").join(parts)

    def search_terms(self, record: Any) -> Markup:
        """A hidden block of search words for `record`'s page: the other forms of its words, the
        parts of its compounds, abbreviations with their expansions (see `search_terms`). Pagefind
        indexes it; at a low weight, so a page that has the very word a reader typed ranks above
        one that only has another form of it."""
        if isinstance(record, Subject):
            text = f"{record.name} {record.description}"
        elif isinstance(record, (Measure, Motion, Commitment)):
            text = record_text(record, self.ds)
        elif isinstance(record, Document):
            text = " ".join(t for t in (record.title, record.summary, record.notes) if t)
        elif isinstance(record, Theme):
            text = f"{record.label} {record.description or ''}"
        else:
            text = _title(record)
        extra = index_terms(text, known_words(self.ds), self.shared.terms)
        if not extra:
            return Markup("")
        return self.block(
            Markup(
                '<div class="search-terms" hidden data-pagefind-weight="0.5">Zoekwoorden: {}</div>'
            ).format(" ".join(extra))
        )

    def each(self, name: str, items: Iterable[Any], make: Any, *args: Any) -> Markup:
        """`make(links, item, *args)` for every item, joined: HTML that many pages repeat (an
        overview row is on the overview and on every facet page of its values), so it is made
        once per build, as seen from the site root, keyed by `name` and the item's type and
        `id`. `make` may only depend on those and link through the `links` it is given. The
        links in it are then made relative to this page."""
        if self._root is None:
            self._root = Links(self.ds, "index.md", self.directory_urls, self.shared)
        parts = []
        for item in items:
            key = (name, type(item).__name__, item.id)
            found = self.shared.pieces.get(key)
            if found is None:
                found = self.shared.pieces[key] = Markup(make(self._root, item, *args))
            parts.append(found)
        html = "".join(parts)
        prefix = relative_url("./", self.current_url)
        if prefix != "./":
            # Every href in it is one we wrote, relative to the site root (html_link escapes
            # quotes in text, so `href="` occurs nowhere else).
            html = html.replace('href="', f'href="{prefix}')
        return Markup(html)

    def record(self, record: Any, text: object | None = None) -> Markup:
        kind = _kind_of(record)
        return markdown_link(
            text if text is not None else _title(record), self.to(page_path(kind, record.id))
        )

    def overview(self, kind: str, text: str) -> Markup:
        return markdown_link(text, self.to(page_path(kind)))

    def page(self, path: str, text: str, anchor: str = "") -> Markup:
        return markdown_link(text, self.to(path) + (f"#{anchor}" if anchor else ""))

    def facet(self, kind: str, key: str, value_id: str, text: object) -> Markup:
        return markdown_link(text, self.to(facet_path(kind, key, value_id)))

    def document(self, document_id: str) -> Markup:
        return self.record(self.ds.documents[document_id])

    def theme(self, theme_id: str) -> Markup:
        return self.record(self.ds.themes[theme_id])

    def actor(self, actor_id: str) -> Markup:
        return self.record(self.ds.actors[actor_id])

    def subject(self, subject_id: str) -> Markup:
        return self.record(self.ds.subjects[subject_id])

    def anchor(self, name: str) -> Markup:
        """An attribute list giving a heading its id; `name` is built from validated ids."""
        return Markup("{#" + name + "}")

    def status(self, status_id: str) -> Markup:
        """A status badge that links to the status's definition on the methodology page."""
        label = escape_text(self.ds.statuses[status_id].label)
        target = self.to(STATUS_PAGE) + f"#status-{status_id}"
        colour = self.ds.public_status(status_id)
        return Markup(f'[<span class="status status--{colour}">{label}</span>]({target})')


@dataclass
class Shared:
    """What all the pages of one build share: pieces of HTML that many pages repeat (overview
    rows, facet links; see `Links.each`), and the glossary's abbreviations."""

    terms: Terms
    pieces: dict[tuple[str, str, str], Markup]
    _quotes: dict[str, list[tuple[str, str, list[tuple[str, list[Any]]]]]] | None = None
    _ids: tuple[re.Pattern[str] | None, dict[str, Any]] | None = None

    @classmethod
    def of(cls, ds: Dataset) -> Shared:
        return cls(abbreviation_terms(ds), {})

    def id_pattern(self, ds: Dataset) -> tuple[re.Pattern[str] | None, dict[str, Any]]:
        """A regex that finds the id of any record with a page (ids of two words or more: a
        one-word id such as 'politie' is too often just a word), and the records by id."""
        if self._ids is None:
            records: dict[str, Any] = {}
            for table in (ds.documents, ds.measures, ds.motions, ds.commitments):
                records.update({i: r for i, r in table.items() if "-" in i})
            alternatives = "|".join(re.escape(i) for i in sorted(records, key=len, reverse=True))
            pattern = re.compile(rf"(?<![\w/.#-])(?:{alternatives})(?![\w/-])") if records else None
            self._ids = (pattern, records)
        return self._ids

    def quotes(self, ds: Dataset) -> dict[str, list[tuple[str, str, list[tuple[str, list[Any]]]]]]:
        """`Links.quotes_by_section` for every document, made once per build process."""
        if self._quotes is None:
            self._quotes = _quotes_by_document(ds)
        return self._quotes


_OWNER_LABELS = {
    "measure": "bij de maatregel",
    "motion": "bij",
    "commitment": "bij de toezegging",
    "document": "bij het document",
    "theme": "bij het onderdeel",
    "actor": "bij",
}


def _natural(text: str) -> list[Any]:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in re.split(r"(\d+)", text)]


def _words(text: str) -> str:
    """' speerpunt 1 vergroten … ': lowercase letters and digits, one space between words."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " " + " ".join(re.findall(r"[a-z0-9]+", plain)) + " "


def _heading_rank(ds: Dataset, document_id: str) -> Any:
    """Where a section name stands in the document's text, by the headings data/coverage.yaml
    lists in text order: (heading, subheading) of the longest heading whose words the name
    contains, then of the longest of its subheadings ('Speerpunt 3. Internationale samenwerking
    (voetnoot 1)' sorts under 'Speerpunten' › '3. Internationale samenwerking'). A name with no
    heading of its own ('Briefhoofd', 'Inleiding') comes first."""
    coverage = ds.coverage.get(document_id)
    outline = [
        (_words(section.heading), [_words(sub) for sub in section.subsections])
        for section in (coverage.sections if coverage is not None else [])
    ]

    def longest(candidates: list[tuple[int, str]], words: str) -> int | None:
        found = [(len(h), i) for i, h in candidates if h.strip() and h in words]
        return max(found)[1] if found else None

    def rank(name: str) -> tuple[int, int]:
        words = _words(name)
        top = longest([(i, h) for i, (h, _) in enumerate(outline)], words)
        if top is not None:
            sub = longest(list(enumerate(outline[top][1])), words)
            return (top, -1 if sub is None else sub)
        for i, (_, subs) in enumerate(outline):  # a subheading named without its heading
            sub = longest(list(enumerate(subs)), words)
            if sub is not None:
                return (i, sub)
        return (-1, -1)

    return rank


def _quotes_by_document(
    ds: Dataset,
) -> dict[str, list[tuple[str, str, list[tuple[str, list[Any]]]]]]:
    groups: dict[str, Any] = {
        "documents": ds.documents,
        "measures": ds.measures,
        "motions": ds.motions,
        "commitments": ds.commitments,
        "themes.yaml": ds.themes,
    }
    # Grouped by anchor: two names that make the same anchor (they differ only in punctuation)
    # are one part of the page, under the first name, so every id stays unique.
    # One entry per quote, with every record that cites it (a record often cites one sentence
    # for its source and for a status), in the order the data first cites it.
    sections: dict[str, dict[str, dict[str, list[Any]]]] = {}
    names: dict[tuple[str, str], str] = {}
    for group, record_id, _, cit in ds.citations():
        record = groups[group][record_id] if group in groups else None
        anchor = section_anchor(cit.section)
        quotes = sections.setdefault(cit.document, {}).setdefault(anchor, {})
        owners = quotes.setdefault(" ".join(cit.quote.split()), [])
        if not any(o is record for o in owners):
            owners.append(record)
        names.setdefault((cit.document, anchor), cit.section)
    result = {}
    for doc_id, parts in sections.items():
        titled = [
            (names[(doc_id, anchor)], anchor, list(quotes.items()))
            for anchor, quotes in parts.items()
        ]
        rank = _heading_rank(ds, doc_id)
        result[doc_id] = sorted(titled, key=lambda t: (rank(t[0]), _natural(t[0])))
    return result


_KNOWN: dict[int, tuple[Dataset, Counter[str]]] = {}


def known_words(ds: Dataset) -> Counter[str]:
    """The site's words (`search_terms.site_words`), counted once per dataset and process: the
    pages of one build are rendered in chunks, each of which would count them again."""
    hit = _KNOWN.get(id(ds))
    if hit is None or hit[0] is not ds:
        _KNOWN.clear()
        hit = _KNOWN[id(ds)] = (ds, site_words(ds))
    return hit[1]


def _kind_of(record: Any) -> str:
    for cls, kind in (
        (Measure, "measure"),
        (Motion, "motion"),
        (Commitment, "commitment"),
        (Document, "document"),
        (Theme, "theme"),
        (Actor, "actor"),
        (Subject, "subject"),
    ):
        if isinstance(record, cls):
            return kind
    raise TypeError(f"no page for {type(record).__name__}")


def _title(record: Any) -> str:
    if isinstance(record, Theme):
        return record.label
    if isinstance(record, (Actor, Subject)):
        return record.name
    return record.title


def _render(
    template: str,
    ds: Dataset,
    path: str,
    directory_urls: bool = True,
    shared: Shared | None = None,
    **context: Any,
) -> tuple[str, tuple[str, ...]]:
    """A page's Markdown and its HTML blocks."""
    h = Links(ds, path, directory_urls, shared)
    text = render_page(
        template,
        ds=ds,
        h=h,
        page=path,
        fmt_date=format_date,
        doc_date=date_text,
        deadline_of=functools.partial(record_deadline, ds.documents),
        **context,
    )
    return text, tuple(h.blocks)


@dataclass(frozen=True)
class _Job:
    """One page to render: where, with which template and context."""

    path: str
    template: str
    edit: str | None
    nav: bool
    context: dict[str, Any]
    together: str  # jobs with the same value share HTML pieces: rendered in the same process


def build_pages(
    ds: Dataset,
    today: dt.date | None = None,
    signals: Signals | None = None,
    directory_urls: bool = True,
    workers: int = 1,
) -> dict[str, GeneratedPage]:
    """Every generated page of the site. `today` decides whether a deadline has passed; it is a
    parameter so that the same data always renders the same pages under test. `signals` puts a
    notice on the page of each overdue or stale record. `directory_urls` says how the site
    generator turns `a/b.md` into a URL (`a/b/` or `a/b.html`), for the links in HTML blocks.
    With `workers` > 1 the pages are rendered in that many forked processes (same result)."""
    jobs = _page_jobs(ds, today or dt.date.today(), signals)
    if workers > 1:
        compile_templates()  # once, here, rather than in every worker
    rendered = parallel.run(
        functools.partial(_render_jobs, ds, directory_urls), jobs, workers, _chunks(jobs)
    )
    return {
        job.path: GeneratedPage(job.path, text, job.edit, job.nav, blocks)
        for job, (text, blocks) in zip(jobs, rendered, strict=True)
    }


def _render_jobs(
    ds: Dataset, directory_urls: bool, jobs: list[_Job]
) -> list[tuple[str, tuple[str, ...]]]:
    shared = Shared.of(ds)
    return [
        _render(job.template, ds, job.path, directory_urls, shared, **job.context) for job in jobs
    ]


def _chunks(jobs: list[_Job], size: int = 100) -> list[list[int]]:
    """Job indices in chunks: those rendered together stay together (an overview and its facet
    pages share their rows), the rest in chunks of `size`."""
    chunks: list[list[int]] = []
    groups: dict[str, list[int]] = {}
    loose: list[int] = []
    for i, job in enumerate(jobs):
        if job.together:
            groups.setdefault(job.together, []).append(i)
        else:
            loose.append(i)
    chunks.extend(groups.values())
    chunks.extend(loose[i : i + size] for i in range(0, len(loose), size))
    return chunks


def _page_jobs(ds: Dataset, today: dt.date, signals: Signals | None) -> list[_Job]:
    jobs: list[_Job] = []
    seen: set[str] = set()

    def add(
        path: str,
        template: str,
        *,
        edit: str | None = None,
        nav: bool = False,
        together: str = "",
        **context: Any,
    ) -> None:
        if path in seen:
            raise ValueError(f"two pages at {path}")  # a bug in this module, never bad data
        seen.add(path)
        jobs.append(_Job(path, template, edit, nav, context, together))

    summary = summarize(ds)
    state = state_of(ds)
    add(
        "index.md",
        "home.md.j2",
        nav=True,
        summary=summary,
        charts=home_charts(ds, summary, state),
        state=state,
        latest=latest_changes(ds),
        entry=entry_points(ds),
        subjects=subject_counts(ds),
    )
    # (page kind, template, data group, records): one page per record, edited in that group.
    groups: list[tuple[str, str, str, Iterable[Any]]] = [
        ("measure", "measure.md.j2", "measures", ds.measures.values()),
        ("motion", "motion.md.j2", "motions", ds.motions.values()),
        ("commitment", "commitment.md.j2", "commitments", ds.commitments.values()),
        ("document", "document.md.j2", "documents", ds.documents.values()),
        ("theme", "theme.md.j2", "themes.yaml", ds.themes.values()),
        ("actor", "actor.md.j2", "actors.yaml", ds.actors.values()),
    ]
    counts = subject_counts(ds)
    for subject, count in zip(ds.subjects.values(), counts, strict=True):
        tracked = ds.records_by_subject(subject.id)
        add(
            page_path("subject", subject.id),
            "subject.md.j2",
            edit=ds.path_of("subjects.yaml", subject.id),
            record=subject,
            records=tracked,
            count=count,
            chart=subject_chart(ds, subject, tracked),
            told=subject_timeline(ds, tracked),
        )
    add(
        page_path("subject"),
        "subjects.md.j2",
        nav=True,
        edit=_vocab_path(ds, "subjects.yaml"),
        subjects=counts,
    )
    for kind, template, group, records in groups:
        for record in records:
            add(
                page_path(kind, record.id),
                template,
                edit=ds.path_of(group, record.id),
                record=record,
                today=today,
                notices=signals.notices(kind, record.id) if signals else [],
                changes=state.changes.get(record.id) if kind == "document" else None,
            )
    # Overviews of tracked records, each with one static page per facet value (out of the
    # navigation, like record pages), so that filtering works without JavaScript.
    for kind, template in (
        ("measure", "measures.md.j2"),
        ("motion", "motions.md.j2"),
        ("commitment", "commitments.md.j2"),
    ):
        facets = build_facets(ds, kind)
        rows = _overview_rows(ds, kind)
        add(
            page_path(kind),
            template,
            nav=True,
            together=kind,
            kind=kind,
            rows=rows,
            facets=facets,
        )
        # Each facet value's rows in the overview's order, by position: not `in value.records`
        # (pydantic compares records field by field: 15 s of 16 at 1,000 measures), and not a
        # pass over all rows per value (10 s at 10,000 measures).
        position = {row.record.id: i for i, row in enumerate(rows)}
        for facet in facets:
            for value in facet.values:
                chosen = sorted({position[record.id] for record in value.records})
                add(
                    facet_path(kind, facet.key, value.id),
                    "facet.md.j2",
                    together=kind,
                    kind=kind,
                    facet=facet,
                    value=value,
                    total=len(rows),
                    rows=[rows[i] for i in chosen],
                )
    add(page_path("document"), "documents.md.j2", nav=True)
    add(STATE_PAGE, "state.md.j2", nav=True, state=state)
    add(page_path("theme"), "themes.md.j2", nav=True)
    add(
        page_path("actor"),
        "actors.md.j2",
        nav=True,
        rows=sorted(ds.actors.values(), key=lambda a: a.name.lower()),
    )
    add(GLOSSARY_PAGE, "glossary.md.j2", nav=True, edit=_vocab_path(ds, "glossary.yaml"))
    add(STATUS_PAGE, "statuses.md.j2", nav=True, edit=_vocab_path(ds, "statuses.yaml"))
    add(ERROR_CODES_PAGE, "error_codes.md.j2", nav=True, codes=list(CODES.values()))
    add(FIELDS_PAGE, "fields.md.j2", nav=True, kinds=field_tables())
    return jobs


# What an overview row of each kind is called, singular and plural (for counts and headings).
NOUNS = {
    "measure": ("maatregel", "maatregelen"),
    "motion": ("motie of verzoek", "moties en verzoeken"),
    "commitment": ("toezegging", "toezeggingen"),
}


@dataclass(frozen=True)
class Row:
    """One row of an overview table: the record and its facet value ids (its data-* attributes)."""

    record: Tracked
    facets: dict[str, list[str]]

    @property
    def id(self) -> str:
        return self.record.id


def _overview_rows(ds: Dataset, kind: str) -> list[Row]:
    records: list[Tracked]
    if kind == "measure":
        records = sorted(ds.measures.values(), key=lambda m: m.title.lower())
    elif kind == "motion":
        motions: list[Motion] = sorted(ds.motions.values(), key=_motion_order)
        records = list(motions)
    else:
        records = sorted(ds.commitments.values(), key=lambda c: c.title.lower())
    return [Row(r, record_facets(ds, kind, r)) for r in records]


def abbreviation_definitions(ds: Dataset) -> str:
    """Python-Markdown `abbr` definitions (`*[RIEC]: Regionaal …`) for every glossary term, to
    append to every page, so each abbreviation is explained on hover and focus site-wide.

    Every glossary entry is an abbreviation (its `term` is "de afkorting zoals die in de tekst
    staat"). The definition syntax cannot hold a term with `]` or a backslash, so such a term is
    left out rather than allowed to break the page; the expansion becomes an attribute value, which
    Python-Markdown escapes, and is flattened onto one line."""
    return "\n".join(f"*[{term}]: {expansion}" for term, expansion in abbreviation_terms(ds))


def abbreviation_terms(ds: Dataset) -> Terms:
    """The glossary's (abbreviation, expansion) pairs that `abbreviation_definitions` can define;
    the HTML blocks mark up the same ones (`Links.abbr`)."""
    terms = []
    for entry in ds.glossary_terms():
        term = " ".join(entry.term.split())
        expansion = " ".join(entry.expansion.split())
        if not term or "]" in term or "\\" in term or expansion in ("''", '""'):
            continue
        terms.append((term, expansion))
    return tuple(terms)


def _vocab_path(ds: Dataset, name: str) -> str | None:
    return next((p for (group, _), p in ds.paths.items() if group == name), None)


def _motion_order(m: Motion) -> tuple[int, str]:
    return (-(m.date.toordinal() if m.date else 0), m.title.lower())


@dataclass(frozen=True)
class Summary:
    measures_by_status: list[tuple[str, int]]
    motions_by_status: list[tuple[str, int]]
    commitments_by_status: list[tuple[str, int]]
    measures_by_document: list[tuple[str, int]]


def summarize(ds: Dataset) -> Summary:
    def count(records: Iterable[Tracked]) -> list[tuple[str, int]]:
        return ds.status_counts(records)

    by_doc = Counter(m.source.document for m in ds.measures.values())
    return Summary(
        measures_by_status=count(ds.measures.values()),
        motions_by_status=count(ds.motions.values()),
        commitments_by_status=count(ds.commitments.values()),
        measures_by_document=[(d.id, by_doc[d.id]) for d in ds.sorted_documents() if by_doc[d.id]],
    )


def home_charts(ds: Dataset, summary: Summary, state: State | None = None) -> dict[str, Markup]:
    """The home page's headline figures as SVG bar charts; the page shows each as a table too."""

    def status_bars(counts: list[tuple[str, int]]) -> list[Bar]:
        # One bar per status, under the status's own name: the table beside the chart and every
        # record page use the same names (no 'nog open' that takes in several statuses).
        return [Bar(ds.statuses[s].label, n, s) for s, n in counts]

    charts = {}
    if state is not None and state.distribution:
        charts["state_per_letter"] = state_chart(ds, state)
    return charts | {
        "measures_by_status": bar_chart(
            "grafiek-maatregelen-status",
            "Maatregelen per status",
            status_bars(summary.measures_by_status),
            "maatregelen",
            "maatregel",
        ),
        "measures_by_document": bar_chart(
            "grafiek-maatregelen-document",
            "Maatregelen per document waarin ze zijn aangekondigd",
            [Bar(ds.documents[d].title, n) for d, n in summary.measures_by_document],
            "maatregelen",
            "maatregel",
        ),
        "motions_open": bar_chart(
            "grafiek-moties",
            "Moties en verzoeken per status",
            status_bars(summary.motions_by_status),
            "moties en verzoeken",
            "motie of verzoek",
        ),
        "commitments_open": bar_chart(
            "grafiek-toezeggingen",
            "Toezeggingen per status",
            status_bars(summary.commitments_by_status),
            "toezeggingen",
            "toezegging",
        ),
    }


def state_chart(ds: Dataset, state: State) -> Markup:
    """The public statuses of every record known at each letter, one stacked bar per letter."""
    stacks = [
        Stack(
            f"{letter.document.title}, {letter.date_text}",
            tuple(Bar(ds.statuses[s].label, n, s) for s, n in counts),
        )
        for letter, counts in state.recent_distribution
    ]
    return stacked_chart(
        "grafiek-stand-per-brief",
        "Stand volgens elke brief",
        stacks,
        [Bar(ds.statuses[s].label, 0, s) for s in state.statuses_used],
        "maatregelen, moties en toezeggingen",
        "maatregel, motie of toezegging",
    )


# --- subjects ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectCount:
    subject: Subject
    measures: int
    motions: int
    commitments: int

    @property
    def total(self) -> int:
        return self.measures + self.motions + self.commitments

    @property
    def parts(self) -> str:
        """'11 maatregelen, 2 moties en verzoeken en 1 toezegging': the kinds it has, no zeros."""
        words = []
        for n, kind in (
            (self.measures, "measure"),
            (self.motions, "motion"),
            (self.commitments, "commitment"),
        ):
            if n:
                one, many = NOUNS[kind]
                words.append(f"{n} {one if n == 1 else many}")
        return " en ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def subject_counts(ds: Dataset) -> list[SubjectCount]:
    """Every subject with how many measures, motions and commitments it has, in the order of
    data/subjects.yaml (the editors' order: the subjects citizens ask about most come first)."""
    out = []
    for subject in ds.subjects.values():
        records = ds.records_by_subject(subject.id)
        out.append(
            SubjectCount(
                subject,
                sum(isinstance(r, Measure) for r in records),
                sum(isinstance(r, Motion) for r in records),
                sum(isinstance(r, Commitment) for r in records),
            )
        )
    return out


def subject_chart(ds: Dataset, subject: Subject, records: list[Tracked]) -> Markup:
    """The current status of a subject's records, as the home page draws its charts: each record
    once, a lifecycle step under the status it counts as."""
    bars = [Bar(ds.statuses[s].label, n, s) for s, n in ds.status_counts(records)]
    return bar_chart(
        f"grafiek-onderwerp-{subject.id}",
        f"{subject.name}: stand van zaken",
        bars,
        "punten",
        "punt",
    )


@dataclass(frozen=True)
class Told:
    """What one document said about a subject's records: its status entries, in record order."""

    document: Document
    entries: list[tuple[Tracked, StatusEntry]]


def subject_timeline(ds: Dataset, records: list[Tracked]) -> list[Told]:
    """The status entries of `records`, grouped by the document that gave them, oldest document
    first (undated ones last, as `Document.sort_key` orders them)."""
    by_doc: dict[str, list[tuple[Tracked, StatusEntry]]] = {}
    for rec in records:
        for entry in rec.status_history:
            by_doc.setdefault(entry.document, []).append((rec, entry))
    docs = sorted((ds.documents[d] for d in by_doc), key=lambda d: (d.sort_key, d.id))
    return [Told(d, by_doc[d.id]) for d in docs]


@dataclass(frozen=True)
class EntryPoints:
    themes: list[tuple[Theme, int]]
    actors: list[tuple[Actor, int]]
    documents: list[Document]


def entry_points(ds: Dataset, limit: int = 8) -> EntryPoints:
    """Ways into the site from the home page: the themes and actors with the most measures, and
    the source documents newest first (references are reached from the documents that cite them)."""

    def top(pairs: list[tuple[Any, int]], name: Any) -> list[Any]:
        ranked = sorted((p for p in pairs if p[1]), key=lambda p: (-p[1], name(p[0]).lower()))
        return ranked[:limit]

    themes = [(t, len(ds.measures_by_theme(t.id))) for t in ds.themes.values()]
    actors = [(a, len(ds.measures_by_actor(a.id))) for a in ds.actors.values()]
    sources = [d for d in ds.sorted_documents() if d.kind != "referentie"]
    return EntryPoints(
        themes=top(themes, lambda t: t.label),
        actors=top(actors, lambda a: a.name),
        documents=list(reversed(sources)),
    )


@dataclass(frozen=True)
class Change:
    record: Tracked
    entry: StatusEntry
    previous: StatusEntry | None


def latest_changes(ds: Dataset, limit: int = 8) -> list[Change]:
    """Status entries from the newest documents, newest first: what the latest letters said."""
    changes = []
    for _group, records in ds.tracked_groups():
        for rec in records:
            hist = rec.status_history
            for i, entry in enumerate(hist):
                changes.append(Change(rec, entry, hist[i - 1] if i else None))

    def key(c: Change) -> tuple[Any, bool]:
        return (ds.documents[c.entry.document].sort_key, c.previous is not None)

    changes.sort(key=key, reverse=True)
    return changes[:limit]


# --- the field list on the contributing page ---------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    code: Markup  # the field's path as inline code
    required: bool
    type_label: Markup
    choices: tuple[Markup, ...]
    default: Markup | None
    description: Markup


@dataclass(frozen=True)
class FieldTable:
    label: str
    slug: str
    where: Markup
    fields: list[FieldRow]


def field_tables() -> list[FieldTable]:
    """Every kind of record and vocabulary item with all its fields (see `fields`)."""
    tables = []
    for kind, model in models_by_kind().items():
        where = f"data/{kind}/<id>.yaml" if not kind.endswith(".yaml") else f"data/{kind}"
        rows = [
            FieldRow(
                code=_code(doc.path),
                required=doc.required,
                type_label=_with_code(doc.type_label),
                choices=tuple(_code(c) for c in doc.choices),
                default=_code(doc.default) if doc.default is not None else None,
                description=_with_code(doc.description),
            )
            for doc in describe_model(model)
        ]
        tables.append(FieldTable(KIND_LABELS[kind], kind.removesuffix(".yaml"), _code(where), rows))
    return tables


def _code(text: str) -> Markup:
    return Markup("<code>{}</code>").format(text)


def _with_code(text: str) -> Markup:
    """Text from the models with its `names` as inline code; the rest escaped as any text."""
    parts = text.split("`")
    return Markup("").join(_code(p) if i % 2 else _spaced(p) for i, p in enumerate(parts))


def _spaced(text: str) -> Markup:
    """`escape_text`, keeping a space at either end (it stands next to inline code)."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return Markup(lead) + escape_text(text) + Markup(trail)
