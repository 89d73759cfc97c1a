"""WCAG 2.1 AA in a real browser: axe-core on every page type, keyboard use, a 390 px screen."""

from __future__ import annotations

import pytest

from .browsing import FIGURES, PAGE_TYPES, PHONE, Browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_loads_without_script_errors(site: Browser, name: str) -> None:
    checked = site.check(name)
    assert checked.status == (404 if name == "404" else 200), checked.url
    assert not checked.errors, f"{checked.url}:\n" + "\n".join(checked.errors)


def violations_text(axe: dict) -> str:
    return "\n".join(
        f"{v['id']} ({v['help']}):\n    " + "\n    ".join(v["nodes"][:5]) for v in axe["violations"]
    )


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_no_wcag21_aa_violation(site: Browser, axe_source: str, name: str) -> None:
    checked = site.check(name)
    axe = checked.axe
    nodes = sum(len(v["nodes"]) for v in axe["violations"])
    title = "axe-core 4.14.1, WCAG 2.0/2.1 A+AA (violations / rules passed / to review)"
    path = checked.url.split("/", 3)[3]
    FIGURES.setdefault(title, {})[name] = (
        f"{nodes} / {axe['passes']} / {len(axe['incomplete'])}  /{path}"
    )
    assert axe["passes"] > 10, "axe-core did not run"
    assert not axe["violations"], f"{checked.url}\n{violations_text(axe)}"


# The phone's stacked tables (cards) too: a record's facts, an actor's records, Signalen.
@pytest.mark.parametrize("name", ["home", "measure", "measures-overview", "actor", "signals"])
def test_axe_finds_no_violation_on_a_phone(pages: Browser, axe_source: str, name: str) -> None:
    visit = pages.reuse(name, viewport=PHONE)
    axe = visit.run_axe(axe_source)
    assert not axe["violations"], f"{visit.url}\n{violations_text(axe)}"


def test_axe_detects_a_contrast_failure(pages: Browser, axe_source: str) -> None:
    """The check can fail: light grey text on white is reported."""
    visit = pages.reuse("about")
    visit.page.evaluate(
        "document.querySelector('article p').style.color = '#bbbbbb'",
    )
    axe = visit.run_axe(axe_source)
    assert "color-contrast" in [v["id"] for v in axe["violations"]]


def test_axe_finds_no_violation_in_the_phone_menu(pages: Browser, axe_source: str) -> None:
    """The navigation drawer a phone user opens from the header (its own colours)."""
    visit = pages.reuse("measure", viewport=PHONE)
    visit.page.click("label.md-header__button[for=__drawer]")
    visit.page.wait_for_function(
        "() => document.querySelector('nav.md-nav--primary').getBoundingClientRect().left >= 0"
    )
    assert visit.page.locator("nav.md-nav--primary").is_visible()
    axe = visit.run_axe(axe_source)
    assert not axe["violations"], f"{visit.url}\n{violations_text(axe)}"
