"""The strict quote check: the passages a plain-text source is cut into, and what a quote that
runs across a heading, a list marker or page furniture is told. The shapes come from the five
source texts (wrapped lines, footnotes between pages, headings without markup)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.data.quotes import FURNITURE, HEADING, TEXT, SourceText, quote_problem, split_passages

# Wrapped like the 2019 and 2023 texts: a short heading, body lines of even width, a page break
# with a footnote block that interrupts a sentence, and the next page starting indented.
PLAIN = """\
 1. Versterken slagkracht, oprichting landelijk interventieteam
~
De georganiseerde criminaliteit is in toenemende mate complex doordat zij sterk is
geprofessionaliseerd en optimaal profiteert van de open economie en van de ligging.
~
Werkwijze
Bij de vorming van het landelijk interventieteam is er specifiek aandacht voor de
beschikbaarheid van harde data. Daarnaast wordt er in de huidige plannen flink ingezet op
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
2 Hiermee doe ik de toezegging over het ingaan op externe inhuur uit het commissiedebat
gestand.
  het versterken van de uitvoeringskracht bij partners en gemeenten in de regio.
~
Dat bereiken wij aan de hand van drie hoofdpunten in de komende jaren, zo is de bedoeling:
I.  In beeld brengen hoe georganiseerde, onder-

mijnende criminaliteit in Nederland er uitziet.
II.  In kaart brengen en aanpakken van bijzondere gelegenheden die Nederland biedt en
tegengaan van lokale worteling.
""".replace("~", " ")


def kinds(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.first) for p in split_passages(text)]


def test_plain_text_is_cut_at_headings_list_markers_and_footnotes() -> None:
    assert kinds(PLAIN) == [
        (HEADING, "1. Versterken slagkracht, oprichting landelijk interventieteam"),
        (
            TEXT,
            "De georganiseerde criminaliteit is in toenemende mate complex doordat zij sterk is",
        ),
        (HEADING, "Werkwijze"),
        (TEXT, "Bij de vorming van het landelijk interventieteam is er specifiek aandacht voor de"),
        (
            FURNITURE,
            "2 Hiermee doe ik de toezegging over het ingaan op externe inhuur uit het "
            "commissiedebat",
        ),
        (TEXT, "het versterken van de uitvoeringskracht bij partners en gemeenten in de regio."),
        (TEXT, "I.  In beeld brengen hoe georganiseerde, onder-"),
        (
            TEXT,
            "II.  In kaart brengen en aanpakken van bijzondere gelegenheden die Nederland biedt en",
        ),
    ]


def test_a_page_break_without_furniture_does_not_cut_a_sentence() -> None:
    source = SourceText(PLAIN)
    # "onder-" + empty line + "mijnende": one list item, hyphenation healed.
    assert source.contains("I. In beeld brengen hoe georganiseerde, ondermijnende criminaliteit")


def test_each_crossing_gets_its_own_code_and_names_the_source_line() -> None:
    source = SourceText(PLAIN)
    cases = {
        "Werkwijze Bij de vorming van het landelijk interventieteam": ("E410", "regel 6"),
        "zo is de bedoeling: I. In beeld brengen": ("E411", "regel 15"),
        "flink ingezet op het versterken van de uitvoeringskracht": ("E412", "regel 10"),
        "harde data. Daarnaast ... flink ingezet op": ("E413", "weglatingsteken"),
        "de ligging. Werkwijze": ("E410", "regel 6"),
    }
    for quote, (code, said) in cases.items():
        problem = quote_problem(quote, "doc", source)
        assert problem is not None, quote
        assert problem[0] == code, (quote, problem)
        assert said in problem[1], problem[1]
    assert quote_problem("Werkwijze", "doc", source) is None  # a heading on its own is fine
    assert quote_problem("niet in de tekst", "doc", source)[0] == "E400"  # type: ignore[index]


def test_markdown_letterhead_footnotes_and_emphasised_headings() -> None:
    text = """\
### **Speerpunten**

In de komende periode zetten we de ingezette koers kracht bij om resultaat te boeken.

**Datum**~~
28 augustus 2024~~
**Onze referentie**~~
5667132

---

<sup>4</sup> Kamerstukken II 2023/24, 36560-VI nr. 15

*Motie Bikker c.s.*

Dinsdag 13 februari jl. heeft de Tweede Kamer de motie Bikker c.s. aangenomen.
""".replace("~", " ")
    shown = [k for k, _ in kinds(text)]
    assert shown == [HEADING, TEXT, FURNITURE, HEADING, TEXT]
    source = SourceText(text)
    assert quote_problem("resultaat te boeken. Datum 28 augustus 2024", "d", source)[0] == "E412"  # type: ignore[index]
    assert quote_problem("Motie Bikker c.s. Dinsdag 13 februari", "d", source)[0] == "E410"  # type: ignore[index]
    assert quote_problem("Dinsdag 13 februari jl. heeft de Tweede Kamer", "d", source) is None


@settings(max_examples=200)
@given(st.text(max_size=300), st.text(max_size=80))
def test_any_source_and_quote_give_an_answer_not_a_traceback(source: str, quote: str) -> None:
    text = SourceText(source)
    problem = quote_problem(quote, "doc", text)
    assert problem is None or problem[0] in {"E400", "E410", "E411", "E412", "E413"}
    if problem is None:
        assert text.contains(quote)
