"""Search in the browser: Pagefind on the page /zoeken/ finds what a citizen types.

Each query is typed into Pagefind's own search box, as a reader would; the expected page must be
among the first five distinct pages it lists (the number Pagefind shows before "meer laden").
"""

from __future__ import annotations

from typing import Any

import pytest

from .browsing import AXE_TAGS, PHONE, Browser

pytestmark = pytest.mark.browser

FIRST = 5
FACET_SECTIONS = ("/maatregelen/", "/moties/", "/toezeggingen/")
# query -> a page that must be among the first results, and why the query matters.
QUERIES = {
    "NCBC": "/maatregelen/afpakken-zonder-veroordeling-ncbc/",  # an abbreviation
    "RIEC": "/themas/offensief-sectie-2-informatiedeling-riec-liec/",  # an abbreviation
    "Bikker": "/moties/motie-bikker-landelijke-drugscampagne/",  # an MP who submitted a motion
    "Michon-Derkzen": "/moties/motie-michon-derkzen-nsoc/",  # a hyphenated MP's name
    "van Weel": "/documenten/kamerbrief-2024-aanpak-ondermijning/",  # the minister who signed
    "West-Friesland": "/documenten/brief-driehoek-west-friesland/",  # a place
    "Rotterdam": "/maatregelen/aanpak-leerervaringen-nprz/",  # a place (Rotterdam-Zuid)
    "weerbaarheid": "/maatregelen/coalities-maatschappelijke-weerbaarheid/",  # a theme word
    "maatregelen": "/maatregelen/",  # a plural: the overview of all measures
    "wetsvoorstellen": "/maatregelen/wetsvoorstel-wijziging-wet-bibob/",  # plural finds singular
    "drugscampagnes": "/toezeggingen/uitwerking-motie-bikker-aanbieden/",  # plural finds singular
}

# The distinct pages listed once the message names this query and the first results have all
# loaded (Pagefind shows the count first, then fills in each result); read twice, 100 ms apart,
# so a list still being redrawn is not taken for the answer.
SETTLED_RESULTS = """([q, first]) => {
    const m = document.querySelector('#zoekvenster .pagefind-ui__message');
    if (!m || !m.textContent.includes(q)) return false;
    const total = parseInt(m.textContent, 10) || 0;
    const titles = document.querySelectorAll('#zoekvenster .pagefind-ui__results'
        + ' > .pagefind-ui__result > .pagefind-ui__result-inner'
        + ' > .pagefind-ui__result-title > .pagefind-ui__result-link');
    if (titles.length !== Math.min(first, total)) return false;
    if (document.querySelector('#zoekvenster .pagefind-ui__loading')) return false;
    const pages = [...titles].map((a) => new URL(a.href).pathname);
    const key = q + '|' + pages.join(' ');
    if (window.__lastResults !== key) { window.__lastResults = key; return false; }
    return {pages};
}"""


def search(page: Any, query: str) -> list[str]:
    """Type a query into Pagefind's box and return the pages it lists first, in order."""
    box = page.locator("#zoekvenster .pagefind-ui__search-input")
    box.fill("")
    box.press_sequentially(query, delay=20)
    found = page.wait_for_function(
        SETTLED_RESULTS, arg=[query, FIRST], polling=100, timeout=10000
    ).json_value()
    return list(dict.fromkeys(found["pages"]))


@pytest.fixture(scope="module")
def search_page(site: Browser):
    visit = site.open("/zoeken/")
    visit.page.wait_for_selector("#zoekvenster .pagefind-ui__search-input")
    yield visit
    visit.context.close()


@pytest.mark.parametrize("query", QUERIES)
def test_query_finds_the_expected_page_first(search_page, query: str) -> None:
    found = search(search_page.page, query)
    assert QUERIES[query] in found, f"{query!r} gave {found}"
    # Facet pages (maatregelen/thema/x/) only list records: they must not crowd out the records.
    facets = [p for p in found if p.startswith(FACET_SECTIONS) and p.count("/") == 4]
    assert not facets, f"{query!r} lists facet pages {facets}"


def test_a_nonsense_query_finds_nothing(search_page) -> None:
    assert search(search_page.page, "xqzwvk") == []


def test_search_stays_on_the_local_server(search_page, site: Browser) -> None:
    search(search_page.page, "NCBC")
    external = [u for u in search_page.requests if not u.startswith(site.base_url + "/")]
    assert any("/pagefind/" in u for u in search_page.requests), "Pagefind loaded nothing"
    assert not external, external


def test_header_form_sends_the_query_to_the_search_page(pages: Browser) -> None:
    page = pages.reuse("home").page
    page.fill("#monitor-q", "NCBC")
    page.press("#monitor-q", "Enter")
    page.wait_for_url("**/zoeken/?q=NCBC")
    # On a loaded machine the first answer can be read before Pagefind's index has arrived
    # (an empty list, once seen in CI); wait for the list a reader sees a moment later.
    found: dict[str, Any] = {"pages": []}
    for _ in range(20):
        found = page.wait_for_function(
            SETTLED_RESULTS, arg=["NCBC", FIRST], polling=100, timeout=10000
        ).json_value()
        if found["pages"]:
            break
        page.wait_for_timeout(250)
    assert QUERIES["NCBC"] in found["pages"]


def test_search_results_have_no_wcag21_aa_violation(
    search_page, site: Browser, axe_source: str
) -> None:
    search(search_page.page, "RIEC")
    axe = search_page.run_axe(axe_source)
    assert not axe["violations"], axe["violations"]


def test_on_a_phone_the_search_button_leads_to_search_that_works(
    pages: Browser, axe_source: str
) -> None:
    """On a phone the header keeps only the button; it opens the search page, whose results
    fit the screen and pass axe."""
    page = pages.reuse("measure", viewport=PHONE).page
    page.click(".monitor-search-form__button")
    page.wait_for_url("**/zoeken/**")
    page.wait_for_selector("#zoekvenster .pagefind-ui__search-input")
    assert "/afpakken-zonder-veroordeling-ncbc/" in " ".join(search(page, "NCBC"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.evaluate(axe_source)
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map((v) => v.id)",
        AXE_TAGS,
    )
    assert not violations
