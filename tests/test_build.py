"""A full MkDocs build of the fixture dataset, asserted through an HTML parser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

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


def tree(folder: Path) -> dict[str, str]:
    """Every file below `folder` by relative path, with the SHA-256 of its bytes."""
    import hashlib

    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_bad_data_fails_the_build_without_traceback_and_keeps_the_old_site(built: Path) -> None:
    before = tree(built / "site")
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
        "data/measures/pilot-deel-noord.yaml:4:10: fout E302: onbekend thema 'weerbaarheidd'; "
        "kies uit weerbaarheid; bedoelde u 'weerbaarheid'?"
    ) in out
    assert tree(built / "site") == before
    assert not list(built.glob(".site-*"))


def test_a_build_failing_after_writing_pages_keeps_the_old_site(built: Path) -> None:
    """A broken link is found under --strict only after the pages are rendered and written, to
    the staging folder: that folder goes, the old site stays byte for byte, not even replaced
    by a copy."""
    site = built / "site"
    before, stamp = tree(site), site.stat().st_mtime_ns
    page = built / "content/kapot.md"
    page.write_text("# Kapot\n\n[weg](bestaat-niet.md)\n", encoding="utf-8")
    try:
        done = build(built)
    finally:
        page.unlink()
    out = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in out
    assert "bestaat-niet.md" in out and "is gebleven zoals het was" in out
    assert tree(site) == before
    assert site.stat().st_mtime_ns == stamp
    assert not list(built.glob(".site-*"))


def test_a_broken_link_in_a_records_markdown_fails_the_build_and_keeps_the_old_site(
    built: Path,
) -> None:
    """MkDocs checks links between Markdown files only; a link or anchor in a record's Markdown
    that leads nowhere is found in the built pages, before they replace the old site."""
    site = built / "site"
    before = tree(site)
    record = built / "data/measures/pilot-deel-noord.yaml"
    original = record.read_text(encoding="utf-8")
    record.write_text(
        original.replace(
            "summary: Het noordelijke deel.",
            "summary: Het [noordelijke](../nergens/) deel, [zie](#geen-kop).",
        ),
        encoding="utf-8",
    )
    try:
        done = build(built)
    finally:
        record.write_text(original, encoding="utf-8")
    out = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in out
    page = "site/maatregelen/pilot-deel-noord/index.html"
    assert f"{page}:" in out and "kapotte link '../nergens/'" in out
    assert "kapot anker '#geen-kop'" in out
    assert "de pagina wordt gemaakt uit data/measures/pilot-deel-noord.yaml" in out
    assert "2 kapotte link(s) of anker(s)" in out and "is gebleven zoals het was" in out
    assert tree(site) == before
    assert not list(built.glob(".site-*"))


def test_the_build_report_is_one_line_and_the_records_come_with_verbose(
    built: Path, tmp_path: Path
) -> None:
    """On 2026-01-01 the pilot's deadline (2025-12-31) has passed, and so has the commitment's
    "voor de zomer" (21 June 2024): the summary counts them, and only --verbose names them."""
    cmd = [sys.executable, "-m", "monitor", "build", "--site-dir", str(tmp_path / "s")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    quiet, verbose = (
        subprocess.run(cmd + extra, cwd=built, capture_output=True, text=True, env=env)
        for extra in ([], ["--verbose"])
    )
    assert quiet.returncode == verbose.returncode == 0, quiet.stderr + verbose.stderr
    summary = [line for line in quiet.stderr.splitlines() if "zie Signalen" in line]
    assert len(summary) == 1 and "monitor: 2 te laat, " in summary[0], quiet.stderr
    detail = "monitor: te laat: measure 'pilot-weerbare-wijken' (termijn 2025-12-31)"
    assert detail not in quiet.stderr
    assert detail in verbose.stderr


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
    assert "fout E201: onbekend veld 'titel'; bedoelde u 'title'?" in done.stderr
    assert not (tmp_path / "s").exists()


def test_the_built_site_has_no_broken_internal_link_or_anchor(built: Path) -> None:
    from monitor.publish.check import check_internal

    assert [p.format() for p in check_internal(built / "site")] == []


# --- the citizen's pages: charts, overviews with facet pages, timelines, abbreviations ---------


def _internal_target(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative link on `page` leads to, or None for external and in-page links, and
    for root-relative ones (the 404 page's, which must work at any depth)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    return target / "index.html" if href.split("#")[0].endswith("/") else target


def test_every_internal_link_and_anchor_resolves(built: Path) -> None:
    """Overview tables and filter forms are HTML we write; MkDocs checks the Markdown links
    inside them, this checks the built result as a reader would follow it."""
    site = built / "site"
    broken = []
    for html_file in site.rglob("*.html"):
        page = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for a in page.select("article a[href]"):
            target = _internal_target(site, html_file, a["href"])
            if target is None:
                continue
            if not target.is_file():
                broken.append((html_file.relative_to(site), a["href"]))
                continue
            # A text fragment (`#anchor:~:text=…`) is for the browser; the anchor must exist.
            fragment = a["href"].partition("#")[2].partition(":~:")[0]
            if fragment and target.suffix == ".html":
                other = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                if other.find(id=fragment) is None:
                    broken.append((html_file.relative_to(site), a["href"]))
    assert not broken


def test_home_charts_are_named_described_images_with_a_table_each(built: Path) -> None:
    article = soup(built, "index.html").select_one("article")
    charts = article.select("svg[role=img]")
    assert len(charts) == 5
    for svg in charts:
        title = article.find(id=svg["aria-labelledby"])
        desc = article.find(id=svg["aria-describedby"])
        assert title.name == "title" and title.get_text(strip=True)
        assert desc.name == "desc" and any(ch.isdigit() for ch in desc.get_text())
        assert svg.find_parent("figure").has_attr("data-pagefind-ignore")
        block = svg.find_parent(class_="chart-block")
        assert block.find("table") is not None  # the text equivalent
    measures = article.select_one("#grafiek-maatregelen-status-desc").get_text()
    assert measures == "Aangekondigd: 1 maatregel; In uitvoering: 1 maatregel."
    # The status at each letter: every record known by then, with its latest status by then.
    per_letter = article.select_one("#grafiek-stand-per-brief-desc").get_text()
    assert per_letter.startswith("Voorbeeldbrief, 1 maart 2024: 4 maatregelen, moties en ")
    assert "(Aangekondigd 2, In uitvoering 1, Open 1)" in per_letter
    table = article.select_one("#grafiek-stand-per-brief").find_next("table")
    rows = {tr.th.get_text(strip=True): [td.get_text() for td in tr.select("td")] for tr in
            table.select("tbody tr")}  # fmt: skip
    assert rows["In uitvoering"] == ["1", "2"] and rows["Totaal"] == ["4", "4"]


def test_overview_table_rows_carry_their_facets_and_the_filter_is_labelled(built: Path) -> None:
    article = soup(built, "maatregelen/index.html").select_one("article")
    rows = article.select("table.record-table tbody tr")
    assert [r.a.get_text() for r in rows] == ["Deel noord van de pilot", "Pilot weerbare wijken"]
    assert rows[1]["data-status"] == "in-uitvoering"
    assert rows[1]["data-document"] == "brief-a brief-b"
    assert rows[1]["data-thema"] == "weerbaarheid"
    where = urljoin("https://x/maatregelen/", rows[1].a["href"])
    assert where == "https://x/maatregelen/pilot-weerbare-wijken/"
    form = article.select_one("form.record-filter")
    assert form.has_attr("hidden")  # shown by the script; without it the facet pages serve
    for control in form.select("select, input"):
        assert article.select_one(f"label[for='{control['id']}']") is not None
    status = form.select_one("select[data-filter=status]")
    assert [o["value"] for o in status.select("option")] == ["", "aangekondigd", "in-uitvoering"]
    count = article.select_one("#tabel-maatregelen-aantal")
    assert count["role"] == "status" and count.get_text() == "2 maatregelen"
    assert article.select_one("th[aria-sort=ascending]").get_text() == "Titel"
    facet_links = article.select_one(".facet-links")
    assert facet_links["data-pagefind-ignore"] == "all"
    link = facet_links.find("a", string="In uitvoering")
    where = urljoin("https://x/maatregelen/", link["href"])
    assert where == "https://x/maatregelen/status/in-uitvoering/"
    assert "(1)" in link.parent.get_text()


def test_facet_page_lists_only_its_records(built: Path) -> None:
    page = soup(built, "maatregelen/status/aangekondigd/index.html")
    assert page.title.get_text().startswith("Maatregelen: Aangekondigd")
    # A filtered copy of the overview stays out of the search index as a whole.
    assert page.select_one(".facet-page[data-pagefind-ignore=all] h1") is not None
    rows = page.select("article table.record-table tbody tr")
    assert [r.a.get_text() for r in rows] == ["Deel noord van de pilot"]
    assert all(r["data-status"] == "aangekondigd" for r in rows)
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    assert not any("/status/" in h for h in nav_links)


def test_measure_page_timeline(built: Path) -> None:
    article = soup(built, "maatregelen/pilot-weerbare-wijken/index.html").select_one("article")
    steps = article.select(".timeline > ol > li")
    assert len(steps) == 2
    first, last = steps
    assert first.time["datetime"] == "2024-03-01"
    assert first.select_one("span.status").get_text() == "Aangekondigd"
    assert first.find("a", string="Voorbeeldbrief")["href"] == "../../documenten/brief-a/"
    assert "We starten een pilot" in first.blockquote.get_text()
    assert last.time["datetime"] == "2024-10-01"
    status_line = article.find("strong", string="Status:").parent.get_text(" ", strip=True)
    assert "volgens Tweede brief , 1 oktober 2024" in status_line


def test_actor_page_asks_what_the_actor_is_asked(built: Path) -> None:
    article = soup(built, "actoren/gemeenten/index.html").select_one("article")
    assert (
        article.find("h2")
        .get_text(strip=True)
        .startswith("Wat moet deze organisatie doen volgens de documenten?")
    )


def test_abbreviations_are_explained_site_wide(built: Path) -> None:
    abbr = soup(built, "begrippen/index.html").select_one("article abbr")
    assert abbr.get_text() == "RIEC"
    assert abbr["title"] == "Regionaal Informatie- en Expertisecentrum"
    script = soup(built, "index.html").select("script[src]")
    assert any(s["src"].endswith("assets/monitor.js") for s in script)
