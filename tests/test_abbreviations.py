"""Abbreviations: every glossary term is explained on hover and focus on every page, through
Python-Markdown's `abbr` definitions that the adapter appends to each page's Markdown."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from conftest import ROOT
from monitor.adapter.plugin import MonitorPlugin
from monitor.data.model import Dataset, GlossaryEntry
from monitor.data.validate import validate_data
from monitor.site.pages import abbreviation_definitions


def _ds(*entries: dict[str, str]) -> Dataset:
    ds = Dataset()
    for e in entries:
        entry = GlossaryEntry(basis="algemeen-bekend", **e)
        ds.glossary[entry.id] = entry
    return ds


def _html(text: str, ds: Dataset) -> BeautifulSoup:
    md = markdown.markdown(f"{text}\n\n{abbreviation_definitions(ds)}\n", extensions=["abbr"])
    return BeautifulSoup(md, "html.parser")


def test_a_definition_per_glossary_term_in_term_order() -> None:
    ds = _ds(
        {"id": "riec", "term": "RIEC", "expansion": "Regionaal Informatie- en Expertisecentrum"},
        {"id": "om", "term": "OM", "expansion": "Openbaar Ministerie"},
    )
    assert abbreviation_definitions(ds) == (
        "*[OM]: Openbaar Ministerie\n*[RIEC]: Regionaal Informatie- en Expertisecentrum"
    )


def test_abbreviations_are_marked_up_with_their_expansion() -> None:
    ds = _ds(
        {"id": "om", "term": "OM", "expansion": "Openbaar Ministerie"},
        {"id": "platform-goc", "term": "Platform GOC", "expansion": "Landelijk Platform GOC"},
    )
    page = _html("Het OM en het Platform GOC; geen OMzet of OMG.", ds)
    abbrs = [(a.get_text(), a["title"]) for a in page.find_all("abbr")]
    assert abbrs == [("OM", "Openbaar Ministerie"), ("Platform GOC", "Landelijk Platform GOC")]


def test_hostile_expansion_stays_an_attribute_value() -> None:
    ds = _ds({"id": "x", "term": "XYZ", "expansion": '"><script>alert(1)</script>'})
    page = _html("Over XYZ.", ds)
    assert not page.find("script")
    assert page.abbr["title"] == '"><script>alert(1)</script>'


def test_a_term_the_syntax_cannot_hold_is_left_out_not_broken() -> None:
    ds = _ds(
        {"id": "a", "term": "A]B", "expansion": "kapot"},
        {"id": "b", "term": "A\\B", "expansion": "kapot"},
        {"id": "om", "term": "OM", "expansion": "Openbaar   Ministerie"},
    )
    assert abbreviation_definitions(ds) == "*[OM]: Openbaar Ministerie"


def test_every_real_glossary_term_is_defined() -> None:
    ds = validate_data(ROOT / "data", root=ROOT).dataset
    assert ds is not None
    defined = abbreviation_definitions(ds).splitlines()
    assert len(defined) == len(ds.glossary)
    assert "*[NCBC]: non conviction based confiscation" in defined


def test_adapter_appends_the_definitions_to_every_page() -> None:
    plugin = MonitorPlugin()
    plugin.abbreviations = "*[OM]: Openbaar Ministerie"
    out = plugin.on_page_markdown("# Over\n\nHet OM.", page=None, config=None, files=None)  # type: ignore[arg-type]
    assert out == "# Over\n\nHet OM.\n\n*[OM]: Openbaar Ministerie\n"
    plugin.abbreviations = ""
    assert plugin.on_page_markdown("x", page=None, config=None, files=None) == "x"  # type: ignore[arg-type]
