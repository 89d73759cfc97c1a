"""Reports: the pages about the data as a whole: changes per release ("Wijzigingen"), signals
(overdue and stale records), and the open-data downloads; and the data-version line of the
footer. Pure functions from what `history`, `signals` and `opendata` computed to Markdown, like
`pages`; this module must not import mkdocs or run git.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..data.changelog import RecordState
from ..data.coverage import Coverage
from ..data.history import Changelog, DataVersion
from ..data.model import Dataset, format_date
from ..site.deadlines import RULES
from ..site.letters import date_text
from ..site.pages import GeneratedPage, Links
from ..site.render import escape_text, render_page
from ..site.signals import Signals
from .opendata import ALL_FEED, FEED_FOLDER, FOLDER, OpenData

CHANGELOG_PAGE = "wijzigingen.md"
SIGNALS_PAGE = "signalen.md"
OPEN_DATA_PAGE = f"{FOLDER}/index.md"
# What a feed is and how to follow one: where every feed link on the site leads.
FEEDS_PAGE = f"{FEED_FOLDER}/index.md"
# For editors: linked from the contributing pages, kept out of the citizens' menu.
COVERAGE_PAGE = "bijdragen/dekking.md"

KIND_LABEL = {
    "measure": "Maatregel",
    "motion": "Motie of verzoek",
    "commitment": "Toezegging",
    "document": "Document",
}
COUNT_LABEL = {
    "measure": ("maatregel", "maatregelen"),
    "motion": ("motie of verzoek", "moties en verzoeken"),
    "commitment": ("toezegging", "toezeggingen"),
    "document": ("document", "documenten"),
}


_GROUPS = {
    "measure": "measures",
    "motion": "motions",
    "commitment": "commitments",
    "document": "documents",
}


class ReportLinks(Links):
    """Links, plus what report pages need: records that may no longer exist, and statuses that
    may have left the vocabulary."""

    def state(self, state: RecordState) -> Markup:
        table = getattr(self.ds, _GROUPS[state.kind])
        if state.id in table:
            return self.record(table[state.id])
        return escape_text(state.title)  # removed: no page to link to, and ids are for editors

    def status_label(self, status_id: str | None) -> Markup:
        if status_id is None:
            return escape_text("onbekend")
        if status_id in self.ds.statuses:
            return self.status(status_id)
        return escape_text(status_id)


def count_text(counts: dict[str, int]) -> str:
    """'144 maatregelen, 4 moties en verzoeken, 8 toezeggingen en 27 documenten'."""
    parts = []
    for kind, n in counts.items():
        one, many = COUNT_LABEL[kind]
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts[:-1]) + " en " + parts[-1] if len(parts) > 1 else "".join(parts)


def size_text(n: int) -> str:
    """Bytes in Dutch notation: '1,2 kB', '237,6 kB', '1,4 MB' (decimal units)."""
    if n < 1000:
        return f"{n} bytes"
    value, unit = (n / 1000, "kB") if n < 1_000_000 else (n / 1_000_000, "MB")
    return f"{value:.1f}".replace(".", ",") + f" {unit}"


def version_line(version: DataVersion) -> str:
    """The footer's line about the data, for citizens: a release shows its number and the date
    of the data ('Gegevens: versie 1.2.0, bijgewerkt op 25 november 2026'); any other build only
    the date (a commit hash means nothing to a reader). Empty when git could not tell."""
    date = f"bijgewerkt op {format_date(version.date)}" if version.date is not None else ""
    if version.released and version.version:
        number = version.version.removeprefix("v")
        return f"Gegevens: versie {number}" + (f", {date}" if date else "")
    return f"Gegevens {date}" if date else ""


def _render(template: str, ds: Dataset, path: str, **context: Any) -> str:
    return _render_with_blocks(template, ds, path, **context)[0]


def _render_with_blocks(
    template: str, ds: Dataset, path: str, **context: Any
) -> tuple[str, tuple[str, ...]]:
    """A report page's Markdown and its HTML blocks (tables that become cards on a phone)."""
    h = ReportLinks(ds, path)
    text = render_page(
        template,
        ds=ds,
        h=h,
        page=path,
        fmt_date=format_date,
        doc_date=date_text,
        rules=RULES,
        kind_label=KIND_LABEL,
        **context,
    )
    return text, tuple(h.blocks)


def build_report_pages(
    ds: Dataset,
    *,
    changelog: Changelog,
    signals: Signals,
    open_data: OpenData,
    site_url: str | None,
    coverage: Coverage | None = None,
) -> dict[str, GeneratedPage]:
    """The report pages, all in the navigation (the editors' coverage page under "Voor
    redacteuren"; `coverage` is None when the build had no source texts; the page says so)."""
    pages = {
        CHANGELOG_PAGE: _render(
            "changelog.md.j2", ds, CHANGELOG_PAGE, log=changelog, count_text=count_text
        ),
        OPEN_DATA_PAGE: _render(
            "open_data.md.j2",
            ds,
            OPEN_DATA_PAGE,
            data=open_data,
            size_text=size_text,
            folder=FOLDER,
            site_url=site_url,
            feeds_page=FEEDS_PAGE,
        ),
    }
    out = {path: GeneratedPage(path, text, None, True) for path, text in pages.items()}
    text, blocks = _render_with_blocks("signals.md.j2", ds, SIGNALS_PAGE, signals=signals)
    out[SIGNALS_PAGE] = GeneratedPage(SIGNALS_PAGE, text, None, True, blocks)
    feeds = [d for d in open_data.downloads if d.format == "Atom"]
    if feeds:
        text = _render(
            "feeds.md.j2",
            ds,
            FEEDS_PAGE,
            site_feeds=[d for d in feeds if d.path == ALL_FEED],
            theme_feeds=[d for d in feeds if d.path != ALL_FEED],
            site_url=site_url,
            address=lambda path: (site_url.rstrip("/") + "/" + path) if site_url else path,
            anchor=lambda path: path.rsplit("/", 1)[-1].removesuffix(".xml"),
        )
        out[FEEDS_PAGE] = GeneratedPage(FEEDS_PAGE, text, None, False)
    text = render_page(
        "coverage.md.j2",
        ds=ds,
        h=ReportLinks(ds, COVERAGE_PAGE),
        page=COVERAGE_PAGE,
        coverage=coverage,
        records={"measures": ds.measures, "motions": ds.motions, "commitments": ds.commitments},
        percent=lambda share: f"{round(share * 100)}%",
    )
    out[COVERAGE_PAGE] = GeneratedPage(COVERAGE_PAGE, text, None, True)
    return out
