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


def _label(label: str) -> tuple[str, int]:
    """A bar's label wrapped to the room left of the bars: its <tspan>s and how many lines."""
    lines = textwrap.wrap(" ".join(label.split()), CHARS_PER_LINE) or [""]
    tspans = "".join(
        f'<tspan x="0" dy="{0 if n == 0 else LINE_HEIGHT}">{_text(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return tspans, len(lines)


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
        tspans, lines = _label(bar.label)
        label_y = y + FONT_SIZE
        bar_y = y + lines * LINE_HEIGHT + 2
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


@dataclass(frozen=True)
class Stack:
    """One stacked bar: a label and its parts (each a `Bar`, keyed for its colour)."""

    label: str
    parts: tuple[Bar, ...]

    @property
    def total(self) -> int:
        return sum(p.value for p in self.parts)


LEGEND_SWATCH = 12


def describe_stacks(stacks: Sequence[Stack], unit: str, unit_one: str | None = None) -> str:
    """The figures in words: 'Brief A: 3 maatregelen (Aangekondigd 2, Gerealiseerd 1); …'."""
    if not stacks:
        return "Geen."
    one = unit_one or unit
    parts = []
    for s in stacks:
        inner = ", ".join(f"{p.label} {p.value}" for p in s.parts if p.value)
        parts.append(f"{s.label}: {s.total} {one if s.total == 1 else unit} ({inner})")
    return "; ".join(parts) + "."


def stacked_chart(
    chart_id: str,
    title: str,
    stacks: Sequence[Stack],
    legend: Sequence[Bar],
    unit: str,
    unit_one: str | None = None,
) -> Markup:
    """Horizontal stacked bars, one per `Stack`, as one block of HTML (a <figure> holding the
    <svg>). Each part is coloured by its key's CSS class (the status badges' colours), with a
    white gap between parts; a part wide enough shows its number inside, every bar its total
    beside it, and a legend under the bars names each colour in text. The <desc> states every
    figure, and the page shows the same figures as a table."""
    cid = _slug(chart_id)
    top = max((s.total for s in stacks), default=0)
    scale = (WIDTH - NUMBER_ROOM) / top if top else 0.0
    rows: list[str] = []
    y = 0
    for stack in stacks:
        tspans, lines = _label(stack.label)
        bar_y = y + lines * LINE_HEIGHT + 2
        x = 0.0
        parts = []
        for part in stack.parts:
            if not part.value:
                continue
            length = max(round(part.value * scale, 1), 2.0)
            key = f" chart__bar--{_slug(part.key)}" if part.key else ""
            parts.append(
                f'<rect class="chart__bar chart__part{key}" x="{x}" y="{bar_y}" '
                f'width="{length}" height="{BAR_HEIGHT + 4}"></rect>'
            )
            if length >= 8 * len(str(part.value)) + 4:
                parts.append(
                    f'<text class="chart__inside" x="{round(x + length / 2, 1)}" '
                    f'y="{bar_y + BAR_HEIGHT}" text-anchor="middle">{part.value}</text>'
                )
            x = round(x + length, 1)
        rows.append(
            f'<g class="chart__row">'
            f'<text class="chart__label" x="0" y="{y + FONT_SIZE}">{tspans}</text>'
            + "".join(parts)
            + f'<text class="chart__value" x="{x + 6}" y="{bar_y + BAR_HEIGHT}">'
            f"{stack.total}</text></g>"
        )
        y = bar_y + BAR_HEIGHT + 4 + GAP
    # The legend: a swatch and the label for each colour, two to a line.
    items = []
    column = WIDTH // 2
    for n, item in enumerate(legend):
        lx = (n % 2) * column
        ly = y + (n // 2) * LINE_HEIGHT
        key = f" chart__bar--{_slug(item.key)}" if item.key else ""
        items.append(
            f'<rect class="chart__bar{key}" x="{lx}" y="{ly + 2}" width="{LEGEND_SWATCH}" '
            f'height="{LEGEND_SWATCH}"></rect>'
            f'<text class="chart__label" x="{lx + LEGEND_SWATCH + 4}" y="{ly + FONT_SIZE - 1}">'
            f"{_text(item.label)}</text>"
        )
    height = max(y + ((len(legend) + 1) // 2) * LINE_HEIGHT, 1)
    desc = describe_stacks(stacks, unit, unit_one)
    svg = (
        f'<svg class="chart chart--stacked" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-size="{FONT_SIZE}" '
        f'aria-labelledby="{cid}-title" aria-describedby="{cid}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{cid}-title">{_text(title)}</title>'
        f'<desc id="{cid}-desc">{_text(desc)}</desc>'
        + "".join(rows)
        + f'<g class="chart__legend">{"".join(items)}</g></svg>'
    )
    return Markup(
        f'<figure class="chart-figure chart-figure--wide" id="{cid}" data-pagefind-ignore="all">'
        f'<figcaption aria-hidden="true">{_text(title)}</figcaption>{svg}</figure>'
    )
