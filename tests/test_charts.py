"""Charts: inline SVG bar charts that a screen reader can name and describe, that say every figure
in text (not by colour or length alone), and that no label from the data can break out of."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from monitor.site.charts import CHARS_PER_LINE, NUMBER_ROOM, WIDTH, Bar, bar_chart, describe

SVG = "{http://www.w3.org/2000/svg}"
BARS = [Bar("Aangekondigd", 88, "aangekondigd"), Bar("In uitvoering", 25, "in-uitvoering")]


def parse(markup: str) -> ET.Element:
    """The chart must be well-formed XML as well as HTML: inline SVG is parsed as both."""
    return ET.fromstring(str(markup))


def test_chart_is_an_image_named_by_its_title_and_described_by_its_figures() -> None:
    figure = parse(bar_chart("maatregelen", "Maatregelen per status", BARS, "maatregelen"))
    svg = figure.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert svg.get("aria-labelledby") == title.get("id") == "maatregelen-title"
    assert svg.get("aria-describedby") == desc.get("id") == "maatregelen-desc"
    assert title.text == "Maatregelen per status"
    assert desc.text == "Aangekondigd: 88 maatregelen; In uitvoering: 25 maatregelen."


def test_every_bar_has_its_label_and_number_as_text() -> None:
    figure = parse(bar_chart("c", "T", BARS, "maatregelen"))
    rows = figure.findall(f".//{SVG}g")
    assert len(rows) == 2
    for row, bar in zip(rows, BARS, strict=True):
        texts = ["".join(t.itertext()) for t in row.findall(f"{SVG}text")]
        assert texts == [bar.label, str(bar.value)]
        rect = row.find(f"{SVG}rect")
        assert rect is not None and f"chart__bar--{bar.key}" in (rect.get("class") or "")


def test_bar_lengths_are_proportional_and_the_longest_leaves_room_for_its_number() -> None:
    bars = [Bar("a", 100), Bar("b", 50), Bar("c", 0), Bar("d", 1)]
    figure = parse(bar_chart("c", "T", bars, "x"))
    widths = [float(r.get("width") or "nan") for r in figure.iter(f"{SVG}rect")]
    assert widths[0] == WIDTH - NUMBER_ROOM
    assert widths[1] == pytest.approx(widths[0] / 2)
    assert widths[2] == 0
    assert widths[3] >= 2  # a count of one is still visible


def test_long_labels_wrap_instead_of_being_cut() -> None:
    label = "Kamerbrief over de aanpak van georganiseerde, ondermijnende criminaliteit in 2024"
    figure = parse(bar_chart("c", "T", [Bar(label, 3)], "x"))
    lines = [t.text or "" for t in figure.iter(f"{SVG}tspan")]
    assert len(lines) > 1
    assert all(len(line) <= CHARS_PER_LINE for line in lines)
    assert " ".join(lines) == label


def test_an_empty_chart_is_still_valid() -> None:
    figure = parse(bar_chart("c", "Niets", [], "x"))
    assert figure.find(f".//{SVG}desc") is not None
    assert describe([], "x") == "Geen."


HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload="alert(1)">',
    "</text></svg><img src=x onerror=alert(1)>",
    "Tom & Jerry's <b>vet</b>",
    "]]><!-- -->",
]


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_labels_stay_text(label: str) -> None:
    markup = bar_chart("c", label, [Bar(label, 1, key=label)], "x")
    figure = parse(markup)  # still well-formed
    soup = BeautifulSoup(str(markup), "html.parser")
    assert not soup.find_all(["script", "img", "b"])
    assert all(not k.startswith("on") for el in soup.find_all(True) for k in el.attrs)
    label_text = "".join(next(figure.iter(f"{SVG}text")).itertext())
    assert label_text == " ".join(label.split())
    assert next(figure.iter(f"{SVG}title")).text == " ".join(label.split())


def test_hostile_chart_id_becomes_a_safe_id() -> None:
    figure = parse(bar_chart('x" onclick="alert(1)', "T", BARS, "x"))
    assert figure.get("id") == "x-onclick-alert-1"
    assert "onclick" not in figure.attrib


@given(st.lists(st.tuples(st.text(), st.integers(min_value=0, max_value=10_000)), max_size=6))
def test_any_label_and_count_give_well_formed_svg_that_says_them(
    pairs: list[tuple[str, int]],
) -> None:
    # XML 1.0 cannot carry control characters at all; the data's text fields never hold them.
    bars = [Bar("".join(c for c in s if c.isprintable()), n) for s, n in pairs]
    figure = parse(bar_chart("c", "T", bars, "x"))
    values = [t for t in figure.iter(f"{SVG}text") if "chart__value" in (t.get("class") or "")]
    assert [v.text for v in values] == [str(b.value) for b in bars]


def test_a_count_of_one_takes_the_singular() -> None:
    bars = [Bar("Open", 1), Bar("Nagekomen", 2)]
    assert describe(bars, "toezeggingen", "toezegging") == (
        "Open: 1 toezegging; Nagekomen: 2 toezeggingen."
    )


def test_home_chart_shows_each_status_under_its_own_name() -> None:
    """One name per status everywhere (copy review, row 11): no 'nog open' bar that takes in
    several statuses under a name the table beside it does not use."""
    from monitor.data.model import Dataset, Status
    from monitor.site.pages import Summary, home_charts

    ds = Dataset()
    for sid, label, final in [
        ("open", "Open", False),
        ("deels-nagekomen", "Deels nagekomen", False),
        ("nagekomen", "Nagekomen", True),
    ]:
        ds.statuses[sid] = Status(
            id=sid, label=label, definition="x", final=final, applies_to=["commitment"]
        )
    counts = [("open", 2), ("deels-nagekomen", 1), ("nagekomen", 4)]
    charts = home_charts(ds, Summary([], [], counts, []))
    desc = next(parse(charts["commitments_open"]).iter(f"{SVG}desc")).text
    assert desc == "Open: 2 toezeggingen; Deels nagekomen: 1 toezegging; Nagekomen: 4 toezeggingen."


# --- stacked bars: the status distribution at each letter ---------------------------------------


def test_stacked_chart_names_describes_and_colours_by_class_only() -> None:
    from monitor.site.charts import Stack, stacked_chart

    stacks = [
        Stack("Brief <a>, 2017", (Bar("Aangekondigd", 4, "aangekondigd"), Bar("Open", 1, "open"))),
        Stack("Brief b, 2024", (Bar("Aangekondigd", 2, "aangekondigd"), Bar("Open", 0, "open"))),
    ]
    legend = [Bar("Aangekondigd", 0, "aangekondigd"), Bar("Open", 0, "open")]
    markup = str(stacked_chart("per-brief", "Stand volgens elke brief", stacks, legend, "stuks"))
    figure = parse(markup)
    svg = figure.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "per-brief-title"
    desc = svg.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == (
        "Brief <a>, 2017: 5 stuks (Aangekondigd 4, Open 1); "
        "Brief b, 2024: 2 stuks (Aangekondigd 2)."
    )
    assert "style" not in markup and "<a>" not in markup  # escaped, and no inline styles
    parts = [r for r in svg.iter(f"{SVG}rect") if "chart__part" in (r.get("class") or "")]
    # A zero part draws nothing; each part has its status's class.
    assert [r.get("class").split()[-1] for r in parts] == [
        "chart__bar--aangekondigd",
        "chart__bar--open",
        "chart__bar--aangekondigd",
    ]
    totals = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart__value"]
    assert totals == ["5", "2"]
    legend_labels = [t.text for t in svg.find(f"{SVG}g[@class='chart__legend']")]
    assert "Aangekondigd" in legend_labels and "Open" in legend_labels
