"""A full MkDocs build of the fixture dataset, asserted through an HTML parser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = pytest.mark.build


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "monitor", "build"], root)


def soup(root: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import VALID_FILES, write_tree

    root = write_tree(tmp_path_factory.mktemp("site"), dict(VALID_FILES))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "scripts" / "monitor").mkdir(parents=True)  # a `watch:` folder of mkdocs.yml
    # An edit link needs a repository address; the real site leaves it unset until it has one.
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("repo_url: https://example.org/monitor\nedit_uri: edit/main/content/\n")
    done = build(root)
    assert done.returncode == 0, done.stderr
    return root


def test_every_record_has_a_page(built: Path) -> None:
    for page in [
        "maatregelen/pilot-weerbare-wijken/index.html",
        "maatregelen/pilot-deel-noord/index.html",
        "moties/motie-jansen-wijkagenten/index.html",
        "toezeggingen/voortgang-pilot/index.html",
        "documenten/brief-a/index.html",
        "documenten/kst-1-2/index.html",
        "themas/weerbaarheid/index.html",
        "actoren/politie/index.html",
        "begrippen/index.html",
        "statussen/index.html",
        "bijdragen/foutcodes/index.html",
    ]:
        assert (built / "site" / page).is_file(), page


def test_measure_page_html(built: Path) -> None:
    page = soup(built, "maatregelen/pilot-weerbare-wijken/index.html")
    article = page.select_one("article")
    assert article.h1.get_text(strip=True).startswith("Pilot weerbare wijken")
    badge = article.select_one("span.status")
    assert badge.get_text() == "In uitvoering"
    assert badge.find_parent("a")["href"] == "../../statussen/#status-in-uitvoering"
    quotes = [q.get_text(" ", strip=True) for q in article.select("blockquote")]
    assert any("We starten een pilot weerbare wijken in drie gemeenten." in q for q in quotes)
    links = {a.get_text(strip=True): a["href"] for a in article.select("a[href]")}
    assert links["Tweede brief"] == "../../documenten/brief-b/"
    assert links["Deel noord van de pilot"] == "../pilot-deel-noord/"
    assert "<em>drie</em>" in str(article.select_one("div.md-data"))


def test_record_pages_are_not_in_the_navigation(built: Path) -> None:
    page = soup(built, "index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    assert any(h.endswith("maatregelen/") for h in nav_links)
    assert not any("pilot-weerbare-wijken" in h for h in nav_links)


def test_generated_page_edit_link_points_to_its_yaml(built: Path) -> None:
    page = soup(built, "maatregelen/pilot-weerbare-wijken/index.html")
    edit = page.select_one("a.md-content__button[href*='edit']")
    assert (
        edit["href"]
        == "https://example.org/monitor/edit/main/data/measures/pilot-weerbare-wijken.yaml"
    )


def test_site_is_dutch_and_searched_with_pagefind_in_dutch(built: Path) -> None:
    import json

    assert soup(built, "index.html").html["lang"] == "nl"
    entry = json.loads((built / "site/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["nl"]
    assert not (built / "site/search/search_index.json").exists(), "lunr search is off"
    # Only the article is indexed, and record pages say what kind of record they are.
    measure = soup(built, "maatregelen/pilot-weerbare-wijken/index.html")
    body = measure.select("[data-pagefind-body]")
    assert len(body) == 1 and body[0].find_parent("article") is not None
    assert body[0].select_one("[data-pagefind-filter=soort]").get_text() == "Maatregel"
    assert not soup(built, "zoeken/index.html").select("[data-pagefind-body]")
    # Every page's header form sends the query to the search page.
    form = soup(built, "themas/weerbaarheid/index.html").select_one("form[role=search]")
    assert form["action"] == "../../zoeken/"
    assert form.select_one("input")["name"] == "q"
    assert form.select_one("label")["for"] == form.select_one("input")["id"]


def test_no_third_party_requests_in_html(built: Path) -> None:
    for html_file in (built / "site").rglob("*.html"):
        page = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")):
            for el in page.find_all(tag):
                url = el.get(attr) or ""
                assert not url.startswith(("http://", "https://", "//")), (html_file, url)


def test_bad_data_fails_the_build_without_traceback_and_keeps_the_old_site(built: Path) -> None:
    before = (built / "site/index.html").read_bytes()
    record = built / "data/measures/pilot-deel-noord.yaml"
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace("themes: [weerbaarheid]", "themes: [weerbaarheidd]"))
    try:
        done = build(built)
    finally:
        record.write_text(original, encoding="utf-8")
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "Traceback" not in out
    assert (
        "data/measures/pilot-deel-noord.yaml:4:10: error E302: unknown theme 'weerbaarheidd'; "
        "did you mean 'weerbaarheid'?"
    ) in out
    assert (built / "site/index.html").read_bytes() == before
    assert not list(built.glob(".site-new-*"))


def test_plain_mkdocs_build_also_refuses_bad_data(built: Path, tmp_path: Path) -> None:
    record = built / "data/measures/pilot-deel-noord.yaml"
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace("title:", "titel:"))
    try:
        done = run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s")], built
        )
    finally:
        record.write_text(original, encoding="utf-8")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "error E201: unknown field 'titel'; did you mean 'title'?" in done.stderr
    assert not (tmp_path / "s").exists()
