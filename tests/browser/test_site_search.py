"""Search in the browser: the site's search page /zoeken/ finds what a citizen types.

Each query is typed into the page's search field, as a reader would; the expected page must be
among the first five distinct pages listed (the top half of the first batch of ten). The other
tests cover what the interface promises: ten results at a time with "Meer resultaten", the count
announced in Dutch, the `soort` filter (whose index is only fetched once chosen), the query and
filter kept in the address, and text from a hostile record shown as text.
"""

from __future__ import annotations

import concurrent.futures
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from test_untrusted import hostile_site  # noqa: F401 (a fixture, used by name)

from .browsing import AXE_TAGS, DESKTOP, PHONE, SCREENSHOTS, Browser, serving

pytestmark = pytest.mark.browser

FIRST = 5
PAGE_SIZE = 10  # results shown at a time (zoeken.js)
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

RESULT_LINKS = "#zoek-resultaten > li > .monitor-zoeken__title > a"

# The distinct pages listed once the status names this query (it is written after the results
# are in place); read twice, 100 ms apart, so a list still being redrawn is not taken for the
# answer.
SETTLED_RESULTS = """([q, soort, first, selector, size]) => {
    const m = document.querySelector('#zoek-status');
    if (!m || !m.textContent.includes('\u201c' + q + '\u201d')) return false;
    if (!m.textContent.endsWith(soort ? ' (soort: ' + soort + ')' : '\u201d')) return false;
    const total = parseInt(m.textContent, 10) || 0;
    const links = document.querySelectorAll(selector);
    if (links.length !== Math.min(size, total)) return false;
    const pages = [...links].slice(0, first).map((a) => new URL(a.href).pathname);
    const key = q + '|' + m.textContent + '|' + pages.join(' ');
    if (window.__lastResults !== key) { window.__lastResults = key; return false; }
    return {pages, total, status: m.textContent};
}"""


# The focused element, as much as the keyboard tests need to know.
ACTIVE = """() => {
    const e = document.activeElement, s = getComputedStyle(e);
    return {tag: e.tagName, id: e.id, text: (e.textContent || '').trim().slice(0, 40),
            title: e.closest('.monitor-zoeken__title') !== null,
            outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)};
}"""


def settled(page: Any, query: str, first: int = FIRST, soort: str = "") -> dict[str, Any]:
    """The first results once the list for `query` (and kind) is complete: pages, total and
    status."""
    return page.wait_for_function(
        SETTLED_RESULTS,
        arg=[query, soort, first, RESULT_LINKS, PAGE_SIZE],
        polling=100,
        timeout=10000,
    ).json_value()


def type_query(page: Any, query: str, first: int = FIRST) -> dict[str, Any]:
    """Type a query into the search field, as a reader would, and wait for its results."""
    box = page.locator("#zoek-q")
    box.fill("")
    box.press_sequentially(query, delay=20)
    return settled(page, query, first)


def search(page: Any, query: str) -> list[str]:
    """The distinct pages a typed query lists first, in order."""
    return list(dict.fromkeys(type_query(page, query)["pages"]))


def listed(page: Any) -> list[str]:
    """Every result shown, as paths."""
    return page.eval_on_selector_all(
        RESULT_LINKS, "(as) => as.map((a) => new URL(a.href).pathname)"
    )


def filter_files(requests: list[str]) -> list[str]:
    return [u for u in requests if u.endswith(".pf_filter")]


@pytest.fixture(scope="module")
def search_page(site: Browser):
    visit = site.open("/zoeken/")
    visit.page.wait_for_selector("#zoek-q")
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
    found = settled(page, "NCBC")
    assert page.input_value("#zoek-q") == "NCBC"
    assert page.input_value("#monitor-q") == "NCBC", "the header's field keeps the query too"
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
    page.wait_for_selector("#zoek-q")
    assert "/afpakken-zonder-veroordeling-ncbc/" in " ".join(search(page, "NCBC"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.evaluate(axe_source)
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map((v) => v.id)",
        AXE_TAGS,
    )
    assert not violations


def test_the_count_is_announced_in_dutch(search_page) -> None:
    page = search_page.page
    status = page.locator("#zoek-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    found = type_query(page, "RIEC")
    assert re.fullmatch(r"\d+ resultaten voor “RIEC”", found["status"]), found["status"]
    assert found["total"] > PAGE_SIZE
    assert type_query(page, "xqzwvk")["total"] == 0
    assert status.text_content() == "Geen resultaten voor “xqzwvk”"
    assert page.locator(RESULT_LINKS).count() == 0
    assert page.locator("#zoek-meer").is_hidden()


def test_more_results_come_ten_at_a_time_by_keyboard(pages: Browser) -> None:
    """Ten results, then "Meer resultaten" adds the next ten and moves focus to the first of
    them; a page's fragment (its title and text) is fetched only once it is shown."""
    visit = pages.open("/zoeken/?q=maatregelen")
    page = visit.page
    first = settled(page, "maatregelen")
    assert first["total"] > 2 * PAGE_SIZE
    assert len(listed(page)) == PAGE_SIZE
    fragments = [u for u in visit.requests if u.endswith(".pf_fragment")]
    assert len(fragments) == PAGE_SIZE, fragments

    button = page.locator("#zoek-meer")
    assert button.text_content().strip() == "Meer resultaten"
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([s, n]) => document.querySelectorAll(s).length === n", arg=[RESULT_LINKS, 2 * PAGE_SIZE]
    )
    shown = listed(page)
    assert len(set(shown)) == 2 * PAGE_SIZE, "the next ten are new pages"
    assert shown[:PAGE_SIZE] == listed(page)[:PAGE_SIZE]
    focused = page.evaluate("new URL(document.activeElement.href).pathname")
    assert focused == shown[PAGE_SIZE], "focus moves to the first new result"
    page.wait_for_load_state("networkidle")
    fragments = [u for u in visit.requests if u.endswith(".pf_fragment")]
    assert len(fragments) == 2 * PAGE_SIZE, "one fragment per result shown, no more"
    # The status still counts all results; the button stays while there are more to show.
    assert page.locator("#zoek-status").text_content() == first["status"]
    assert button.is_visible() == (first["total"] > 2 * PAGE_SIZE)


def test_the_filter_index_is_fetched_only_once_a_kind_is_chosen(pages: Browser) -> None:
    visit = pages.open("/zoeken/?q=riec")
    page = visit.page
    everything = settled(page, "riec", first=PAGE_SIZE)
    page.wait_for_load_state("networkidle")
    assert any(u.endswith(".pf_index") for u in visit.requests), "the query loaded its index"
    assert filter_files(visit.requests) == [], "the default query fetches no filter index"
    assert not all(p.startswith("/maatregelen/") for p in everything["pages"])

    page.select_option("#zoek-soort", "Maatregel")
    only = settled(page, "riec", first=PAGE_SIZE, soort="Maatregel")
    assert only["pages"] and all(p.startswith("/maatregelen/") for p in only["pages"]), only
    assert only["total"] < everything["total"]
    assert page.locator("#zoek-resultaten .monitor-zoeken__kind").all_text_contents() == [
        "Maatregel"
    ] * len(only["pages"])
    assert len(filter_files(visit.requests)) == 1
    assert "soort=Maatregel" in page.url


def test_query_and_filter_round_trip_through_the_address(pages: Browser) -> None:
    """A shared link opens the same search; back and forward restore each step."""
    visit = pages.open("/zoeken/?q=Bikker&soort=Motie+of+verzoek")
    page = visit.page
    motions = settled(page, "Bikker", first=PAGE_SIZE, soort="Motie of verzoek")
    assert page.input_value("#zoek-q") == "Bikker"
    assert page.input_value("#zoek-soort") == "Motie of verzoek"
    assert motions["pages"] and all(p.startswith("/moties/") for p in motions["pages"])

    page.select_option("#zoek-soort", "")
    page.wait_for_url(re.compile(r"/zoeken/\?q=Bikker$"))
    everything = settled(page, "Bikker", first=PAGE_SIZE)
    assert everything["total"] > motions["total"]

    page.go_back()
    page.wait_for_url(re.compile(r"soort=Motie\+of\+verzoek$"))
    again = settled(page, "Bikker", first=PAGE_SIZE, soort="Motie of verzoek")
    assert again["pages"] == motions["pages"]
    assert page.input_value("#zoek-soort") == "Motie of verzoek"
    page.go_forward()
    assert settled(page, "Bikker", first=PAGE_SIZE)["pages"] == everything["pages"]
    assert page.input_value("#zoek-soort") == ""

    # Typing a new query keeps the filter and replaces the address, for a link to share.
    page.select_option("#zoek-soort", "Document")
    page.fill("#zoek-q", "van Weel")
    settled(page, "van Weel", first=PAGE_SIZE, soort="Document")
    assert page.url.endswith("/zoeken/?q=van+Weel&soort=Document")


def test_the_kinds_offered_are_the_kinds_in_the_index(search_page) -> None:
    """The <select> is written in the template so that choosing needs no filter index; it must
    still name exactly the `soort` values the pages carry (overrides/main.html)."""
    page = search_page.page
    offered = page.eval_on_selector_all(
        "#zoek-soort option", "(os) => os.map((o) => o.value).filter(Boolean)"
    )
    indexed = page.evaluate(
        """async () => {
            const base = document.getElementById('zoekvenster').dataset.bundle;
            const pagefind = await import(new URL(base, document.baseURI).href + 'pagefind.js');
            return Object.keys((await pagefind.filters()).soort || {});
        }"""
    )
    assert sorted(offered) == sorted(indexed)


@pytest.fixture(scope="module")
def hostile_base_url(hostile_site: Path) -> Iterator[str]:  # noqa: F811 (the imported fixture)
    """The site built from records whose every text field holds markup and script."""
    with serving(hostile_site) as url:
        yield url


def test_a_hostile_record_is_shown_as_text_in_the_results(browser: Any, hostile_base_url: str):
    context = browser.new_context(locale="nl-NL")
    try:
        # Every handler in the payload calls x(): count the calls instead of running anything.
        context.add_init_script("window.__calls = 0; window.x = () => { window.__calls += 1; };")
        context.route(
            lambda url: not url.startswith(hostile_base_url + "/"), lambda route: route.abort()
        )
        page = context.new_page()
        page.goto(hostile_base_url + "/zoeken/?q=xqz")
        found = settled(page, "xqz", first=PAGE_SIZE)
        assert found["total"] > 0
        results = page.locator("#zoek-resultaten")
        titles = results.locator(".monitor-zoeken__title a").all_text_contents()
        assert any("<img src=x onerror=x()>" in t for t in titles), titles
        excerpts = " ".join(results.locator(".monitor-zoeken__excerpt").all_text_contents())
        assert "onerror=x()" in excerpts
        # Only the interface's own elements: links to pages, and <mark> around matched words.
        tags = results.evaluate(
            "(r) => [...new Set([...r.querySelectorAll('*')].map((e) => e.tagName))]"
        )
        assert set(tags) <= {"LI", "H2", "A", "SPAN", "P", "MARK", "UL"}, tags
        hrefs = results.evaluate("(r) => [...r.querySelectorAll('a')].map((a) => a.href)")
        assert all(h.startswith(hostile_base_url + "/") for h in hrefs), hrefs
        page.wait_for_timeout(200)
        assert page.evaluate("window.__calls") == 0
    finally:
        context.close()


def test_the_form_results_and_button_are_reached_by_tab_and_show_focus(pages: Browser) -> None:
    page = pages.reuse("/zoeken/?q=RIEC").page
    settled(page, "RIEC")
    page.focus("#zoek-q")
    stops = []
    for _ in range(60):
        active = page.evaluate(ACTIVE)
        assert active["outline"] != "none" and active["outlineWidth"] >= 1, active
        stops.append(active)
        if active["id"] == "zoek-meer":
            break
        page.keyboard.press("Tab")
    ids = [s["id"] for s in stops]
    assert ids[:3] == ["zoek-q", "zoek-soort", ""], "field, kind, then the Zoeken button"
    assert stops[2]["text"] == "Zoeken"
    titles = [s for s in stops if s["tag"] == "A" and s["title"]]
    assert len(titles) == PAGE_SIZE, "every result's title link is a Tab stop"
    assert ids[-1] == "zoek-meer", "the button comes after the results"


def test_search_results_screenshots(pages: Browser) -> None:
    """For review, like tests/browser/test_screenshots.py: results at both widths."""
    for device, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = pages.reuse("/zoeken/?q=RIEC", viewport=viewport).page
        settled(page, "RIEC")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        # The interface lines up with the page's text above it, inside the page margins.
        article, interface = (page.locator(s).bounding_box() for s in ("article", "#zoekvenster"))
        assert article and interface and interface["x"] == article["x"] > 0
        assert interface["width"] == article["width"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"search-{device}.png", full_page=True)


def test_the_benchmark_measures_what_the_search_page_fetches(site_dir: Path) -> None:
    """scripts/bench/search_fetch.py waits for this interface's results and counts its files."""
    from bench.search_fetch import query_bytes

    # Its own Playwright, in a thread of its own: the session's browser holds this thread's loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        figures = pool.submit(query_bytes, site_dir, "maatregelen").result(timeout=300)
    assert figures["query_results_shown"] == PAGE_SIZE
    files = figures["query_files_kib"]
    assert "assets/zoeken.js" in files and "pagefind/wasm.nl.pagefind" in files
    assert files["pagefind/fragment/*.pf_fragment"] > 0
    assert not [k for k in files if "filter" in k or "-ui" in k], files
    assert sum(files.values()) == pytest.approx(figures["query_fetch_kib"])


# --- Dutch word forms, typos, abbreviations, what a result says, ranking ------------------------

# Pairs of forms of one word, and a record that both must find: Pagefind's Dutch stemmer maps a
# singular and its plural to different stems, so the other forms are indexed as hidden text
# (scripts/monitor/search_terms.py).
WORD_FORMS = [
    ("haven", "havens", "/maatregelen/eu-ports-alliance/"),
    ("wapen", "wapens", "/maatregelen/actieprogramma-illegale-wapens/"),
    ("verdrag", "verdragen", "/maatregelen/verdragen-verenigde-arabische-emiraten/"),
    ("crimineel", "criminelen", "/maatregelen/dijken-verhogen-corruptie-overheid/"),
    ("jachthaven", "jachthavens", "/maatregelen/financiering-pvo-aanpak-jachthavens/"),
    # The last part of a compound: "havens" finds the record about "jachthavens".
    ("havens", "jachthavens", "/maatregelen/financiering-pvo-aanpak-jachthavens/"),
]
# An abbreviation and its expansion (data/glossary.yaml), and a record that uses only one of them.
ABBREVIATIONS = [
    ("NVWA", "Nederlandse Voedsel- en Warenautoriteit",
     "/maatregelen/interventieteam-bijstand-experts-andere-diensten/"),
    ("AMLC", "antiwitwascentrum", "/maatregelen/interventieteam-bijstand-experts-andere-diensten/"),
    ("NCBC", "non conviction based confiscation",
     "/maatregelen/afpakken-zonder-veroordeling-ncbc/"),
]  # fmt: skip
RECORD_FOLDERS = ("/maatregelen/", "/moties/", "/toezeggingen/")
# Overview and information pages: a record must rank above them.
OVERVIEWS = re.compile(r"^/([a-z-]+/)?$")

ALL_RESULTS = """async (q) => {
    const base = document.getElementById('zoekvenster').dataset.bundle;
    const pagefind = await import(new URL(base, document.baseURI).href + 'pagefind.js');
    const found = await pagefind.search(q);
    const pages = await Promise.all(found.results.map((r) => r.data()));
    return pages.map((p) => new URL(p.url, document.baseURI).pathname);
}"""


def everything_found(page: Any, query: str) -> list[str]:
    """Every page the index gives for `query`, best first (Pagefind's own API on the page)."""
    return page.evaluate(ALL_RESULTS, query)


@pytest.mark.parametrize(("one", "other", "record"), WORD_FORMS)
def test_both_forms_of_a_word_find_the_same_record(
    search_page, one: str, other: str, record: str
) -> None:
    page = search_page.page
    for query in (one, other):
        assert record in everything_found(page, query), f"{query!r} misses {record}"


@pytest.mark.parametrize(("one", "other", "record"), WORD_FORMS[:5])
def test_every_record_with_either_form_is_found_by_both(
    search_page, site_dir: Path, one: str, other: str, record: str
) -> None:
    """Not just one example: every record page whose text has the singular or the plural is
    found by both. (A query may find more: "wapen" also finds "gewapend".)"""
    either = re.compile(rf"\b({one}|{other})\b", re.IGNORECASE)
    having = set()
    for folder in RECORD_FOLDERS:
        for html in (site_dir / folder.strip("/")).glob("*/index.html"):
            article = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").article
            if article is None:
                continue  # a redirect from a former id
            # What the index holds of the page as its own words: not the lists of other
            # records (data-pagefind-ignore), nor the hidden word forms this test is about.
            for skipped in article.select("[data-pagefind-ignore], .search-terms"):
                skipped.decompose()
            if either.search(article.get_text(" ")):
                having.add(f"{folder}{html.parent.name}/")
    assert record in having
    page = search_page.page
    for query in (one, other):
        missed = having - set(everything_found(page, query))
        assert not missed, f"{query!r} misses {sorted(missed)}"


@pytest.mark.parametrize(("short", "long", "record"), ABBREVIATIONS)
def test_an_abbreviation_and_its_expansion_find_the_same_record(
    search_page, short: str, long: str, record: str
) -> None:
    page = search_page.page
    assert record in everything_found(page, short)
    assert record in everything_found(page, long)


def suggestion_for(page: Any, query: str) -> str:
    box = page.locator("#zoek-q")
    box.fill("")
    box.press_sequentially(query, delay=20)
    settled(page, query)
    offer = page.locator("#zoek-suggestie")
    offer.wait_for(state="visible", timeout=5000)
    return offer.text_content() or ""


@pytest.mark.parametrize(
    ("typo", "meant", "record"),
    [
        ("rioolwatter", "rioolwater", "/maatregelen/onderzoek-drugsresten-rioolwater/"),
        ("witwasen", "witwassen", "/maatregelen/strategie-landen-witwassen-en-herinvestering/"),
        ("kroongetuigenregling", "kroongetuigenregeling",
         "/maatregelen/verkenning-uitbreiding-kroongetuigenregeling/"),
    ],
)  # fmt: skip
def test_a_typo_is_answered_with_did_you_mean(
    pages: Browser, typo: str, meant: str, record: str
) -> None:
    visit = pages.open("/zoeken/")
    page = visit.page
    page.wait_for_selector("#zoek-q")
    assert suggestion_for(page, typo) == f"Bedoelde u {meant}?"
    assert any(u.endswith("/zoeken/woorden.json") for u in visit.requests)
    # The suggestion is a link that searches for it, in the address too.
    page.click("#zoek-suggestie a")
    found = settled(page, meant, first=PAGE_SIZE)
    assert record in found["pages"]
    assert page.input_value("#zoek-q") == meant
    assert f"q={meant}" in page.url
    assert page.locator("#zoek-suggestie").is_hidden()
    visit.context.close()


def test_a_query_with_results_fetches_no_word_list(pages: Browser) -> None:
    visit = pages.open("/zoeken/?q=maatregelen")
    settled(visit.page, "maatregelen")
    visit.page.wait_for_load_state("networkidle")
    assert not [u for u in visit.requests if "woorden.json" in u]
    assert visit.page.locator("#zoek-suggestie").is_hidden()
    visit.context.close()


def test_a_result_shows_its_kind_status_and_date(search_page, site_dir: Path) -> None:
    page = search_page.page
    type_query(page, "NCBC")
    first = page.locator("#zoek-resultaten > li").first
    href = first.locator(".monitor-zoeken__title a").get_attribute("href") or ""
    assert href.endswith("/maatregelen/afpakken-zonder-veroordeling-ncbc/")
    assert first.locator(".monitor-zoeken__kind").text_content() == "Maatregel"
    meta = first.locator(".monitor-zoeken__meta").text_content() or ""
    # The same status and date the record's own page shows.
    html = (site_dir / "maatregelen/afpakken-zonder-veroordeling-ncbc/index.html").read_text(
        encoding="utf-8"
    )
    status = re.search(r'data-pagefind-meta="status">([^<]+)<', html)
    date = re.search(r'data-pagefind-meta="datum">([^<]+)<', html)
    assert status and date
    assert meta == f"Status: {status[1]}, stand van {date[1]}"
    assert re.fullmatch(r"Status: [A-Z][a-z ]+, stand van \d{1,2} [a-z]+ \d{4}", meta), meta


def test_a_document_result_shows_its_date(search_page) -> None:
    page = search_page.page
    type_query(page, "van Weel")
    documents = page.locator(
        "#zoek-resultaten > li", has=page.locator(".monitor-zoeken__kind", has_text="Document")
    )
    assert documents.count() > 0
    assert (documents.first.locator(".monitor-zoeken__meta").text_content() or "").startswith(
        "Datum: "
    )


@pytest.mark.parametrize("query", ["signalen", "havens", "wapens", "drugs"])
def test_records_rank_above_overview_pages(search_page, query: str) -> None:
    found = everything_found(search_page.page, query)
    records = [i for i, p in enumerate(found) if p.startswith(RECORD_FOLDERS)]
    overviews = [i for i, p in enumerate(found) if OVERVIEWS.match(p)]
    assert records, f"{query!r} finds no record"
    assert overviews, f"{query!r} finds no overview page to compare with"
    assert records[0] < overviews[0], f"{query!r}: {found[: overviews[0] + 1]}"
