"""Attack the built site in Chromium, as someone with edit rights to one data file would.

The fixture site is tests/test_untrusted.py's: every free-text field of every record kind holds
markup and script (glossary expansions, actor and theme names and descriptions, document titles,
Markdown fields), here with two changes: every handler in the payload calls `__pwn()`, which
counts its calls, and every field also holds a Markdown link whose title is markup (a title is
an attribute, which a theme's tooltip may read back as HTML). The glossary's term is a word of
the payload, so its hostile expansion is an `<abbr title>` in every field on every page.

Chromium opens every page of that site, moves the mouse over and focuses every element with a
title and every abbreviation, taps the abbreviations on a touch screen, and then asserts that no
payload ran, no payload element (an `<img src=x>`) entered the page, no dialog opened, and no
Content-Security-Policy violation was reported. A violation would mean that something put the
payload where a browser runs it, and the policy was all that stopped it.

A last test shows that this harness sees the theme's sink: the same hover on a page whose theme
configuration turns `content.tooltips` back on is caught.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import build_strict, write_site
from test_untrusted import DATASET, PAYLOAD, site_files

from .browsing import PHONE, serving

pytestmark = pytest.mark.browser

# Markup that runs __pwn() wherever it is taken for HTML, in text and in an attribute, and a
# Markdown link whose title holds markup (in a Markdown field it becomes <a title="…">).
ATTACK = (
    "</title><script>__pwn()</script><img src=x onerror=__pwn()>\"'><svg onload=__pwn()> "
    '[uitleg](#uitleg "<img src=x onerror=__pwn()>") verborgen {: onclick=__pwn() }'
)
TERM = "verborgen"  # a word of the payload: every hostile field gets the glossary's <abbr>

# Recorded in every page before its own scripts run: calls of the payload's function, policy
# violations, and what the site's tooltip showed (to check it showed the markup as text).
WATCH = """
window.__calls = 0;
window.__pwn = () => { window.__calls += 1; };
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
    [e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber, e.sample].join(' ')));
"""

# Every element with a title and every abbreviation, each marked with its number once.
MARK_TARGETS = """() => {
    const all = [...document.querySelectorAll('[title], abbr, [aria-describedby]')];
    all.forEach((el, i) => el.setAttribute('data-attack', String(i)));
    return all.length;
}"""
# Bring one into view; its centre if it is shown, else null.
CENTRE = """(i) => {
    const el = document.querySelector(`[data-attack="${i}"]`);
    if (!el || !el.getClientRects().length) return null;
    el.scrollIntoView({block: 'center'});
    const r = el.getBoundingClientRect();
    return r.width && r.height ? {x: r.left + r.width / 2, y: r.top + r.height / 2} : null;
}"""
# Focus it (focusable or not: a script can focus an element with tabindex=-1 semantics aside,
# and the theme's own handlers listen to focus wherever it lands), then leave it.
FOCUS = """(i) => {
    const el = document.querySelector(`[data-attack="${i}"]`);
    if (!el) return null;
    if (!el.hasAttribute('tabindex') && !el.matches('a[href], button, input, select, summary')) {
        el.setAttribute('tabindex', '-1');
    }
    el.focus();
    const tip = document.getElementById('monitor-uitleg');
    const shown = tip && !tip.hidden ? tip.textContent : null;
    el.blur();
    return shown;
}"""
# An abbreviation outside links and controls: a tap there shows its explanation.
TAPPABLE = """(i) => {
    const el = document.querySelector(`[data-attack="${i}"]`);
    return el.tagName === 'ABBR' && !!el.closest('.md-content')
        && !el.closest('a, button, summary');
}"""
# What a payload would leave behind if some script put it into the page as HTML.
PAYLOAD_ELEMENTS = "img[src='x'], svg[onload], [onerror], [onclick], script"
RESULT = """(selector) => ({
    calls: window.__calls,
    violations: window.__violations,
    inserted: [...document.querySelectorAll(selector)]
        .filter((e) => e.tagName !== 'SCRIPT' || e.text.includes('__pwn'))
        .map((e) => e.outerHTML.slice(0, 120)),
})"""


def attack_dataset() -> dict[str, Any]:
    """tests/test_untrusted.py's dataset with every payload calling __pwn() and a link title."""

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(PAYLOAD, ATTACK)
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    data = swap(DATASET)
    (entry,) = data["glossary.yaml"]
    entry["term"] = TERM
    return data


@pytest.fixture(scope="module")
def attack_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = site_files(attack_dataset())
    return build_strict(write_site(tmp_path_factory.mktemp("attack"), files, check_quotes=True))


@pytest.fixture(scope="module")
def attack_url(attack_site: Path) -> Iterator[str]:
    with serving(attack_site) as url:
        yield url


@contextlib.contextmanager
def watched(browser: Any, base_url: str, touch: bool = False) -> Iterator[Any]:
    """A browser context that watches every page it opens (WATCH); the dialogs any page tried to
    open are in `context.dialogs`, uncaught errors in `context.errors`."""
    options = {"viewport": PHONE, "has_touch": True, "is_mobile": True} if touch else {}
    ctx = browser.new_context(locale="nl-NL", **options)
    ctx.dialogs, ctx.errors = [], []
    ctx.add_init_script(WATCH)
    ctx.route(lambda url: not url.startswith(base_url + "/"), lambda route: route.abort())

    def watch(page: Any) -> None:
        page.on("dialog", lambda d: (ctx.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: ctx.errors.append(str(e)))

    ctx.on("page", watch)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def context(browser: Any, attack_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    with watched(browser, attack_url, touch=getattr(request, "param", False)) as ctx:
        yield ctx


def page_paths(site: Path) -> list[str]:
    """Every page of the site by its address (the pages of record kinds, overviews, facets,
    the glossary, search, the guide) and the 404 page. Not the redirect at a former id: it
    moves on at once, and holds no script and no title (tests/test_untrusted.py reads it)."""
    paths = [
        "/" + p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    ]
    return [*sorted(p.replace("/./", "/") for p in paths), "/bestaat-niet/"]


def test_the_fixture_is_hostile_where_it_counts(attack_site: Path) -> None:
    """The attack reaches the attributes: abbreviations with the hostile expansion, and links with
    the hostile title, on the page types that show them."""
    pages = {p: (attack_site / p).read_text(encoding="utf-8") for p in ("begrippen/index.html",)}
    pages["measure"] = (attack_site / "maatregelen/pilot-weerbare-wijken/index.html").read_text(
        encoding="utf-8"
    )
    pages["actor"] = (attack_site / "actoren/gemeenten/index.html").read_text(encoding="utf-8")
    for name, html in pages.items():
        assert re.search(r'<abbr title="xqz[a-z]{3} &lt;/title&gt;&lt;script&gt;', html), name
    assert 'title="&lt;img src=x onerror=__pwn()&gt;"' in pages["measure"]


def attack_page(page: Any, url: str) -> dict[str, Any]:
    """Hover and focus every target of one page; what ran and what the tooltip showed."""
    page.goto(url, wait_until="load")
    shown: list[str] = []
    for i in range(page.evaluate(MARK_TARGETS)):
        centre = page.evaluate(CENTRE, i)
        if centre:
            page.mouse.move(centre["x"], centre["y"])
            tip = page.locator("#monitor-uitleg")
            if tip.count() and tip.is_visible():
                shown.append(tip.text_content() or "")
        text = page.evaluate(FOCUS, i)
        if text:
            shown.append(text)
    page.keyboard.press("Escape")
    page.mouse.move(0, 0)
    page.wait_for_load_state("networkidle")
    return {**page.evaluate(RESULT, PAYLOAD_ELEMENTS), "shown": shown}


def test_hovering_and_focusing_every_title_runs_nothing(
    context: Any, attack_site: Path, attack_url: str
) -> None:
    page = context.new_page()
    paths = page_paths(attack_site)
    assert len(paths) > 20 and "/begrippen/" in paths and "/actoren/gemeenten/" in paths
    explained = 0
    for path in paths:
        found = attack_page(page, attack_url + path)
        assert found["calls"] == 0, (path, found)
        assert found["violations"] == [], (path, found["violations"])
        assert found["inserted"] == [], (path, found["inserted"])
        # The tooltip shows expansions and link titles as they are written: markup as text.
        explained += sum("<img src=x onerror=" in text for text in found["shown"])
    assert explained > 0, "the site's tooltip never showed a hostile title"
    assert context.dialogs == [] and context.errors == []


@pytest.mark.parametrize("context", [True], indirect=True, ids=["touch"])
def test_tapping_every_abbreviation_runs_nothing(context: Any, attack_url: str) -> None:
    """A phone shows no title: a tap shows the site's tooltip, with the expansion as text."""
    page = context.new_page()
    for path in ("/begrippen/", "/maatregelen/pilot-weerbare-wijken/", "/actoren/gemeenten/"):
        page.goto(attack_url + path, wait_until="load")
        shown = 0
        tip = page.locator("#monitor-uitleg")
        for i in range(page.evaluate(MARK_TARGETS)):
            centre = page.evaluate(CENTRE, i)
            if centre and page.evaluate(TAPPABLE, i):
                page.touchscreen.tap(centre["x"], centre["y"])
                shown += tip.is_visible() and "<img src=x onerror=" in (tip.text_content() or "")
        assert shown > 0, path
        found = page.evaluate(RESULT, PAYLOAD_ELEMENTS)
        assert (found["calls"], found["violations"], found["inserted"]) == (0, [], []), path
    assert context.dialogs == [] and context.errors == []


def test_the_harness_catches_the_themes_own_tooltip(
    browser: Any, attack_site: Path, tmp_path: Path
) -> None:
    """The same attack, on a copy of the glossary page as it was before: the theme's
    configuration turns `content.tooltips` on, and without the site's own script. The theme
    puts the title into its tooltip as HTML, and the payload's image and handler reach the page
    (while the tooltip shows), where only the policy stops the handler. If an upgrade of the
    theme ever stops doing so, this test fails: then it can go."""
    copy = tmp_path / "site"
    shutil.copytree(attack_site, copy)
    page_file = copy / "begrippen" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    own = '<script src="../assets/monitor.js"></script>'
    assert '"features": ["navigation.sections"' in html and own in html
    html = html.replace('"features": [', '"features": ["content.tooltips", ', 1)
    page_file.write_text(html.replace(own, ""), encoding="utf-8")
    with serving(copy) as url, watched(browser, url) as context:
        found = attack_page(context.new_page(), url + "/begrippen/")
    # The image's onerror, put in by the theme's bundle, blocked by the policy: not run.
    assert found["violations"], found
    assert all(v.startswith("script-src-attr inline ") for v in found["violations"]), found
    assert all("/assets/javascripts/bundle." in v for v in found["violations"]), found
    assert found["calls"] == 0
