"""Privacy: the site makes no request to any host but its own.

In the browser every request of every page type is recorded and must stay on 127.0.0.1. Over the
built files, nothing that a browser loads by itself (scripts, stylesheets, fonts, images, frames,
CSS url() and @import) may point at another host; links (<a href>) to official sources may.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from .browsing import FIGURES, PAGE_TYPES, Browser

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
# Attributes through which HTML makes the browser fetch something without a click.
LOADING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
# <link> relations that only name a page and load nothing.
NON_LOADING_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help"}
# URL literals in the theme's JavaScript that load from a third party only in a case this site
# never creates; each case is checked below, so the allowance cannot outlive its reason.
DORMANT_JS_URLS = {
    # mkdocs-material loads Mermaid from unpkg only on a page with a Mermaid diagram.
    "https://unpkg.com/mermaid@": "a page with a .mermaid element",
    # ... and a ResizeObserver polyfill only in browsers from before 2020 that lack it.
    "https://unpkg.com/resize-observer-polyfill": "a browser without ResizeObserver",
    # Repository facts (stars, forks) come from the GitHub or GitLab API, only when the header
    # shows a repository (data-md-component="source") on one of those hosts.
    "https://api.github.com/": "a GitHub repository in the header",
    "https://${": "a GitLab repository in the header",
    # Never fetched: a dummy base Pagefind gives `new URL()` to parse a relative address.
    "https://example.com${": "never: a base for parsing a relative URL",
}


def built_files(site_dir: Path, suffix: str) -> list[Path]:
    files = sorted(site_dir.rglob(f"*{suffix}"))
    assert files, f"no {suffix} files in {site_dir}"
    return files


def css_urls(text: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(text)]


@pytest.mark.build
def test_html_loads_nothing_from_another_host(built_html: dict[str, BeautifulSoup]) -> None:
    found = []
    for rel, page in built_html.items():
        urls: list[str] = []
        for tag, attributes in LOADING_ATTRIBUTES.items():
            for element in page.find_all(tag):
                urls += [element.get(a, "") for a in attributes]
        for link in page.find_all("link"):
            if not NON_LOADING_RELS.intersection(link.get("rel", [])):
                urls.append(link.get("href", ""))
        for element in page.find_all(style=True):
            urls += css_urls(element["style"])
        for style in page.find_all("style"):
            urls += css_urls(style.get_text())
        for meta in page.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
            urls.append(meta.get("content", "").partition("url=")[2])
        found += [f"{rel}: {u}" for u in urls if EXTERNAL.match(str(u))]
    assert not found, "\n".join(found)


@pytest.mark.build
def test_css_loads_nothing_from_another_host(site_dir: Path) -> None:
    found = [
        f"{css.relative_to(site_dir)}: {url}"
        for css in built_files(site_dir, ".css")
        for url in css_urls(css.read_text(encoding="utf-8"))
        if EXTERNAL.match(url)
    ]
    assert not found, "\n".join(found)


@pytest.mark.build
def test_javascript_names_no_third_party_url_it_would_load(
    site_dir: Path, built_html: dict[str, BeautifulSoup]
) -> None:
    """URL strings in code (not in comments) are only the dormant ones, and stay dormant."""
    literal = re.compile(r"""["'`](https?://[^"'`\s]*)""")
    found = []
    for js in built_files(site_dir, ".js"):
        for url in literal.findall(js.read_text(encoding="utf-8")):
            if urlsplit(url).hostname not in {None, "127.0.0.1", "localhost"} and not any(
                url == prefix or url.startswith(prefix) for prefix in DORMANT_JS_URLS
            ):
                found.append(f"{js.relative_to(site_dir)}: {url}")
    assert not found, "\n".join(found)
    for html_file, page in built_html.items():
        assert not page.select(".mermaid"), f"{html_file}: Mermaid would load from unpkg.com"
        for source in page.select("[data-md-component=source]"):
            host = urlsplit(source.get("href", "")).hostname or ""
            assert "github" not in host and "gitlab" not in host, (
                f"{html_file}: the repository widget would call the {host} API from every page"
            )
        config = page.find("script", id="__config")
        if config is not None:
            assert "mermaid" not in json.loads(config.get_text()).get("features", [])


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_request_leaves_the_local_server(site: Browser, name: str) -> None:
    checked = site.check(name)
    local = [u for u in checked.requests if u.startswith(site.base_url + "/")]
    external = [u for u in checked.requests if u not in local]
    FIGURES.setdefault("requests per page type (local / third-party)", {})[name] = (
        f"{len(local)} / {len(external)}"
    )
    assert local, "no request was recorded"
    assert not external, f"{checked.url} requested:\n" + "\n".join(external)


@pytest.mark.browser
def test_a_third_party_request_would_be_recorded(pages: Browser) -> None:
    """The recorder sees what a page asks from another host (the request is then aborted)."""
    visit = pages.open("about")
    visit.page.evaluate(
        """() => new Promise((done) => {
            const img = new Image();
            img.onerror = img.onload = done;
            img.src = 'https://fonts.googleapis.com/x.png';
        })"""
    )
    assert "https://fonts.googleapis.com/x.png" in visit.requests
