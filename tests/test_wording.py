"""Citizen language and links to the originals, piece by piece: counted nouns, ages in years,
the names of kinds, the footer's version line, official addresses, section anchors, text
fragments, and record ids in editors' notes shown as titles. The built site is scanned as a whole
in tests/browser/test_citizen.py."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from monitor.data.history import DataVersion
from monitor.data.validate import validate_data
from monitor.publish.reports import version_line
from monitor.site.originals import kamerstuk_url, search_url, section_anchor, text_fragment
from monitor.site.pages import build_pages
from monitor.site.wording import PLURALS, age_text, counted, kind_name

# --- counted nouns ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (1, "maatregel", "1 maatregel"),
        (0, "maatregel", "0 maatregelen"),
        (2, "motie of verzoek", "2 moties en verzoeken"),
        (1, "motie of verzoek", "1 motie of verzoek"),
        (3, "thema", "3 thema's"),
        (2, "jaar", "2 jaar"),
    ],
)
def test_a_count_takes_the_form_its_number_needs(n: int, noun: str, expected: str) -> None:
    assert counted(n, noun) == expected


def test_a_noun_without_a_known_plural_fails_instead_of_guessing() -> None:
    with pytest.raises(KeyError):
        counted(2, "maatregl")


def test_every_plural_differs_from_its_singular_but_years() -> None:
    assert [s for s, p in PLURALS.items() if s == p] == ["jaar"]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (819, "ruim 2 jaar geleden"),
        (731, "2 jaar geleden"),
        (400, "ruim 1 jaar geleden"),
        (95, "3 maanden geleden"),
        (100, "ruim 3 maanden geleden"),
        (1, "1 dag geleden"),
        (12, "12 dagen geleden"),
    ],
)
def test_an_age_is_told_in_years_months_or_days(days: int, expected: str) -> None:
    assert age_text(days) == expected


def test_kinds_have_citizens_names() -> None:
    assert kind_name("referentie") == "aangehaald document"
    assert kind_name("verzoek") == "commissieverzoek"
    assert kind_name("overig") == "ander document"


# --- the footer -------------------------------------------------------------------------------


def test_a_release_shows_its_number_and_the_date_of_the_data() -> None:
    version = DataVersion("v1.2.0", dt.date(2026, 11, 25), released=True)
    assert version_line(version) == "Gegevens: versie 1.2.0, bijgewerkt op 25 november 2026"


def test_an_unreleased_build_shows_only_the_date_of_the_data() -> None:
    version = DataVersion("v1.2.0-3-gd088399a9a", dt.date(2026, 11, 25), released=False)
    assert version_line(version) == "Gegevens bijgewerkt op 25 november 2026"
    assert version_line(DataVersion("d088399a9a", None, released=False)) == ""


# --- to the originals -------------------------------------------------------------------------


def test_a_kamerstuk_has_its_official_address_by_the_scheme() -> None:
    assert (
        kamerstuk_url("29911", 167) == "https://zoek.officielebekendmakingen.nl/kst-29911-167.html"
    )
    assert (
        kamerstuk_url("36560-VI", 15)
        == "https://zoek.officielebekendmakingen.nl/kst-36560-VI-15.html"
    )


def test_a_search_link_asks_for_the_exact_title() -> None:
    url = search_url('Kamerbrief aanpak "ondermijnende"  criminaliteit & meer')
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "zoek.officielebekendmakingen.nl",
        "/resultaten",
    )
    assert parse_qs(parts.query) == {
        "q": ['"Kamerbrief aanpak ondermijnende criminaliteit & meer"']
    }


def test_section_anchors_are_stable_readable_ids() -> None:
    assert section_anchor("Speerpunt 1 – Vergroten weerbaarheid") == (
        "onderdeel-speerpunt-1-vergroten-weerbaarheid"
    )
    assert section_anchor("Eindrapport ‘Koers bepalen’") == "onderdeel-eindrapport-koers-bepalen"
    assert section_anchor("Financiën") == "onderdeel-financien"
    assert section_anchor("…") == "onderdeel-zonder-naam"


def test_a_text_fragment_encodes_what_its_syntax_uses() -> None:
    fragment = text_fragment("Het EU-actieplan, de aanpak & de rest van de zin die langer is")
    assert fragment == (":~:text=Het%20EU%2Dactieplan%2C%20de%20aanpak%20%26%20de%20rest%20van")
    assert unquote(fragment.removeprefix(":~:text=")) == "Het EU-actieplan, de aanpak & de rest van"


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture
def site_pages(project):
    root = project()
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    return ds, build_pages(ds, today=dt.date(2026, 1, 15))


def html_of(page) -> BeautifulSoup:
    return BeautifulSoup(page.markdown(), "html.parser")


def test_a_quote_links_to_its_section_on_the_document_page(site_pages) -> None:
    _, pages = site_pages
    measure = pages["maatregelen/pilot-weerbare-wijken.md"].markdown()
    assert (
        '<a href="../../documenten/brief-a/#onderdeel-1-weerbaarheid:~:text=We%20starten%20een'
        in measure
    )
    document = html_of(pages["documenten/brief-a.md"])
    section = document.find(id="onderdeel-1-weerbaarheid")
    assert section is not None and "We starten een pilot" in section.get_text()


def test_a_document_without_a_kamerstuk_offers_a_labelled_search(site_pages) -> None:
    _, pages = site_pages
    link = html_of(pages["documenten/brief-a.md"]).find("a", rel="external")
    assert link.get_text(" ", strip=True) == (
        "Zoek dit document op officielebekendmakingen.nl (andere website)"
    )
    assert link["href"].startswith("https://zoek.officielebekendmakingen.nl/resultaten?q=")
    assert not link.has_attr("target")


def test_ids_in_an_editors_note_become_links_with_the_title(project) -> None:
    root = project()
    measure = root / "data/measures/pilot-deel-noord.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(
        text + "notes: Zie pilot-weerbare-wijken, niet pilot-weerbare of `pilot-weerbare-wijken`.\n"
    )
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    page = build_pages(ds, today=dt.date(2026, 1, 15))["maatregelen/pilot-deel-noord.md"]
    text = page.markdown()
    assert "## Toelichting van de redactie" in text
    note = BeautifulSoup(text.split("## Toelichting van de redactie", 1)[1], "html.parser")
    for hidden in note.select(".search-terms"):  # the page's search words, not the note
        hidden.decompose()
    assert note.get_text(" ", strip=True) == (
        "Zie Pilot weerbare wijken , niet pilot-weerbare of pilot-weerbare-wijken ."
    )
    assert [a["href"] for a in note.find_all("a")] == ["../pilot-weerbare-wijken/"]
    assert note.find("code").get_text() == "pilot-weerbare-wijken"  # code stays as written


@pytest.mark.parametrize(
    ("date_text", "shown"),
    [
        ("najaar 2019 (afgeleid)", "najaar 2019, geschat"),
        ("onbekend (vergaderjaar 2023/24)", "onbekend, vergaderjaar 2023/24"),
        ("eind 2022", "eind 2022"),
    ],
)
def test_an_undated_document_shows_what_is_known_without_nested_brackets(
    date_text: str, shown: str
) -> None:
    from monitor.data.model import Document

    quote = {"document": "brief-a", "section": "1", "quote": "Een citaat van tien tekens"}
    doc = Document(id="x", title="X", kind="referentie", date_text=date_text, cited_in=[quote])
    assert doc.display_date == shown
    assert doc.estimated_date == date_text.endswith("(afgeleid)")


def test_a_document_page_lists_its_sections_in_the_order_of_the_text() -> None:
    """By the headings data/coverage.yaml gives in text order; sections without a heading of
    their own (the letterhead) first."""
    from conftest import ROOT
    from monitor.site.pages import _quotes_by_document

    ds = validate_data(ROOT / "data", root=ROOT).dataset
    assert ds is not None
    names = [name for name, _, _ in _quotes_by_document(ds)["kamerbrief-2024-aanpak-ondermijning"]]
    expected = [
        "Briefhoofd",
        "Speerpunten",
        "Speerpunt 1. Vergroten maatschappelijke weerbaarheid tegen ondermijnende criminaliteit",
        "Speerpunt 3. Internationale samenwerking (voetnoot 1)",
        "Het fundament",
        "Moties en verzoeken – Motie NSOC",
        "Moties en verzoeken – Motie Bikker c.s.",
    ]
    assert [n for n in names if n in expected] == expected
