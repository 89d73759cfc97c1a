"""A 390 px phone: no page is wider than the screen, and every table becomes a list of cards.

The pages checked are found in the built site, not listed by hand: one page (the largest, which
has the most rows) of every folder of record or facet pages, and every page on its own elsewhere.
So a page type that a later change adds is checked too.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from .browsing import PHONE, Browser

pytestmark = pytest.mark.browser

# Folders with this many pages at one depth hold records or facet values: one page stands for them.
MANY = 8


def phone_pages(site: Path) -> list[str]:
    groups: dict[tuple[str, int], list[Path]] = defaultdict(list)
    for file in site.rglob("index.html"):
        parts = file.relative_to(site).parts[:-1]
        if parts and parts[0] in {"pagefind", "assets"}:
            continue
        text = file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:  # a former address, sending the reader on
            continue
        groups[(parts[0] if parts else "", len(parts))].append(file)
    chosen = []
    for files in groups.values():
        if len(files) >= MANY:
            files = [max(files, key=lambda f: (f.stat().st_size, f.as_posix()))]
        chosen += files
    folders = (f.parent.relative_to(site).as_posix() for f in chosen)
    return sorted("/" if folder == "." else f"/{folder}/" for folder in folders)


# Everything in the article that sticks out of the screen, or scrolls sideways inside it (a table
# in a scrolling box hides its last columns with no sign). Code blocks may scroll: their own box
# must fit, what is inside it may not.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const found = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
  const root = document.documentElement;
  if (root.scrollWidth > width) found.push('the page is ' + root.scrollWidth + ' px wide');
  for (const el of document.querySelectorAll('article, article *')) {
    if (el.closest('pre') && el.tagName !== 'PRE') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.left < -1 || box.right > width + 1) {
      found.push(name(el) + ' spans ' + Math.round(box.left) + '..' + Math.round(box.right));
    }
    const style = getComputedStyle(el);
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (el.tagName !== 'PRE' && scrolls && el.scrollWidth > el.clientWidth + 1) {
      found.push(name(el) + ' scrolls sideways: ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
  }
  return found.slice(0, 8);
}"""

TABLES = """() => [...document.querySelectorAll('article table')].map((t) => {
  const box = t.getBoundingClientRect();
  return {left: box.left, right: box.right, display: getComputedStyle(t).display,
          rows: [...t.querySelectorAll('tbody tr')].filter((r) => !r.hidden).length,
          unlabelled: [...t.querySelectorAll('tbody tr > td:not(:first-child)')]
            .filter((td) => !td.getAttribute('data-label')).length};
})"""


@pytest.fixture(scope="module")
def paths(site_dir: Path) -> list[str]:
    found = phone_pages(site_dir)
    for must in ["/", "/signalen/", "/actoren/", "/themas/", "/statussen/", "/open-data/"]:
        assert must in found, must
    return found


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_no_page_is_wider_than_a_phone(pages: Browser, paths: list[str], javascript: bool) -> None:
    problems = {}
    tables = 0
    for path in paths:
        page = pages.reuse(path, viewport=PHONE, javascript=javascript).page
        found = page.evaluate(OVERFLOW)
        if found:
            problems[path] = found
        for table in page.evaluate(TABLES):
            tables += 1
            assert table["display"] == "block", f"{path}: a table that is not stacked"
            assert table["left"] >= -1 and table["right"] <= PHONE["width"] + 1, (path, table)
            assert table["unlabelled"] == 0, f"{path}: cells without their column's name"
    assert tables > 50, f"only {tables} tables on {len(paths)} pages"
    assert not problems, "\n".join(f"{p}: {'; '.join(f)}" for p, f in problems.items())


def test_the_check_finds_a_table_wider_than_the_phone(pages: Browser) -> None:
    """The check can fail: a wide table that does not stack is reported."""
    page = pages.reuse("/signalen/", viewport=PHONE).page
    page.evaluate(
        """() => { const t = document.querySelector('article table');
        t.style.display = 'table'; t.style.maxWidth = 'none'; t.style.width = '900px'; }"""
    )
    assert page.evaluate(OVERFLOW)


def test_a_stacked_cell_shows_its_column_name(pages: Browser) -> None:
    page = pages.reuse("/actoren/", viewport=PHONE).page
    before = page.evaluate(
        """() => { const td = document.querySelector('article table tbody tr td:nth-child(2)');
        return [td.getAttribute('data-label'), getComputedStyle(td, '::before').content]; }"""
    )
    label = page.evaluate(
        "() => document.querySelector('article table thead th:nth-child(2)').textContent.trim()"
    )
    assert before == [label, f'"{label}: "']


def test_the_search_button_on_a_phone_opens_search_with_the_field_focused(pages: Browser) -> None:
    page = pages.reuse("/over/", viewport=PHONE).page
    assert not page.locator("#monitor-q").is_visible()  # the phone's header shows the button only
    page.click("button.monitor-search-form__button")
    page.wait_for_url("**/zoeken/**")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'zoek-q'")


def test_the_search_page_takes_no_focus_when_reached_by_a_link(pages: Browser) -> None:
    page = pages.reuse("/zoeken/", viewport=PHONE).page
    page.wait_for_selector("#zoekvenster:not([hidden])")
    assert page.evaluate("() => document.activeElement === document.body")
