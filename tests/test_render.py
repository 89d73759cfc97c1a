"""Rendering: untrusted text comes out inert, Markdown from the data is safe, links are relative."""

from __future__ import annotations

import markdown
import pytest

from monitor.render import escape_text, relative_link, render_markdown

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
