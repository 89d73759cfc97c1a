"""Keyboard use, headings and a 390 px wide screen (WCAG 2.1: 2.4.1, 2.4.7, 1.3.1, 1.4.10)."""

from __future__ import annotations

import itertools

import pytest
from bs4 import BeautifulSoup

from .browsing import PAGE_TYPES, PHONE, Browser

# The focused element once running transitions (the skip link sliding in) have finished.
ACTIVE = """async () => {
    const e = document.activeElement;
    await Promise.all(e.getAnimations().map((a) => a.finished.catch(() => null)));
    let opacity = 1;
    for (let x = e; x; x = x.parentElement) opacity *= parseFloat(getComputedStyle(x).opacity);
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    return {tag: e.tagName, cls: e.className, href: e.getAttribute('href'),
            text: (e.textContent || '').trim().slice(0, 40),
            inContent: e.closest('.md-content') !== null,
            hidden: e.closest('[aria-hidden=true]') !== null,
            width: r.width, height: r.height, outline: s.outlineStyle,
            outlineWidth: parseFloat(s.outlineWidth), opacity};
}"""


# The skip link comes from the theme's base template, the same on every page with a table of
# contents; these types cover the templates that differ (hand-written, generated, facet,
# search page without a table of contents, and the 404 page, which gets its own link).
SKIP_LINK_TYPES = [
    "home",
    "measure",
    "measures-facet",
    "measures-overview",
    "search",
    "about",
    "404",
]


@pytest.mark.browser
@pytest.mark.parametrize("name", SKIP_LINK_TYPES)
def test_first_tab_stop_is_a_skip_link_to_the_content(pages: Browser, name: str) -> None:
    page = pages.reuse(name).page
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    assert "md-skip" in first["cls"], f"first Tab stop is {first}"
    # The link slides into view when focused: it must end fully visible, inside the viewport.
    page.wait_for_function(
        """() => { const e = document.activeElement, r = e.getBoundingClientRect();
                   return getComputedStyle(e).opacity === '1' && r.top >= 0 && r.left >= 0; }""",
        timeout=3000,
    )
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == first["href"]
    top = page.evaluate(
        "(id) => document.getElementById(id).getBoundingClientRect().top", first["href"][1:]
    )
    assert 0 <= top < PHONE["height"] / 2, "the skip link did not bring the heading into view"
    page.keyboard.press("Tab")
    after = page.evaluate(ACTIVE)
    assert after["inContent"], f"after the skip link, Tab went to {after}, not into the content"


@pytest.mark.browser
@pytest.mark.parametrize("name", ["home", "measure", "measures-overview", "search"])
def test_every_tab_stop_is_visible_and_shows_focus(pages: Browser, name: str) -> None:
    page = pages.reuse(name).page
    links = 0
    for step in range(35):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active["tag"] == "BODY":
            break
        where = f"Tab stop {step + 1}: {active}"
        assert not active["hidden"], f"focus on an aria-hidden element; {where}"
        assert active["width"] > 0 and active["height"] > 0, (
            f"focus on an invisible element; {where}"
        )
        assert active["opacity"] > 0.5, f"focus on a transparent element; {where}"
        # Every control shows where focus is: an outline (links, buttons, form fields).
        assert active["outline"] != "none" and active["outlineWidth"] >= 1, (
            f"no focus outline; {where}"
        )
        links += active["tag"] == "A"
    assert links >= 5, f"only {links} links reached by Tab"


def heading_problems(page: BeautifulSoup) -> list[str]:
    """What breaks the heading outline: not exactly one h1 first, or a level skipped."""
    levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    problems = []
    if levels.count(1) != 1 or not levels or levels[0] != 1:
        problems.append(f"headings {levels[:12]}, expected exactly one h1, first")
    skips = [f"h{a}→h{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
    if skips:
        problems.append(f"skipped heading level {', '.join(skips)}")
    return problems


@pytest.mark.build
def test_each_page_has_one_h1_first_and_no_skipped_heading_level(
    built_html: dict[str, BeautifulSoup],
) -> None:
    problems = [
        f"{rel}: {problem}"
        for rel, page in built_html.items()
        for problem in heading_problems(page)
    ]
    assert not problems, "\n".join(problems)


def test_heading_check_catches_a_bad_outline() -> None:
    def check(html: str) -> list[str]:
        return heading_problems(BeautifulSoup(html, "html.parser"))

    assert check("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>") == []
    assert check("<h1>a</h1><h2>b</h2><h4>c</h4>") == ["skipped heading level h2→h4"]
    assert check("<h2>a</h2><h1>b</h1>")[0].startswith("headings [2, 1]")
    assert check("<p>no heading</p>")[0].startswith("headings []")


PHONE_LAYOUT = """() => {
    const tables = [...document.querySelectorAll('article table')].map((t) => {
        // The theme's script wraps each table in a scrolling container; without scripts the
        // table scrolls itself (display: inline-block; overflow: auto).
        const box = t.closest('.md-typeset__scrollwrap') || t;
        const r = box.getBoundingClientRect();
        return {left: r.left, right: r.right, wide: box.scrollWidth > box.clientWidth,
                scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)};
    });
    return {scrollWidth: document.documentElement.scrollWidth, tables};
}"""


def assert_fits_a_phone(layout: dict, url: str) -> None:
    width = PHONE["width"]
    assert layout["scrollWidth"] <= width, (
        f"{url}: the page is {layout['scrollWidth']} px wide on a {width} px screen"
    )
    for i, table in enumerate(layout["tables"]):
        assert table["left"] >= 0 and table["right"] <= width, f"{url}: table {i} sticks out"
        if table["wide"]:
            assert table["scrolls"], f"{url}: wide table {i} does not scroll on its own"


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_fits_a_390px_screen(pages: Browser, name: str) -> None:
    visit = pages.reuse(name, viewport=PHONE)
    assert_fits_a_phone(visit.page.evaluate(PHONE_LAYOUT), visit.url)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["measures-overview", "glossary", "actor", "document"])
def test_tables_fit_a_390px_screen_without_javascript(pages: Browser, name: str) -> None:
    visit = pages.reuse(name, viewport=PHONE, javascript=False)
    layout = visit.page.evaluate(PHONE_LAYOUT)
    assert layout["tables"], f"{visit.url} has no table to check"
    assert_fits_a_phone(layout, visit.url)


@pytest.mark.build
def test_every_page_in_the_navigation_is_a_tested_page_type(
    built_html: dict[str, BeautifulSoup], page_paths: dict[str, str]
) -> None:
    """A page added to the navigation is added to PAGE_TYPES too, so the browser tests see it."""
    nav = built_html["index.html"].select("nav.md-nav--primary a.md-nav__link[href]")
    hrefs = [a["href"] for a in nav if not a["href"].startswith("#")]  # the page's own contents
    in_nav = {"/" + h.removeprefix("./").removeprefix(".") for h in hrefs}
    in_nav = {p if p.endswith("/") else p + "/" for p in in_nav}
    assert len(in_nav) > 10
    assert in_nav <= set(page_paths.values()), sorted(in_nav - set(page_paths.values()))
