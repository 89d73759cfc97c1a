"""To the originals and citizen language, in the browser and on the built site.

- A document page links to its Kamerstuk at the address the official publications site gives it
  by its fixed scheme; a document without one offers a labelled search for its exact title.
- A quote's link lands on its section of the document page (the element exists, holds the quote
  and is on screen), with a text fragment for the browser to highlight the passage.
- The footer names a release by its number and an unreleased build only by the date of the data.
- The editors' pages sit under "Voor redacteuren" in the navigation, not among the others.
- Public pages carry no editor words or ids, and no count with the wrong form of its noun.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from monitor.site.wording import PLURALS

from .browsing import ROOT, Browser, serving

pytestmark = pytest.mark.browser

OFFICIAL = "https://zoek.officielebekendmakingen.nl"
EDITORS = ("bijdragen/",)  # the pages for editors may speak of records, ids and fields

# --- to the originals -------------------------------------------------------------------------


def original_link(page: Any) -> dict[str, Any]:
    """The link in the row 'Het origineel' of the document's facts table."""
    return page.evaluate(
        """() => {
            const row = [...document.querySelectorAll('article table.facts tr')]
                .find((tr) => tr.querySelector('th').textContent.trim() === 'Het origineel');
            const a = row.querySelector('a');
            const shown = a.cloneNode(true);
            shown.querySelector('.md-visually-hidden').remove();
            return {href: a.href, rel: a.rel, target: a.getAttribute('target'),
                    hidden: a.querySelector('.md-visually-hidden').textContent.trim(),
                    visible: shown.textContent.trim()};
        }"""
    )


@pytest.mark.parametrize(
    ("document", "address"),
    [
        # The 2017 letter: "Nr. 167" in its heading, dossier 29 911 (see its notes).
        ("kamerbrief-2017-toekomstagenda", f"{OFFICIAL}/kst-29911-167.html"),
        # Footnote 4 of the 2024 letter: "Kamerstukken II 2023/24, 36560-VI nr. 15".
        ("kst-36560-vi-15", f"{OFFICIAL}/kst-36560-VI-15.html"),
    ],
)
def test_a_document_links_to_its_kamerstuk_by_the_scheme(
    pages: Browser, document: str, address: str
) -> None:
    page = pages.reuse(f"/documenten/{document}/").page
    link = original_link(page)
    assert link["href"] == address
    assert link["visible"] == "Lees het origineel op officielebekendmakingen.nl"
    assert link["rel"] == "external" and link["target"] is None  # opens as any link does
    assert link["hidden"] == "(andere website)"  # what a screen reader hears besides
    size = page.locator("article table.facts .md-visually-hidden").first.bounding_box()
    assert size is not None and size["width"] <= 1 and size["height"] <= 1  # heard, not seen


def test_a_document_without_an_identifier_has_the_labelled_search_link(pages: Browser) -> None:
    page = pages.reuse("/documenten/kamerbrief-2024-aanpak-ondermijning/").page
    link = original_link(page)
    assert link["visible"] == "Zoek dit document op officielebekendmakingen.nl"
    parts = urlsplit(link["href"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{OFFICIAL}/resultaten"
    assert parse_qs(parts.query) == {"q": ['"Kamerbrief aanpak ondermijnende criminaliteit"']}
    assert link["target"] is None
    # Its kenmerk, from "Onze referentie 5667132" in the letterhead.
    kenmerk = page.locator("article table.facts tr", has_text="Kenmerk").locator("td")
    assert kenmerk.inner_text().strip() == "5667132"


def test_a_quote_link_lands_on_its_section(pages: Browser) -> None:
    visit = pages.open("measure")
    page = visit.page
    link = page.locator("article blockquote a[href*='#onderdeel-']").first
    href = link.get_attribute("href")
    anchor, _, directive = href.partition("#")[2].partition(":~:")
    assert directive.startswith("text=")
    first_words = unquote(directive.removeprefix("text="))
    quote = link.locator("xpath=ancestor::blockquote").locator("p").first.inner_text()
    assert " ".join(quote.split()).startswith(first_words)
    link.click()
    page.wait_for_load_state("load")
    assert "/documenten/" in page.url
    section = page.locator(f"[id='{anchor}']")
    assert section.count() == 1, f"no element with id {anchor} on {page.url}"
    assert first_words in " ".join(section.inner_text().split())
    on_screen = section.evaluate(
        "(el) => { const r = el.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }"
    )
    assert on_screen, "the page did not scroll to the quote's section"


def test_a_quote_from_a_kamerstuk_links_to_the_passage_in_the_original(pages: Browser) -> None:
    page = pages.reuse("/documenten/kamerbrief-2017-toekomstagenda/").page
    links = page.locator("article blockquote a[rel=external]")
    assert links.count() >= 1
    href = links.first.get_attribute("href")
    assert href.startswith(f"{OFFICIAL}/kst-29911-167.html#:~:text=")
    assert links.first.evaluate("(a) => a.firstChild.textContent.trim()") == "in het origineel"


# --- the footer -------------------------------------------------------------------------------


def footer_line(page: Any) -> str:
    return " ".join(page.locator(".monitor-data-version").inner_text().split())


def test_the_footer_of_an_unreleased_build_shows_only_the_data_date(pages: Browser) -> None:
    # The browser tests build the working tree, which is not a release.
    line = footer_line(pages.reuse("/").page)
    assert re.match(r"Gegevens bijgewerkt op \d{1,2} [a-z]+ \d{4} · Wijzigingen", line), line
    assert "versie" not in line and not re.search(r"\b[0-9a-f]{7,}\b", line)


@pytest.fixture(scope="module")
def release_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A small site built at a release tag, and again after one more commit: their addresses."""
    sys.path.insert(0, str(ROOT / "tests"))
    from gitrepo import commit, make_history

    root = make_history(tmp_path_factory.mktemp("versions") / "repo", site=True)  # at v2.0.0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)

    def build(name: str) -> Path:
        site = root.parent / name
        args = [sys.executable, "-m", "monitor", "build", "--site-dir", str(site)]
        done = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return site

    released = build("released")
    measure = root / "data/measures/wijkagenten.yaml"
    commit(
        root,
        {
            "data/measures/wijkagenten.yaml": measure.read_text().replace(
                "Meer wijkagenten.", "Meer."
            )
        },
        "After the release",
        "2025-04-02T10:00:00+00:00",
    )
    unreleased = build("unreleased")
    with serving(released) as one, serving(unreleased) as two:
        yield {"released": one, "unreleased": two}


def test_the_footer_of_a_release_shows_its_number_and_the_data_date(
    site: Browser, release_sites: dict[str, str]
) -> None:
    context = site.chromium.new_context()
    try:
        page = context.new_page()
        page.goto(release_sites["released"] + "/")
        assert footer_line(page).startswith("Gegevens: versie 2.0.0, bijgewerkt op 10 maart 2025 ·")
        page.goto(release_sites["unreleased"] + "/")
        assert footer_line(page).startswith("Gegevens bijgewerkt op 2 april 2025 ·")
    finally:
        context.close()


# --- the navigation ---------------------------------------------------------------------------


def test_the_navigation_has_voor_redacteuren(pages: Browser) -> None:
    page = pages.reuse("/").page
    sections = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
                'nav.md-nav--primary > ul > li.md-nav__item--section')].map((li) => [
            li.querySelector(':scope > label, :scope > a').textContent.trim(),
            [...li.querySelectorAll('nav a.md-nav__link')].map((a) => a.textContent.trim())]))"""
    )
    assert sections["Voor redacteuren"] == [
        "Bijdragen",
        "Foutcodes",
        "Velden",
        "Dekking van de bronnen",
    ]
    citizens = [name for items in sections.values() for name in items] + page.evaluate(
        """() => [...document.querySelectorAll(
            'nav.md-nav--primary > ul > li:not(.md-nav__item--section) > a')]
            .map((a) => a.textContent.trim())"""
    )
    for editors_page in ("Bijdragen", "Foutcodes", "Velden"):
        assert citizens.count(editors_page) == 1, f"{editors_page} is in the menu twice"
    assert "Organisaties" in citizens and "Actoren" not in citizens


# --- words on public pages --------------------------------------------------------------------


def public_text(soup: BeautifulSoup) -> str:
    """The article's text without verbatim quotes (they stay as the sources wrote them)."""
    article = BeautifulSoup(str(soup.select_one("article") or soup), "html.parser")
    for quoted in article.select("blockquote, code, pre"):
        quoted.decompose()
    return " ".join(article.get_text(" ").split())


def record_ids() -> list[str]:
    """Ids of two words or more (a one-word id such as 'politie' is also a plain word)."""
    ids = [p.stem for p in (ROOT / "data").glob("*/*.yaml") if "-" in p.stem]
    assert len(ids) > 100
    return sorted(ids, key=len, reverse=True)


SAMPLE = [
    "index.html",
    "signalen/index.html",
    "wijzigingen/index.html",
    "open-data/index.html",
    "methode/index.html",
    "actoren/index.html",
    "documenten/kamerbrief-2024-aanpak-ondermijning/index.html",
    "documenten/kst-36560-vi-15/index.html",
    "maatregelen/investering-platforms-veilig-ondernemen/index.html",
    "maatregelen/actieprogramma-veilig-ondernemen-2023-2026/index.html",
    "maatregelen/trekkende-rol-regios-toekomstagenda/index.html",
    "moties/verzoek-reactie-brief-driehoek-west-friesland/index.html",
    "toezeggingen/uitwerking-motie-bikker-aanbieden/index.html",
]


@pytest.mark.parametrize("path", SAMPLE)
def test_no_editor_words_or_ids_on_a_public_page(
    built_html: dict[str, BeautifulSoup], path: str
) -> None:
    text = public_text(built_html[path])
    ids = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, record_ids())) + r")(?![\w/-])")
    assert not re.search(r"\b[Rr]ecords?\b", text), path
    assert not ids.search(text), ids.search(text)
    for word in ("(afgeleid)", "(niet uitgebracht)", "statusregel", "peildatum", "Gegeven Waarde"):
        assert word not in text, (path, word)


def test_no_count_with_the_wrong_form_of_its_noun(built_html: dict[str, BeautifulSoup]) -> None:
    """'(1 maatregelen)' or '3 maatregel' on no public page: every plural the site counts."""
    plurals = [p for s, p in PLURALS.items() if p != s]
    singulars = [s for s, p in PLURALS.items() if p != s]
    one_many = re.compile(r"(?<![\d.,])\b1 (" + "|".join(map(re.escape, plurals)) + r")\b")
    many_one = re.compile(
        r"(?<![\d.,])\b(0|[2-9]|\d{2,}) (" + "|".join(map(re.escape, singulars)) + r")(?![\w'’])"
    )
    wrong = []
    for path, soup in built_html.items():
        if path.startswith(EDITORS):
            continue
        text = public_text(soup)
        wrong += [(path, m.group(0)) for m in one_many.finditer(text)]
        wrong += [(path, m.group(0)) for m in many_one.finditer(text)]
    assert not wrong
