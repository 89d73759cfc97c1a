"""The real site under its Content-Security-Policy, and the site's own tooltip, in Chromium.

Every page carries a policy (scripts by hash, see scripts/monitor/csp.py). Here a reader uses
what has a script behind it: the charts on the home page, the filters and sorting of an
overview, the search page with its `soort` filter (Pagefind's WebAssembly), and the tooltips of
abbreviations; the policy must report no violation while they all work. Then the policy is shown
to be enforced, and the tooltip to behave as WCAG 1.4.13 asks (dismissable with Escape, hoverable,
persistent), on keyboard focus and on a tap as well as on hover.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browsing import AXE_TAGS, PAGE_TYPES, PHONE

pytestmark = pytest.mark.browser

# Recorded before the page's own scripts run: every violation of its policy.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
    [e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber, e.sample].join(' ')));
"""
TIP = "#monitor-uitleg"
# The first abbreviation in the article that takes focus of its own (not one inside a link).
ABBR = "article abbr[tabindex]"


@pytest.fixture
def watched(browser: Any, base_url: str) -> Iterator[Any]:
    """A page that records policy violations and console messages about the policy."""
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(WATCH)
    context.route(lambda url: not url.startswith(base_url + "/"), lambda route: route.abort())
    page = context.new_page()
    page.console_policy = []
    page.on(
        "console",
        lambda m: (
            page.console_policy.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.base = base_url
    try:
        yield page
    finally:
        context.close()


def violations(page: Any) -> list[str]:
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__violations") + page.console_policy


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_page_type_violates_its_policy(watched: Any, page_paths: dict[str, str], name: str):
    watched.goto(watched.base + page_paths[name], wait_until="load")
    assert watched.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    for abbr in watched.locator(ABBR).all()[:3]:
        abbr.focus()
    assert violations(watched) == []


def test_charts_filters_sorting_and_search_work_under_the_policy(watched: Any) -> None:
    page = watched
    page.goto(page.base + "/", wait_until="load")
    assert page.locator("svg.chart").count() > 0
    page.goto(page.base + "/maatregelen/", wait_until="load")
    page.wait_for_selector("form.record-filter:not([hidden])")
    rows = "table.record-table tbody tr:not([hidden])"
    before = page.locator(rows).count()
    page.select_option("#tabel-maatregelen-status", "in-uitvoering")
    assert 0 < page.locator(rows).count() < before
    page.locator("table.record-table th button").first.click()
    assert page.locator("table.record-table th[aria-sort]").count() == 1
    page.goto(page.base + "/zoeken/?q=RIEC", wait_until="load")
    page.wait_for_selector("#zoek-resultaten > li")
    page.select_option("#zoek-soort", "Maatregel")
    page.locator("#zoekvenster button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelector('#zoek-status').textContent.includes('soort: Maatregel')"
    )
    assert page.locator("#zoek-resultaten > li").count() > 0
    assert violations(page) == []


def test_the_policy_blocks_a_script_put_into_the_page(watched: Any) -> None:
    """An inline script or event handler that some sink would put in does not run."""
    watched.goto(watched.base + "/begrippen/", wait_until="load")
    ran = watched.evaluate(
        """() => {
            window.__ran = 0;
            const s = document.createElement('script');
            s.textContent = 'window.__ran += 1';
            document.body.append(s);
            const box = document.createElement('div');
            box.innerHTML = '<img src="x" onerror="window.__ran += 1">';
            document.body.append(box);
            return new Promise((done) => setTimeout(() => done(window.__ran), 300));
        }"""
    )
    assert ran == 0
    found = violations(watched)
    assert any(v.startswith("script-src-elem inline") for v in found), found
    assert any(v.startswith("script-src-attr inline") for v in found), found


def test_hover_shows_the_explanation_as_text_and_escape_closes_it(watched: Any) -> None:
    page = watched
    page.goto(page.base + "/begrippen/", wait_until="load")
    abbr = page.locator(ABBR).first
    expansion = abbr.get_attribute("title")
    assert expansion
    abbr.hover()
    tip = page.locator(TIP)
    assert tip.is_visible() and tip.text_content() == expansion
    assert tip.get_attribute("role") == "tooltip"
    # The browser's own tooltip would cover ours: the title is moved off while ours shows.
    assert abbr.get_attribute("aria-describedby") == "monitor-uitleg"
    assert abbr.get_attribute("title") is None
    # Hoverable: the pointer can move onto the tooltip, and it stays.
    box = tip.bounding_box()
    assert box
    page.mouse.move(box["x"] + 4, box["y"] + 4)
    page.wait_for_timeout(600)
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    assert abbr.get_attribute("title") == expansion
    assert abbr.get_attribute("aria-describedby") is None
    # Moving away closes it too (after a moment's grace).
    abbr.hover()
    page.mouse.move(1, 1)
    tip.wait_for(state="hidden")


def test_keyboard_focus_shows_the_explanation_until_focus_moves(watched: Any) -> None:
    page = watched
    page.goto(page.base + "/begrippen/", wait_until="load")
    abbr = page.locator(ABBR).first
    expansion = abbr.get_attribute("title")
    tip = page.locator(TIP)
    abbr.focus()
    assert tip.is_visible() and tip.text_content() == expansion
    page.keyboard.press("Tab")  # focus moves on: closed, or showing the next one's explanation
    assert abbr.get_attribute("aria-describedby") is None
    assert abbr.get_attribute("title") == expansion
    assert tip.is_hidden() or page.evaluate(
        "() => document.activeElement.getAttribute('aria-describedby') === 'monitor-uitleg'"
    )
    page.keyboard.press("Shift+Tab")  # and back, by keyboard only: shown again
    assert page.evaluate("document.activeElement.tagName") == "ABBR"
    assert tip.is_visible() and tip.text_content() == expansion
    page.mouse.move(1, 1)  # the pointer moving elsewhere does not close what focus opened
    page.wait_for_timeout(600)
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    assert page.evaluate("document.activeElement.tagName") == "ABBR", "Escape keeps focus"


def test_a_tap_shows_the_explanation_on_a_touch_screen(browser: Any, base_url: str) -> None:
    context = browser.new_context(locale="nl-NL", viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(base_url + "/begrippen/", wait_until="load")
        abbr = page.locator(ABBR).first
        expansion = abbr.get_attribute("title")
        abbr.scroll_into_view_if_needed()
        abbr.tap()
        tip = page.locator(TIP)
        assert tip.is_visible() and tip.text_content() == expansion
        box = tip.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        page.locator("article h1").tap()  # a tap elsewhere closes it
        assert tip.is_hidden()
    finally:
        context.close()


def test_without_scripts_the_title_still_explains(pages: Any) -> None:
    page = pages.reuse("/begrippen/", javascript=False).page
    abbrs = page.locator("article abbr")
    assert abbrs.count() > 0
    assert all(a.get_attribute("title") for a in abbrs.all())
    assert page.locator(TIP).count() == 0


def test_a_shown_explanation_passes_axe(watched: Any, axe_source: str) -> None:
    """WCAG 2.1 A and AA with a tooltip open: its role, its link from the abbreviation, its
    contrast."""
    watched.goto(watched.base + "/begrippen/", wait_until="load")
    watched.locator(ABBR).first.focus()
    assert watched.locator(TIP).is_visible()
    watched.evaluate(axe_source)
    found = watched.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' '))""",
        AXE_TAGS,
    )
    assert found == []
