"""Pages: which pages the site has and what goes on each, as a pure function of the dataset.

`build_pages(dataset)` returns `{src path: GeneratedPage}`; the adapter hands these to the site
generator. Paths are Dutch because they are the public URLs; they derive from record ids, which
never change, so URLs are stable. Links between pages are Markdown links to src paths, so the
generator checks them. This module must not import mkdocs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .diagnostics import CODES
from .fields import KIND_LABELS, describe_model, models_by_kind
from .model import (
    Actor,
    Commitment,
    Dataset,
    Document,
    Measure,
    Motion,
    StatusEntry,
    Theme,
    Tracked,
    format_date,
)
from .render import escape_text, markdown_link, relative_link, render_page
from .signals import Signals

# Public URL folders, by what they hold.
FOLDERS = {
    "measure": "maatregelen",
    "motion": "moties",
    "commitment": "toezeggingen",
    "document": "documenten",
    "theme": "themas",
    "actor": "actoren",
}
GLOSSARY_PAGE = "begrippen.md"
ERROR_CODES_PAGE = "bijdragen/foutcodes.md"
FIELDS_PAGE = "bijdragen/velden.md"
STATUS_PAGE = "statussen.md"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # src path, e.g. "maatregelen/x.md"
    text: str  # Markdown
    edit_path: str | None = None  # the data file an editor changes to change this page
    in_nav: bool = False  # overview pages are in the navigation; record pages are not


def page_path(kind: str, record_id: str | None = None) -> str:
    folder = FOLDERS[kind]
    return f"{folder}/index.md" if record_id is None else f"{folder}/{record_id}.md"


class Links:
    """What a template needs to link from the page at `current` to any record."""

    def __init__(self, ds: Dataset, current: str):
        self.ds, self.current = ds, current

    def to(self, target: str) -> str:
        return relative_link(target, self.current)

    def record(self, record: Any, text: object | None = None) -> Markup:
        kind = _kind_of(record)
        return markdown_link(
            text if text is not None else _title(record), self.to(page_path(kind, record.id))
        )

    def overview(self, kind: str, text: str) -> Markup:
        return markdown_link(text, self.to(page_path(kind)))

    def page(self, path: str, text: str, anchor: str = "") -> Markup:
        return markdown_link(text, self.to(path) + (f"#{anchor}" if anchor else ""))

    def document(self, document_id: str) -> Markup:
        return self.record(self.ds.documents[document_id])

    def theme(self, theme_id: str) -> Markup:
        return self.record(self.ds.themes[theme_id])

    def actor(self, actor_id: str) -> Markup:
        return self.record(self.ds.actors[actor_id])

    def anchor(self, name: str) -> Markup:
        """An attribute list giving a heading its id; `name` is built from validated ids."""
        return Markup("{#" + name + "}")

    def status(self, status_id: str) -> Markup:
        """A status badge that links to the status's definition on the methodology page."""
        label = escape_text(self.ds.statuses[status_id].label)
        target = self.to(STATUS_PAGE) + f"#status-{status_id}"
        return Markup(f'[<span class="status status--{status_id}">{label}</span>]({target})')


def _kind_of(record: Any) -> str:
    for cls, kind in (
        (Measure, "measure"),
        (Motion, "motion"),
        (Commitment, "commitment"),
        (Document, "document"),
        (Theme, "theme"),
        (Actor, "actor"),
    ):
        if isinstance(record, cls):
            return kind
    raise TypeError(f"no page for {type(record).__name__}")


def _title(record: Any) -> str:
    if isinstance(record, Theme):
        return record.label
    if isinstance(record, Actor):
        return record.name
    return record.title


def _render(template: str, ds: Dataset, path: str, **context: Any) -> str:
    return render_page(
        template, ds=ds, h=Links(ds, path), page=path, fmt_date=format_date, **context
    )


def build_pages(
    ds: Dataset, today: dt.date | None = None, signals: Signals | None = None
) -> dict[str, GeneratedPage]:
    """Every generated page of the site. `today` decides whether a deadline has passed; it is a
    parameter so that the same data always renders the same pages under test. `signals` puts a
    notice on the page of each overdue or stale record."""
    today = today or dt.date.today()
    pages: dict[str, GeneratedPage] = {}

    def add(
        path: str, template: str, *, edit: str | None = None, nav: bool = False, **context: Any
    ) -> None:
        pages[path] = GeneratedPage(path, _render(template, ds, path, **context), edit, nav)

    add("index.md", "home.md.j2", nav=True, summary=summarize(ds), latest=latest_changes(ds))
    # (page kind, template, data group, records): one page per record, edited in that group.
    groups: list[tuple[str, str, str, Iterable[Any]]] = [
        ("measure", "measure.md.j2", "measures", ds.measures.values()),
        ("motion", "motion.md.j2", "motions", ds.motions.values()),
        ("commitment", "commitment.md.j2", "commitments", ds.commitments.values()),
        ("document", "document.md.j2", "documents", ds.documents.values()),
        ("theme", "theme.md.j2", "themes.yaml", ds.themes.values()),
        ("actor", "actor.md.j2", "actors.yaml", ds.actors.values()),
    ]
    for kind, template, group, records in groups:
        for record in records:
            add(
                page_path(kind, record.id),
                template,
                edit=ds.path_of(group, record.id),
                record=record,
                today=today,
                notices=signals.notices(kind, record.id) if signals else [],
            )
    add(
        page_path("measure"),
        "measures.md.j2",
        nav=True,
        rows=sorted(ds.measures.values(), key=lambda m: m.title.lower()),
    )
    add(
        page_path("motion"),
        "motions.md.j2",
        nav=True,
        rows=sorted(ds.motions.values(), key=_motion_order),
    )
    add(
        page_path("commitment"),
        "commitments.md.j2",
        nav=True,
        rows=sorted(ds.commitments.values(), key=lambda c: c.title.lower()),
    )
    add(page_path("document"), "documents.md.j2", nav=True)
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
    return pages


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
        counts = Counter(r.status_history[-1].status for r in records)
        return [(s, counts[s]) for s in ds.statuses if counts[s]]

    by_doc = Counter(m.source.document for m in ds.measures.values())
    return Summary(
        measures_by_status=count(ds.measures.values()),
        motions_by_status=count(ds.motions.values()),
        commitments_by_status=count(ds.commitments.values()),
        measures_by_document=[(d.id, by_doc[d.id]) for d in ds.sorted_documents() if by_doc[d.id]],
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
