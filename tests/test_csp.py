"""The Content-Security-Policy of every built page, and the theme features kept off.

Every HTML page of a built fixture site is parsed with an HTML parser (not the regular expression
that makes the policy): its policy must be the first element of <head> after `<meta charset>`,
before any script, and list the SHA-256 hash of every inline script a browser would run. A theme
upgrade that changes or adds an inline script in a way the build does not see fails here.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup, Tag
from ruamel.yaml import YAML

from conftest import ROOT, VALID_FILES, build_strict, write_site
from monitor.publish.csp import PolicyError, add_policy, inline_script_hashes, policy_for

PAGE = """<!doctype html>
<html lang="nl"><head>
<meta charset="utf-8">
<title>t</title>
<script>var a = 1;</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script src="assets/x.js"></script>
<script type="module">import "./y.js";</script>
<script>var a = 1;</script>
</head><body><p>&lt;script&gt;no()&lt;/script&gt;</p></body></html>
"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    parts = (p.split() for p in policy.split(";") if p.strip())
    return {name: values for name, *values in parts}


def test_hashes_every_inline_script_a_browser_runs_once() -> None:
    assert inline_script_hashes(PAGE) == [sha("var a = 1;"), sha('import "./y.js";')]


def test_policy_has_the_directives_of_the_issue() -> None:
    policy = directives(policy_for(PAGE))
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["script-src"] == [
        "'self'",
        "'wasm-unsafe-eval'",
        sha("var a = 1;"),
        sha('import "./y.js";'),
    ]
    for name, values in policy.items():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values, name
        assert "*" not in values and "https:" not in values, name


def test_policy_comes_first_in_head_after_the_charset() -> None:
    page = BeautifulSoup(add_policy(PAGE), "html.parser")
    head = [child for child in page.head.children if isinstance(child, Tag)]
    assert head[0].get("charset") == "utf-8"
    assert head[1].get("http-equiv") == "Content-Security-Policy"
    assert head[1]["content"] == policy_for(PAGE)


def test_a_page_without_head_or_with_a_policy_already_is_refused() -> None:
    with pytest.raises(PolicyError):
        add_policy("<p>no head</p>")
    with pytest.raises(PolicyError):
        add_policy(add_policy(PAGE))


@pytest.fixture(scope="module")
def built_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BeautifulSoup]:
    """The fixture dataset built with the real mkdocs.yml and overrides; a renamed measure adds
    a redirect page, and 404.html is the theme's static page."""
    measure = "data/measures/pilot-weerbare-wijken.yaml"
    text = re.sub(
        r"\n( *)id: pilot-weerbare-wijken\n",
        r"\g<0>\1former_ids: [pilot-wijken]\n",
        str(VALID_FILES[measure]),
        count=1,
    )
    assert "former_ids" in text
    site = build_strict(write_site(tmp_path_factory.mktemp("csp"), {**VALID_FILES, measure: text}))
    return {
        p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in sorted(site.rglob("*.html"))
    }


def runs(script: Tag) -> bool:
    kind = (script.get("type") or "").strip().lower()
    return not script.get("src") and kind in ("", "text/javascript", "module")


@pytest.mark.build
def test_every_page_has_a_policy_before_any_script(built_pages: dict[str, BeautifulSoup]) -> None:
    assert {"404.html", "maatregelen/pilot-wijken/index.html", "index.html"} <= set(built_pages)
    for name, page in built_pages.items():
        metas = page.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, name
        first = page.head.find(["meta", "script", "link", "style", "title", "base"])
        assert first is not None and first.get("charset"), name
        assert first.find_next(["meta", "script", "link", "style", "title", "base"]) is metas[0]
        assert page.find("base") is None, name


@pytest.mark.build
def test_every_inline_script_is_covered_by_its_pages_policy(
    built_pages: dict[str, BeautifulSoup],
) -> None:
    inline = 0
    for name, page in built_pages.items():
        meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        policy = directives(meta["content"])
        assert "'unsafe-inline'" not in policy["script-src"], name
        for script in page.find_all("script"):
            assert not script.get("type") or script["type"] in ("application/json", "module"), (
                name,
                script.get("type"),
            )
            if runs(script):
                inline += 1
                assert sha(script.string or "") in policy["script-src"], (name, script.string)
        # No inline event handler or style attribute: a hash policy would block them silently.
        for element in page.find_all(True):
            assert not any(a.startswith("on") for a in element.attrs), (name, element.name)
            assert "style" not in element.attrs, (name, element.name)
        assert not page.find_all("style"), name
    assert inline >= 2 * (len(built_pages) - 1)  # the theme's two per page (not the redirect)


# Theme features that put a `title`, a data attribute or a fetched page into the page as HTML:
# with content.tooltips the theme's tooltip renders an element's title with innerHTML
# (mkdocs-material 9.8, src/.../components/tooltip2 and templates/tooltip); the others show
# titles, footnotes or whole pages the same way, or rebuild the page from fetched HTML.
HTML_SINK_FEATURES = {
    "content.tooltips",
    "content.footnote.tooltips",
    "navigation.instant",
    "navigation.instant.preview",
    "search.highlight",
}


def test_no_theme_feature_that_renders_a_title_as_html() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    yaml = YAML(typ="safe")
    yaml.constructor.add_constructor("!ENV", lambda loader, node: None)  # site_url: !ENV [...]
    features = yaml.load(config)["theme"]["features"]
    assert HTML_SINK_FEATURES.isdisjoint(features)


def test_the_site_script_writes_explanations_as_text_only() -> None:
    """The site's own scripts never assign HTML: every text goes in with textContent."""
    sinks = re.compile(
        r"\.(innerHTML|outerHTML)\s*\+?=|insertAdjacentHTML|document\.write|\beval\(|new Function"
    )
    scripts = sorted((ROOT / "content" / "assets").glob("*.js"))
    assert {s.name for s in scripts} >= {"monitor.js", "zoeken.js"}
    for script in scripts:
        assert not sinks.search(script.read_text(encoding="utf-8")), script.name


def test_the_adapter_adds_the_policy_in_build_and_leaves_serve_alone() -> None:
    """`mkdocs serve` puts its live-reload script into every page as it serves it, different on
    each build: a policy written at build time would block it, so serve's pages have none."""
    from types import SimpleNamespace

    from monitor.adapter.plugin import MonitorPlugin, ServeCaches

    plugin = MonitorPlugin()
    page = SimpleNamespace(file=SimpleNamespace(dest_uri="a/index.html"))
    built = plugin._add_policy(PAGE, page=page, config=None)  # type: ignore[arg-type]
    assert built == add_policy(PAGE)
    assert plugin.on_post_template(PAGE, template_name="404.html", config=None) == built  # type: ignore[arg-type]
    sitemap = "<?xml version='1.0'?><urlset></urlset>"
    assert plugin.on_post_template(sitemap, template_name="sitemap.xml", config=None) == sitemap  # type: ignore[arg-type]
    plugin.caches = ServeCaches()
    assert plugin._add_policy(PAGE, page=page, config=None) == PAGE  # type: ignore[arg-type]
    assert plugin.on_post_template(PAGE, template_name="404.html", config=None) == PAGE  # type: ignore[arg-type]
