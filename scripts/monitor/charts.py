"""Charts: headline figures as accessible inline SVG, drawn at build time, without JavaScript.

`bar_chart` turns labelled counts into a horizontal bar chart: an `<svg role="img">` named by its
`<title>` and described by its `<desc>` (which states every figure in words), with each bar's
label and number written beside it, so nothing is told by colour or length alone. A chart is a
picture of a table: the page shows that table too. Labels come from the data and are escaped
here; the markup around them is ours. Long labels wrap onto several lines rather than being cut.
This module knows nothing of the dataset or of MkDocs.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

# Geometry in SVG user units. The width is about a phone's content column, so that at 390 px the
# text is drawn at roughly its nominal size; on wider screens CSS caps the chart's width.
WIDTH = 360
FONT_SIZE = 14
LINE_HEIGHT = 18
BAR_HEIGHT = 14
GAP = 10
NUMBER_ROOM = 44  # room right of the longest bar for its number
CHARS_PER_LINE = 44  # characters of a 14-unit sans-serif label that fit in WIDTH

_ID_UNSAFE = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    key: str = ""  # e.g. a status id: becomes a CSS class, so bars can share the badges' colours


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _text(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=False)


def _slug(value: str) -> str:
    return _ID_UNSAFE.sub("-", value.lower()).strip("-") or "x"


def describe(bars: Sequence[Bar], unit: str, unit_one: str | None = None) -> str:
    """The figures in words, for the chart's <desc>: 'Aangekondigd: 12 maatregelen; …'."""
    if not bars:
        return "Geen."
    one = unit_one or unit
    return "; ".join(f"{b.label}: {b.value} {one if b.value == 1 else unit}" for b in bars) + "."


def bar_chart(
    chart_id: str, title: str, bars: Sequence[Bar], unit: str, unit_one: str | None = None
) -> Markup:
    """A horizontal bar chart as one block of HTML (a <figure> holding the <svg>).

    `chart_id` must be unique on the page; `unit` names what is counted ('maatregelen'), and
    `unit_one` a count of one ('maatregel')."""
    cid = _slug(chart_id)
    top = max((b.value for b in bars), default=0)
    scale = (WIDTH - NUMBER_ROOM) / top if top else 0.0
    rows: list[str] = []
    y = 0
    for bar in bars:
        lines = textwrap.wrap(" ".join(bar.label.split()), CHARS_PER_LINE) or [""]
        tspans = "".join(
            f'<tspan x="0" dy="{0 if n == 0 else LINE_HEIGHT}">{_text(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        label_y = y + FONT_SIZE
        bar_y = y + len(lines) * LINE_HEIGHT + 2
        length = round(bar.value * scale, 1)
        if bar.value and length < 2:
            length = 2.0  # a non-zero count always shows
        key = f" chart__bar--{_slug(bar.key)}" if bar.key else ""
        rows.append(
            f'<g class="chart__row">'
            f'<text class="chart__label" x="0" y="{label_y}">{tspans}</text>'
            f'<rect class="chart__bar{key}" x="0" y="{bar_y}" width="{length}" '
            f'height="{BAR_HEIGHT}" rx="2"></rect>'
            f'<text class="chart__value" x="{length + 6}" y="{bar_y + BAR_HEIGHT - 2}">'
            f"{bar.value}</text></g>"
        )
        y = bar_y + BAR_HEIGHT + GAP
    height = max(y, 1)
    desc = describe(bars, unit, unit_one)
    # aria-labelledby/aria-describedby point at <title>/<desc> explicitly: browsers differ in
    # whether they take an inline SVG's name from its <title> alone.
    svg = (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-size="{FONT_SIZE}" '
        f'aria-labelledby="{cid}-title" aria-describedby="{cid}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{cid}-title">{_text(title)}</title>'
        f'<desc id="{cid}-desc">{_text(desc)}</desc>' + "".join(rows) + "</svg>"
    )
    # One line of HTML: Python-Markdown passes a block-level element through untouched as long as
    # it has no blank line inside. data-pagefind-ignore: the figures are repeated in the table.
    return Markup(
        f'<figure class="chart-figure" id="{cid}" data-pagefind-ignore="all">'
        f'<figcaption aria-hidden="true">{_text(title)}</figcaption>{svg}</figure>'
    )
