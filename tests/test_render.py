"""Rendering: untrusted text comes out inert, Markdown from the data is safe, links are relative."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from monitor.site.render import escape_text, label_table_cells, relative_link, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "![pixel](https://tracker.example/p.gif)",
    "{: onclick=alert(1) }",
    "{{ config }} {% include 'x' %}",
    "*nadruk* en `code` en # kop",
    "<https://example.org>",
]


def to_html(markdown_text: str) -> str:
    """The same Markdown the site uses, to see what a reader's browser would get."""
    return markdown.markdown(markdown_text, extensions=["tables", "attr_list", "abbr", "toc"])


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_literally(text: str) -> None:
    html = to_html(f"Titel: {escape_text(text)}")
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "onclick" not in html.split(">", 1)[0]
    assert "<em>" not in html and "<code>" not in html
    # what the reader sees is exactly the text (modulo HTML entities)
    import html as htmlmod

    visible = htmlmod.unescape(html.removeprefix("<p>").removesuffix("</p>"))
    assert visible == f"Titel: {' '.join(text.split())}"


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_fields_never_carry_raw_html_or_unsafe_links(text: str) -> None:
    html = to_html(str(render_markdown(text)))
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html or 'href="javascript:' not in html
    assert 'href="javascript' not in html
    assert "onerror=" not in html.replace("onerror=alert(1)&gt;", "")


def test_markdown_fields_keep_ordinary_markup() -> None:
    html = str(render_markdown("Een *pilot* met [bron](https://www.rijksoverheid.nl).\n\nTweede."))
    assert "<em>pilot</em>" in html
    assert '<a href="https://www.rijksoverheid.nl">bron</a>' in html
    assert html.count("<p>") == 2


def test_markdown_block_survives_python_markdown_untouched() -> None:
    block = str(render_markdown("a *b* [c](d)\n\n```\ncode\n\nmore\n```"))
    assert to_html(block).strip() == block.strip()


@pytest.mark.parametrize(
    ("target", "current", "expected"),
    [
        ("maatregelen/x.md", "maatregelen/y.md", "x.md"),
        ("documenten/d.md", "maatregelen/y.md", "../documenten/d.md"),
        ("statussen.md", "index.md", "statussen.md"),
        ("maatregelen/index.md", "index.md", "maatregelen/index.md"),
        ("index.md", "bijdragen/foutcodes.md", "../index.md"),
    ],
)
def test_relative_links(target: str, current: str, expected: str) -> None:
    assert relative_link(target, current) == expected


# --- column names on table cells, for the stacked tables on a phone ---------------------------


def labels(page: str) -> list[list[str | None]]:
    soup = BeautifulSoup(label_table_cells(page), "html.parser")
    return [
        [cell.get("data-label") for cell in row.find_all(["td", "th"])]
        for row in soup.select("tbody tr")
    ]


def test_every_cell_of_a_markdown_table_gets_its_column_name() -> None:
    page = markdown.markdown(
        "| Naam | Status *nu* | Aantal |\n|---|---|---|\n| a | b | 1 |\n| c | d | 2 |\n",
        extensions=["tables"],
    )
    assert labels(page) == [["Naam", "Status nu", "Aantal"]] * 2


def test_column_names_are_plain_text_escaped_for_the_attribute() -> None:
    page = (
        '<table><thead><tr><th>A <abbr title="x">RIEC</abbr></th><th>"B" &amp; &lt;c&gt;</th>'
        "</tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    )
    out = label_table_cells(page)
    assert 'data-label="&quot;B&quot; &amp; &lt;c&gt;"' in out
    assert labels(page) == [["A RIEC", '"B" & <c>']]


def test_a_cell_spanning_columns_takes_the_first_and_moves_the_rest_on() -> None:
    page = (
        "<table><thead><tr><th>A</th><th>B</th><th>C</th></tr></thead>"
        '<tbody><tr><th scope="row">x</th><td colspan="2">y</td></tr>'
        "<tr><td>1</td><td>2</td><td>3</td><td>extra</td></tr></tbody></table>"
    )
    assert labels(page) == [["A", "B"], ["A", "B", "C", None]]


def test_tables_without_a_header_or_already_labelled_are_left_alone() -> None:
    bare = "<table><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    labelled = (
        "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>"
        '<tr><td data-label="Eigen">1</td><td>2</td></tr></tbody></table>'
    )
    text = "<p>no table here</p>"
    for page in (bare, labelled, text):
        assert label_table_cells(page) == page
