"""Coverage: the paragraphs of a source text, and which records cite each one."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT, SEEDS
from monitor.cli import main
from monitor.data.coverage import Heading, build_coverage, format_coverage, segment
from monitor.data.history import Changelog
from monitor.data.validate import validate_data
from monitor.publish.opendata import OpenData
from monitor.publish.reports import COVERAGE_PAGE, build_report_pages
from monitor.site.signals import find_signals

TEXT = """\
Brief over de aanpak

Eerste alinea van de inleiding. Die eindigt hier.

1. Weerbaarheid

Wij starten een pilot in drie gemeenten en
de pilot loopt tot het eind van het

1 Kamerstuk 12 345, nr. 6

**Datum**
1 maart 2024

jaar 2025. Een tweede zin.

A.  Een punt in een lijst.
B.  Nog een punt.

**Datum**
1 maart 2024

2. Moties

De motie-Jansen vraagt meer wijkagenten.
"""

HEADINGS = [Heading(t, t, (i,)) for i, t in enumerate(["1. Weerbaarheid", "2. Moties"])]


def test_paragraphs_follow_headings_and_join_across_a_page_break() -> None:
    seg = segment(TEXT, HEADINGS)
    assert seg.missing == []
    got = [(p.section, p.kind, p.text) for p in seg.paragraphs]
    assert got == [
        ("", "alinea", "Brief over de aanpak"),
        ("", "alinea", "Eerste alinea van de inleiding. Die eindigt hier."),
        (
            "1. Weerbaarheid",
            "alinea",
            "Wij starten een pilot in drie gemeenten en de pilot loopt tot het eind van het "
            "jaar 2025. Een tweede zin.",
        ),
        ("1. Weerbaarheid", "voetnoot", "1 Kamerstuk 12 345, nr. 6"),
        ("1. Weerbaarheid", "paginakop", "**Datum** 1 maart 2024"),
        ("1. Weerbaarheid", "alinea", "A. Een punt in een lijst."),
        ("1. Weerbaarheid", "alinea", "B. Nog een punt."),
        ("1. Weerbaarheid", "paginakop", "**Datum** 1 maart 2024"),
        ("2. Moties", "alinea", "De motie-Jansen vraagt meer wijkagenten."),
    ]
    assert [p.number for p in seg.paragraphs] == list(range(1, 10))
    assert seg.paragraphs[2].line == 7


def test_a_heading_out_of_order_is_missing() -> None:
    seg = segment(TEXT, list(reversed(HEADINGS)))
    assert [h.text for h in seg.missing] == ["1. Weerbaarheid"]


def test_a_heading_may_wrap_over_lines() -> None:
    text = "Maatschappelijk  \neffect is ons  \ngezamenlijk doel\nAl deze maatregelen samen.\n"
    title = "Maatschappelijk effect is ons gezamenlijk doel"
    heading = Heading(title, title, (0,))
    seg = segment(text, [heading])
    assert [(p.section, p.text) for p in seg.paragraphs] == [
        (heading.text, "Al deze maatregelen samen.")
    ]


COVERAGE = """\
- document: brief-a
  sections:
    - heading: 1. Weerbaarheid
    - heading: 2. Moties
  no_records:
    - anchor: Datum 1 maart 2024
      reason: Briefhoofd.
"""


@pytest.fixture
def report(project):
    root = project({"data/coverage.yaml": COVERAGE})
    result = validate_data(root / "data", root=root, sources_dir=root / "sources")
    assert result.diagnostics == []
    assert result.dataset is not None
    return result.dataset, build_coverage(result.dataset, root / "sources")


def test_each_paragraph_is_cited_marked_or_open(report) -> None:
    _, coverage = report
    doc = {d.document: d for d in coverage.documents}["brief-a"]
    rows = [
        (r.paragraph.section, r.state, sorted(i for _, i in r.record_ids)) for r in doc.paragraphs
    ]
    assert rows == [
        ("", "gemarkeerd", []),
        (
            "1. Weerbaarheid",
            "geciteerd",
            ["pilot-deel-noord", "pilot-weerbare-wijken", "voortgang-pilot"],
        ),
        ("2. Moties", "geciteerd", ["motie-jansen-wijkagenten"]),
    ]
    assert doc.paragraphs[0].reasons == ["Briefhoofd."]
    assert 0 < doc.paragraphs[1].covered <= 1
    assert (doc.count("geciteerd"), doc.count("gemarkeerd"), doc.count("open")) == (2, 1, 0)


def test_a_paragraph_nobody_cites_is_open(project) -> None:
    root = project({"sources/brief-b.txt": "Datum 1 oktober 2024\n\nNiemand citeert dit.\n"})
    result = validate_data(root / "data", root=root)
    assert result.dataset is not None
    coverage = build_coverage(result.dataset, root / "sources")
    doc = {d.document: d for d in coverage.documents}["brief-b"]
    assert [(r.paragraph.text, r.state) for r in doc.paragraphs] == [
        ("Datum 1 oktober 2024", "open"),
        ("Niemand citeert dit.", "open"),
    ]
    assert "OPEN" in format_coverage(coverage, only_open=True)


def _coverage_page(ds, coverage):
    return build_report_pages(
        ds,
        changelog=Changelog(),
        signals=find_signals(ds, dt.date(2026, 1, 15), 730),
        open_data=OpenData([], 0),
        site_url=None,
        coverage=coverage,
    )[COVERAGE_PAGE]


def test_the_editors_page_lists_paragraphs_under_voor_redacteuren(report) -> None:
    ds, coverage = report
    page = _coverage_page(ds, coverage)
    assert page.in_nav  # in mkdocs.yml's nav under "Voor redacteuren", not among citizens' pages
    assert "| Geen record: Briefhoofd\\. |" in page.text  # escaped: text from YAML
    assert "(../maatregelen/pilot-weerbare-wijken.md)" in page.text
    assert "niet beschikbaar" in _coverage_page(ds, None).text


def test_command_line_report(project, capsys, monkeypatch) -> None:
    root = project({"data/coverage.yaml": COVERAGE})
    monkeypatch.chdir(root)
    code = main(["coverage", "--sources", str(root / "sources"), "--data", str(root / "data")])
    out = capsys.readouterr().out
    assert code == 0
    assert "marked: Briefhoofd." in out
    assert "total: 3 cited, 1 marked, 0 open" in out


def test_real_sources_have_every_declared_heading() -> None:
    result = validate_data(ROOT / "data", root=ROOT, sources_dir=SEEDS)
    assert not [d for d in result.diagnostics if d.code in {"E402", "E403"}]
