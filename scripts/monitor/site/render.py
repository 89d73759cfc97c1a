"""Render: the Jinja environment that turns the dataset into Markdown pages, safely.

All text in the data is untrusted (it comes from pull requests). Every `{{ value }}` in a template
is escaped twice over by default: HTML-escaped, and with Markdown's special characters
backslash-escaped, so neither a `<script>` nor a `[link](javascript:…)` nor `{: onclick=…}` in a
title can become markup. Fields that are Markdown by design go through `|markdown`: markdown-it-py
with raw HTML off, images off (an image would make the reader's browser call a third party) and
only http(s)/mailto/relative links. Templates are data: never is text from YAML compiled as one.
This module does not decide which pages exist.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from .wording import age_text, counted, kind_name, plural

TEMPLATE_DIR = Path(__file__).parent.parent / "templates"

# Characters Python-Markdown (with the `tables` extension) lets a backslash escape.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_SAFE_LINK = re.compile(r"^(https?:|mailto:|#|/|\.{0,2}/|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)


def escape_text(value: object) -> Markup:
    """Inline text that Markdown and HTML will both show literally."""
    if isinstance(value, Markup):
        return value
    if type(value) is str:
        return _escape_str(value)
    return _escape_str(str(value))


# The same titles, labels and dates are escaped on every page that lists them: 114,000 calls
# for 1,235 pages at 1,000 records, a quarter of build_pages. Strings are immutable, so a cache
# cannot go stale.
@lru_cache(maxsize=1 << 16)
def _escape_str(value: str) -> Markup:
    text = " ".join(value.split())  # an inline field never starts a block
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return Markup(html.escape(text, quote=False))


def escape_html(value: object) -> Markup:
    """Text for a raw HTML block we write ourselves (a form, an attribute): HTML-escaped only,
    since Markdown does not run inside such a block and a backslash would show."""
    return Markup(html.escape(" ".join(str(value).split()), quote=True))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return escape_text(value)


def _validate_link(url: str) -> bool:
    return bool(_SAFE_LINK.match(url.strip()))


@cache
def _markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "html_block"])
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def render_markdown(value: object) -> Markup:
    """Markdown from the data as an HTML block that Python-Markdown passes through untouched.

    The HTML comes from markdown-it with raw HTML off, so every `<` from the data arrives
    escaped; blank lines are squeezed out so Python-Markdown keeps the block whole."""
    if value is None or value == "":
        return Markup("")
    body = one_block(_markdown_parser().render(str(value)).strip())
    return Markup(f'<div class="md-data">\n{body}\n</div>')


def relative_link(target: str, current: str) -> str:
    """A Markdown link target from the page `current` to the page `target` (both src paths),
    so that MkDocs' --strict checks it and rewrites it to the right URL."""
    if target == current:
        return posixpath.basename(target)
    target_dir, _, name = target.rpartition("/")
    return _relative_dir(target_dir, posixpath.dirname(current)) + name


@cache
def _relative_dir(target_dir: str, current_dir: str) -> str:
    """The prefix from one folder to another, both relative to the docs root: a page links to
    thousands of others in few folders, and posixpath.relpath asks the OS for the working
    directory on every call (a third of build_pages' time at 1,000 records)."""
    rel = posixpath.relpath(target_dir or ".", current_dir or ".")
    return "" if rel == "." else rel + "/"


def markdown_link(text: object, target: str) -> Markup:
    """`[text](target)` with the text escaped; `target` is a path we built from ids."""
    return Markup(f"[{escape_text(text)}]({target})")


@cache
def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL (from the site root) of the page whose src path is `src`, as static site
    generators with "pretty" URLs give it: `a/b.md` is `a/b/` (or `a/b.html`), `a/index.md` is
    `a/`, the home page is `./`."""
    parent, _, name = src.removesuffix(".md").rpartition("/")
    if not directory_urls or name == "index":
        dest = posixpath.join(parent, name + ".html")
    else:
        dest = posixpath.join(parent, name, "index.html")
    folder, filename = posixpath.split(dest)
    if directory_urls and filename == "index.html":
        dest = (folder or ".") + "/"
    return quote(dest)


@cache
def relative_url(target: str, current: str) -> str:
    """The URL `target` as a link on the page at URL `current` (both from the site root); the
    same rule as the browser's, so an HTML link we write lands where a Markdown link would."""
    folder, _, name = current.rpartition("/")
    if "." in name:
        current = folder
    here, there = _url_parts(current), _url_parts(target)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return rel + "/" if target.endswith("/") else rel


def _url_parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path)[1:]
    return path.split("/") if path else []


def html_link(text: object, href: str, *, markup: bool = False) -> Markup:
    """`<a href>` for a raw HTML block: `text` escaped for HTML (or, with `markup`, already safe
    HTML we made); `href` is a URL we built from ids."""
    body = text if markup and isinstance(text, Markup) else escape_html(text)
    return Markup(f'<a href="{html.escape(href, quote=True)}">{body}</a>')


Terms = tuple[tuple[str, str], ...]  # (abbreviation, what it stands for)


def abbreviate(text: Markup, terms: Terms) -> Markup:
    """HTML-escaped text with each abbreviation in `terms` marked up as `<abbr title>`, as
    Python-Markdown's `abbr` extension does in Markdown: whole words, longest first."""
    pattern, titles = _abbreviations(terms)
    if pattern is None:
        return text
    return Markup(pattern.sub(lambda m: titles[m[0]], text))


@cache
def _abbreviations(terms: Terms) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    titles: dict[str, str] = {}
    for term, expansion in terms:
        escaped = html.escape(term, quote=False)
        title = html.escape(expansion, quote=True)
        titles.setdefault(escaped, f'<abbr title="{title}">{escaped}</abbr>')
    if not titles:
        return None, titles
    alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    # Not inside an entity (`&amp;`) or a tag we wrote: text between tags only.
    return re.compile(rf"(?<![&\w])(?:{alternatives})\b(?![^<>]*>)"), titles


# Large tables and link lists are HTML we write ourselves. A page's Markdown holds a marker in
# their place, and the finished page gets them back after the Markdown is converted: the
# Markdown processor never has to parse (and pass through) megabytes of HTML. Inlining them
# into the Markdown instead (`expand_blocks` on the Markdown) gives the same page.
_BLOCK = "<!-- monitor-block {} -->"
_BLOCK_RE = re.compile(r"<!-- monitor-block (\d+) -->")


def block_marker(index: int) -> str:
    return _BLOCK.format(index)


def expand_blocks(text: str, blocks: Sequence[str]) -> str:
    """`text` (the converted page, or its Markdown) with each block marker replaced by its
    block."""
    if not blocks:
        return text
    return _BLOCK_RE.sub(lambda m: blocks[int(m[1])], text)


# On a phone every table becomes a list of cards, one row per card, each cell with its column's
# name before it (monitor-pages.css shows `data-label` with ::before). The names are put on the
# cells here, once for every page, generated or hand-written, whatever made its table (a template,
# Python-Markdown's tables extension, a block): so no table can be left out, and a page that
# another change adds stacks too. A table whose cells already carry labels is left as it is.
_TABLE_RE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
_HEAD_RE = re.compile(r"<thead\b[^>]*>.*?<tr\b[^>]*>(.*?)</tr>.*?</thead>", re.DOTALL)
_HEAD_CELL_RE = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.DOTALL)
_BODY_TAG_RE = re.compile(r"<tr\b[^>]*>|<(td|th)\b([^>]*)>")
_SPAN_RE = re.compile(r"""\bcolspan=["']?(\d+)""")
_TAG_RE = re.compile(r"<[^>]*>")


def label_table_cells(page: str) -> str:
    """`page` (HTML) with `data-label="column name"` on every body cell of every table that has a
    header row."""
    if "<table" not in page:
        return page
    return _TABLE_RE.sub(_label_table, page)


def _span(attrs: str) -> int:
    found = _SPAN_RE.search(attrs)
    return max(1, int(found[1])) if found else 1


def _label_table(match: re.Match[str]) -> str:
    table = match[0]
    head = _HEAD_RE.search(table)
    if head is None:
        return table
    labels: list[str] = []
    for attrs, inner in _HEAD_CELL_RE.findall(head[1]):
        text = " ".join(html.unescape(_TAG_RE.sub("", inner)).split())
        labels += [html.escape(text, quote=True)] * _span(attrs)
    body_start = head.end()
    body = table[body_start:]
    if "data-label=" in body[: body.find("</tr>") + 1]:
        return table  # labelled where it was made (the overview tables)
    # One pass over the body's row and cell tags (13 µs a row of three cells measured, against
    # 20 µs with a pass per row): well under a second for 50,000 rows.
    column = 0

    def tag(m: re.Match[str]) -> str:
        nonlocal column
        if m[1] is None:  # a row starts
            column = 0
            return m[0]
        attrs = m[2]
        label = labels[column] if column < len(labels) else ""
        column += _span(attrs) if "colspan" in attrs else 1
        if not label or "data-label=" in attrs:
            return m[0]
        return f'<{m[1]}{attrs} data-label="{label}">'

    return table[:body_start] + _BODY_TAG_RE.sub(tag, body)


def one_block(html: str) -> str:
    """HTML without blank lines, so that in Markdown it stays one raw HTML block."""
    return re.sub(r"\n\s*\n", "\n", html)


def build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=StrictUndefined,
        # finalize escapes every plain value for Markdown and HTML (`escape_text`); autoescape
        # then leaves that Markup alone, and makes macro output Markup so it is not escaped twice.
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = render_markdown
    env.filters["text"] = escape_text
    env.filters["html"] = escape_html
    env.filters["counted"] = counted
    env.filters["plural"] = plural
    env.filters["kind_name"] = kind_name
    env.filters["age_text"] = age_text
    env.globals["md_link"] = markdown_link
    return env


@cache
def environment() -> Environment:
    return build_environment()


def render_page(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def compile_templates() -> None:
    """Compile every template now (Jinja keeps them), e.g. before forking workers that would
    otherwise each compile them again."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
