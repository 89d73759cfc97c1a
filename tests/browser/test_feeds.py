"""Feeds in the browser: announced in every page's head, and a click on a feed link shows a page
that explains it, not raw XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from .browsing import PAGE_TYPES, PHONE, Browser

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_FEED = "open-data/feeds/statuswijzigingen.xml"
FEEDS = """() => [...document.querySelectorAll('head link[type="application/atom+xml"]')]
    .filter((l) => l.relList.contains('alternate')).map((l) => [l.href, l.title])"""


def feed_title(site_dir: Path, path: str) -> str:
    root = ET.parse(site_dir / path).getroot()
    assert root.tag == f"{ATOM}feed", path
    title = root.find(f"{ATOM}title")
    assert title is not None and title.text
    return title.text


@pytest.mark.parametrize("name", [n for n in PAGE_TYPES if n != "404"])
def test_every_page_announces_the_site_feed(pages: Browser, site_dir: Path, name: str) -> None:
    visit = pages.reuse(name)
    found = dict(visit.page.evaluate(FEEDS))
    site_feed = urljoin(pages.base_url + "/", SITE_FEED)
    assert site_feed in found, f"{visit.url}: {found}"
    assert found[site_feed] == "Alle statuswijzigingen"
    for href in found:
        assert href.startswith(pages.base_url + "/")
        feed_title(site_dir, href.removeprefix(pages.base_url + "/"))  # exists, and is Atom


def test_a_theme_page_announces_its_own_feed(
    pages: Browser, site_dir: Path, built_html: dict[str, BeautifulSoup]
) -> None:
    theme_feeds = sorted((site_dir / "open-data" / "feeds").glob("thema-*.xml"))
    assert theme_feeds
    for feed in theme_feeds:
        theme = feed.stem.removeprefix("thema-")
        soup = built_html[f"themas/{theme}/index.html"]
        links = soup.select('head link[type="application/atom+xml"]')
        hrefs = {link["href"] for link in links if "alternate" in link["rel"]}
        assert hrefs == {"../../" + SITE_FEED, f"../../open-data/feeds/{feed.name}"}, theme
    # In the browser: the title names the theme, as the feed does.
    theme = theme_feeds[0].stem.removeprefix("thema-")
    found = dict(pages.reuse(f"/themas/{theme}/").page.evaluate(FEEDS))
    own = found[f"{pages.base_url}/open-data/feeds/{theme_feeds[0].name}"]
    assert feed_title(site_dir, f"open-data/feeds/{theme_feeds[0].name}").startswith(own)


def test_a_page_without_a_feed_of_its_own_announces_only_the_site_feed(
    built_html: dict[str, BeautifulSoup],
) -> None:
    soup = built_html["maatregelen/index.html"]
    links = soup.select('head link[type="application/atom+xml"]')
    assert [link["href"] for link in links] == ["../" + SITE_FEED]


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_the_footer_feed_link_opens_a_readable_page(pages: Browser, javascript: bool) -> None:
    page = pages.reuse("/over/", viewport=PHONE, javascript=javascript).page
    with page.expect_navigation():
        page.click("footer a:text('Feed van statuswijzigingen')")
    assert page.url.endswith("/open-data/feeds/")
    assert page.evaluate("() => document.contentType") == "text/html"
    assert page.locator("article h1").inner_text().startswith("Volg de monitor met een feed")
    text = page.locator("article").inner_text()
    assert "feedlezer" in text and "Link kopiëren" in text
    # The page gives every feed's address, each a feed that exists.
    hrefs = page.evaluate(
        """() => [...document.querySelectorAll('article a[href$=".xml"]')]
            .map((a) => a.getAttribute('href'))"""
    )
    assert "statuswijzigingen.xml" in hrefs and any(h.startswith("thema-") for h in hrefs)


def test_a_theme_row_on_the_feed_page_can_be_linked(pages: Browser, site_dir: Path) -> None:
    feed = sorted((site_dir / "open-data" / "feeds").glob("thema-*.xml"))[0]
    page = pages.reuse(f"/open-data/feeds/#{feed.stem}").page
    row = page.locator(f"[id='{feed.stem}']")
    assert row.count() == 1
    assert row.locator("xpath=..").locator(f"a[href='{feed.name}']").count() == 1


def test_a_feed_itself_is_atom_for_feed_readers(pages: Browser) -> None:
    visit = pages.reuse("/")
    response = visit.page.request.get(f"{pages.base_url}/{SITE_FEED}")
    assert response.ok
    root = ET.fromstring(response.body())
    assert root.tag == f"{ATOM}feed" and root.findall(f"{ATOM}entry")
