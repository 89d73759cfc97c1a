"""Model: the typed records of the monitor and the dataset that answers questions about them.

The pydantic classes here are the one schema: validation of a single record, the JSON Schemas for
editors' IDEs and the field list on the contributing page all come from them. Field descriptions
are Dutch because editors read them. This module must not touch files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80),
    Field(description="Id: kleine letters, cijfers en koppeltekens; verandert nooit."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=10000),
    Field(json_schema_extra={"format": "markdown"}),
]
Quote = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=10, max_length=600),
    Field(description="Letterlijk citaat uit de brontekst (tot ongeveer 300 tekens)."),
]


def _former_ids() -> Any:
    """The `former_ids` field of every record kind that has a page of its own."""
    return Field(
        default_factory=list,
        description="Eerdere ids van dit record, als het id ooit is gewijzigd: het oude adres "
        "blijft werken en verwijst door naar de nieuwe pagina.",
    )


def _http_url(value: str) -> str:
    if not value.startswith(("https://", "http://")) or " " in value:
        raise PydanticCustomError("url_scheme", "een webadres begint met https:// of http://")
    return value


Url = Annotated[str, StringConstraints(max_length=500), AfterValidator(_http_url)]


# Characters that show as nothing, refused in every text (E209). Invisible, they make a text
# read differently from what it says ("Trojan Source"), or make two texts that look the same
# differ, so that a search, an abbreviation, an actor's name or a quote silently fails to match.
# Nothing in a record needs them, and the source texts in ../shared/seeds hold none of them
# (checked when this list was drawn up), so no verbatim quote needs one either:
# - control characters, but tab and line ends (C0, DEL, C1; C1 includes U+0085 NEXT LINE);
# - the marks that embed, override or isolate text direction (U+202A-U+202E, U+2066-U+2069) and
#   the direction marks (U+200E, U+200F, U+061C);
# - zero-width characters: U+200B ZERO WIDTH SPACE, U+200C/U+200D (non-)joiners, U+2060-U+2064
#   (word joiner, invisible operators), U+180E, and U+FEFF, which as a byte order mark belongs
#   before a file's first byte (the loader takes it there), never inside a text;
# - U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: a line break that YAML, JavaScript
#   and most editors each treat differently; write a real line break instead;
# - letters that are drawn as nothing (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0),
#   variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF) and tag characters (U+E0000-U+E007F),
#   which can carry hidden text.
# Accepted: U+00AD SOFT HYPHEN (Dutch typography: where a long compound such as
# "ondermijningsaanpak" may break; shown only as a hyphen at a line end) and the no-break spaces
# U+00A0 and U+202F (visible as a space). The page Foutcodes says the same for editors.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


def _check_visible(value: str) -> None:
    found = _INVISIBLE.search(value)
    if found:
        char = found.group()
        name = unicodedata.name(char, "control character")
        raise PydanticCustomError(
            "E209",
            "de tekst bevat het onzichtbare teken U+{code} ({name}) op positie {at}",
            {"code": f"{ord(char):04X}", "name": name, "at": found.start() + 1},
        )


class Strict(BaseModel):
    """Base for every record: unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_invisible_characters(cls, value: object) -> object:
        if isinstance(value, str):
            _check_visible(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    _check_visible(item)
        return value


class Citation(Strict):
    """A verbatim quote that proves a claim, with the document and section it comes from."""

    document: Id = Field(description="Id van het brondocument (een bestand in data/documents).")
    section: Text = Field(description="Paragraaf of kop in het document, zoals de tekst die noemt.")
    quote: Quote


class StatusEntry(Citation):
    """One step in a status history: what a document said about the state of things."""

    status: Id = Field(description="Status-id uit data/statuses.yaml.")
    note: LongText | None = Field(
        default=None, description="Toelichting van de redactie (geen bron; wordt zo getoond)."
    )


class Term(Citation):
    """A stated deadline or term, as the text gives it."""

    text: Text = Field(description="De termijn zoals de tekst die noemt, bv. 'dit najaar'.")
    by: dt.date | None = Field(
        default=None,
        description="Meestal leeg: de site rekent de uiterste datum uit `text` en de datum van "
        "het document ('dit najaar' in 2024 → 20 december 2024; de regels staan op de pagina "
        "Signalen). Vul alleen een datum in die de tekst anders geeft, met de reden in `notes`.",
    )


class Kamerstuk(Strict):
    """A Kamerstuk number (parliamentary paper): dossier and number, as a source text gives them."""

    dossier: str = Field(
        pattern=r"^[0-9]{4,6}(-[A-Z0-9]{1,8})?$",
        description="Dossiernummer zonder spaties, met een koppelteken voor een toevoeging: "
        "'29911', '36560-VI'. Alleen zoals een brontekst het geeft (of leg in `notes` uit waar "
        "het vandaan komt).",
    )
    number: int = Field(ge=1, description="Ondernummer ('nr. 167' → 167).")
    source: Citation | None = Field(
        default=None,
        description="Citaat waarin het nummer staat; mag weg als een citaat in `cited_in` het "
        "nummer al geeft.",
    )

    @property
    def display(self) -> str:
        """The number as the official publications write it: '29 911, nr. 167', '36 560 VI,
        nr. 15' (one form for the whole site, whatever form the citing text used)."""
        digits, _, suffix = self.dossier.partition("-")
        grouped = f"{digits[:-3]} {digits[-3:]}" if len(digits) > 3 else digits
        return f"{grouped}{' ' + suffix if suffix else ''}, nr. {self.number}"


def _states(quotes: Iterable[str], pattern: str) -> bool:
    """Whether one of the quotes gives `pattern` (a regex) as a whole word, case ignored."""
    return any(re.search(pattern, q, re.IGNORECASE) for q in quotes)


class Submitter(Strict):
    name: Text = Field(description="Naam van de indiener zoals de tekst die noemt.")
    party: Text | None = Field(default=None, description="Partij, als de tekst die noemt.")


DocumentKind = Literal[
    "kamerbrief", "agenda", "rapport", "beleidsreactie", "referentie", "wet", "overig"
]
MeasureKind = Literal[
    "maatregel",
    "wetgeving",
    "pilot",
    "programma",
    "onderzoek",
    "verkenning",
    "organisatie",
    "financiering",
    "samenwerking",
    "verdrag",
]
# Lifecycles: the steps a bill, a treaty or a study goes through (data/statuses.yaml says which
# status is a step of which, and for which measure kinds).
Lifecycle = Literal["wetsvoorstel", "verdrag", "onderzoek"]
MotionKind = Literal["motie", "verzoek", "amendement"]
Vote = Literal["aangenomen", "verworpen", "ingetrokken", "aangehouden", "onbekend"]
RecordKind = Literal["measure", "motion", "commitment"]
ThemeKind = Literal[
    "hoofdpunt", "uitdaging", "actielijn", "sectie", "speerpunt", "fundament", "onderwerp"
]
ActorKind = Literal[
    "rijksoverheid",
    "uitvoering",
    "opsporing",
    "lokaal",
    "samenwerkingsverband",
    "parlement",
    "private-sector",
    "internationaal",
    "overig",
]
GlossaryBasis = Literal["uit-de-bron", "algemeen-bekend"]


# --- records: one per file --------------------------------------------------------------------


def _subjects() -> Any:
    """The `subjects` field every tracked record has: the citizens' way in, beside the themes."""
    return Field(
        min_length=1,
        description="Onderwerp-ids uit data/subjects.yaml (minstens één): waar een burger het "
        "record zoekt, bv. [drugs, havens-en-logistiek]. Een van de `keywords` van elk onderwerp "
        "moet in de titel, de samenvatting of een citaat van het record staan.",
    )


class Document(Strict):
    """A source document (letter, agenda, report) or a reference cited by one."""

    id: Id
    title: Text = Field(description="Titel zoals het document die geeft.")
    kind: DocumentKind = Field(description="Soort document.")
    date: dt.date | None = Field(
        default=None, description="Datum zoals de tekst die geeft (JJJJ-MM-DD); leeg als onbekend."
    )
    date_text: Text | None = Field(
        default=None,
        description="Verplicht als `date` leeg is: wat wel bekend is, bv. "
        "'najaar 2019 (afgeleid)' of 'onbekend'.",
    )
    date_note: LongText | None = Field(
        default=None,
        description="Verplicht als `date` leeg is: waarom, en waarop een afleiding rust.",
    )
    date_source: Citation | None = Field(
        default=None, description="Citaat waarin de datum staat (verplicht als `date` is ingevuld)."
    )
    year: int | None = Field(
        default=None,
        ge=1900,
        le=2100,
        description="Alleen voor ongedateerde documenten: het (afgeleide) jaar, gebruikt om te "
        "ordenen. Leg de afleiding uit in `date_note`.",
    )
    author: Text | None = Field(default=None, description="Afzender zoals de tekst die noemt.")
    actors: list[Id] = Field(default_factory=list, description="Actor-ids van de afzenders.")
    reference: Text | None = Field(default=None, description="Kenmerk ('Onze referentie').")
    reference_source: Citation | None = Field(
        default=None,
        description="Citaat waarin het kenmerk staat (verplicht bij `reference`, tenzij een "
        "citaat in `cited_in` het kenmerk al geeft).",
    )
    kamerstuk: Kamerstuk | None = Field(
        default=None,
        description="Kamerstuknummer, alleen als een brontekst het geeft: `dossier`, `number` en "
        "`source` (het citaat). De site linkt het naar de officiële publicatie.",
    )
    url: Url | None = Field(
        default=None,
        description="Adres van de officiële publicatie, alleen als het uit de tekst volgt.",
    )
    source_text: Text | None = Field(
        default=None,
        description="Bestandsnaam van de brontekst in de map met bronteksten; verplicht, behalve "
        "voor referenties.",
    )
    summary: Markdown | None = Field(default=None, description="Samenvatting (Markdown).")
    cited_in: list[Citation] = Field(
        default_factory=list,
        description="Voor referenties: waar het document wordt aangehaald (verplicht voor "
        "referenties).",
    )
    notes: Markdown | None = Field(default=None, description="Opmerkingen van de redactie.")

    @model_validator(mode="after")
    def _rules(self) -> Document:
        # A reference is known only by how a source cites it; its date is often not given.
        undated = self.date is None and self.kind != "referentie"
        if undated and (self.date_text is None or self.date_note is None):
            missing = "date_text" if self.date_text is None else "date_note"
            raise PydanticCustomError(
                "E208",
                "'date' is leeg, maar '{missing}' ontbreekt; zeg wat bekend is en waarom",
                {"missing": missing},
            )
        if self.date is not None and self.date_source is None:
            raise PydanticCustomError(
                "E208", "bij 'date' hoort 'date_source': het citaat waarin de datum staat", {}
            )
        if self.kind != "referentie" and self.source_text is None:
            raise PydanticCustomError(
                "E208",
                "een {kind} heeft 'source_text' nodig: het bestand met de tekst",
                {"kind": self.kind},
            )
        if self.kind == "referentie" and not self.cited_in:
            raise PydanticCustomError(
                "E208",
                "een referentie heeft 'cited_in' nodig: waar een brondocument haar noemt",
                {},
            )
        self._identifiers_are_quoted()
        return self

    def _identifiers_are_quoted(self) -> None:
        """A Kamerstuk number or kenmerk is shown, and linked, only if a quote gives it (E320)."""
        cited = [c.quote for c in self.cited_in]
        if self.kamerstuk is not None:
            own = [self.kamerstuk.source.quote] if self.kamerstuk.source else []
            if not _states(own + cited, rf"\bnr\.?\s*{self.kamerstuk.number}\b"):
                raise PydanticCustomError(
                    "E320",
                    "'kamerstuk' nr. {number} staat in geen citaat; geef in 'kamerstuk.source' het "
                    "citaat waarin het nummer staat",
                    {"number": self.kamerstuk.number},
                )
        if self.reference is not None:
            own = [self.reference_source.quote] if self.reference_source else []
            if not _states(own + cited, rf"(?<!\w){re.escape(self.reference)}(?!\w)"):
                raise PydanticCustomError(
                    "E320",
                    "het kenmerk '{reference}' staat in geen citaat; geef in 'reference_source' "
                    "het citaat waarin het staat",
                    {"reference": self.reference},
                )

    @property
    def sort_key(self) -> tuple[int, dt.date]:
        if self.date is not None:
            return (0, self.date)
        if self.year is not None:
            return (0, dt.date(self.year, 12, 31))
        return (1, dt.date.min)

    @property
    def display_date(self) -> str:
        if self.date:
            return format_date(self.date)
        # Editors write '(afgeleid)' (inferred); citizens read 'geschat', which the page Methode
        # explains once (#geschat). A closing remark in parentheses follows a comma instead:
        # pages often put the date itself in parentheses, and '(najaar 2019 (geschat))' is hard
        # to read.
        text = (self.date_text or "onbekend").replace("(afgeleid)", "(geschat)")
        return re.sub(r"\s*\(([^()]*)\)$", r", \1", text)

    @property
    def estimated_date(self) -> bool:
        """The date shown is an estimate from what the text tells, not a date it gives."""
        return self.date is None and "(afgeleid)" in (self.date_text or "")


class Measure(Strict):
    """A measure, plan, pilot, programme, law proposal, study or organisational change."""

    id: Id
    title: Text = Field(description="Korte titel van de maatregel.")
    kind: MeasureKind = Field(default="maatregel", description="Soort maatregel.")
    summary: Markdown = Field(description="Wat de maatregel inhoudt, in gewone taal (Markdown).")
    themes: list[Id] = Field(min_length=1, description="Thema-ids uit data/themes.yaml.")
    subjects: list[Id] = _subjects()
    actors: list[Id] = Field(
        default_factory=list, description="Verantwoordelijke actoren (ids uit data/actors.yaml)."
    )
    parent: Id | None = Field(default=None, description="Id van de overkoepelende maatregel.")
    source: Citation = Field(description="Waar de maatregel wordt aangekondigd.")
    status_history: list[StatusEntry] = Field(
        min_length=1, description="Statussen volgens de documenten, oudste eerst."
    )
    deadline: Term | None = Field(default=None, description="Genoemde termijn, als die er is.")
    related_measures: list[Id] = Field(default_factory=list, description="Verwante maatregelen.")
    notes: Markdown | None = Field(default=None, description="Opmerkingen van de redactie.")
    former_ids: list[Id] = _former_ids()


class Motion(Strict):
    """A motion, amendment or committee request, and what became of it."""

    id: Id
    title: Text = Field(description="Korte titel, bv. 'Motie-Jansen over wijkagenten'.")
    kind: MotionKind = Field(description="motie, verzoek (commissieverzoek) of amendement.")
    submitters: list[Submitter] = Field(
        default_factory=list, description="Indieners, als de tekst ze noemt."
    )
    date: dt.date | None = Field(default=None, description="Datum, als de tekst die geeft.")
    date_note: LongText | None = Field(
        default=None, description="Verplicht als `date` leeg is: wat de tekst wel zegt."
    )
    reference: Text | None = Field(
        default=None, description="Kamerstuknummer zoals de tekst het geeft."
    )
    asks: Markdown = Field(
        description="Wat er gevraagd wordt, of dat de tekst dat niet zegt (Markdown)."
    )
    vote: Vote = Field(default="onbekend", description="Uitkomst van de stemming.")
    source: Citation = Field(description="Waar het document de motie of het verzoek noemt.")
    response: Markdown | None = Field(
        default=None, description="Reactie van de regering in eigen woorden; bewijs in de historie."
    )
    status_history: list[StatusEntry] = Field(
        min_length=1, description="Uitvoeringsstatus volgens de documenten, oudste eerst."
    )
    measures: list[Id] = Field(
        default_factory=list,
        description="Maatregelen waarmee de regering de motie uitvoert, of waar die over gaat. "
        "Het verzoek van de Kamer en het werk van de regering zijn twee records; deze koppeling "
        "zegt hoe ze samenhangen.",
    )
    themes: list[Id] = Field(default_factory=list, description="Thema-ids.")
    subjects: list[Id] = _subjects()
    actors: list[Id] = Field(default_factory=list, description="Wie wordt gevraagd iets te doen.")
    notes: Markdown | None = Field(default=None, description="Opmerkingen van de redactie.")
    former_ids: list[Id] = _former_ids()

    @model_validator(mode="after")
    def _rules(self) -> Motion:
        if self.date is None and self.date_note is None:
            raise PydanticCustomError(
                "E208", "'date' is leeg, maar 'date_note' ontbreekt; zeg wat de tekst geeft", {}
            )
        return self


class Commitment(Strict):
    """A toezegging: a promise to the House ("ik informeer uw Kamer dit najaar")."""

    id: Id
    title: Text = Field(description="Korte titel van de toezegging.")
    who: Text = Field(description="Wie de toezegging doet, zoals de tekst dat zegt.")
    actors: list[Id] = Field(default_factory=list, description="Actor-ids van wie het toezegt.")
    what: Markdown = Field(description="Wat er is toegezegd (Markdown).")
    term: Term | None = Field(default=None, description="Genoemde termijn, als die er is.")
    source: Citation = Field(description="Waar de toezegging wordt gedaan.")
    status_history: list[StatusEntry] = Field(
        min_length=1, description="Stand van de toezegging volgens de documenten, oudste eerst."
    )
    fulfilled_by: list[Id] = Field(
        default_factory=list, description="Documenten die de toezegging (deels) nakomen."
    )
    measures: list[Id] = Field(
        default_factory=list, description="Maatregelen waar de toezegging over gaat."
    )
    themes: list[Id] = Field(default_factory=list, description="Thema-ids.")
    subjects: list[Id] = _subjects()
    notes: Markdown | None = Field(default=None, description="Opmerkingen van de redactie.")
    former_ids: list[Id] = _former_ids()


# --- vocabularies: one file each, a list of items ---------------------------------------------


class Status(Strict):
    id: Id
    label: Text = Field(description="Nederlandse naam zoals de site die toont.")
    definition: LongText = Field(description="Wanneer deze status geldt.")
    final: StrictBool = Field(description="true als er na deze status niets meer verandert.")
    applies_to: list[RecordKind] = Field(min_length=1, description="Voor welke soorten records.")
    kinds: list[MeasureKind] = Field(
        default_factory=list,
        description="Alleen voor maatregelen van deze soorten (bv. [wetgeving]); leeg: voor elke "
        "soort maatregel.",
    )
    lifecycle: list[Lifecycle] = Field(
        default_factory=list,
        description="De levensloop (wetsvoorstel, verdrag, onderzoek) waarin deze status een stap "
        "is; de stappen staan in de volgorde van dit bestand.",
    )
    public: Id | None = Field(
        default=None,
        description="De algemene status waarmee deze status meetelt in grafieken en tellingen, "
        "bv. 'in-voorbereiding'; leeg: de status telt als zichzelf.",
    )


class Theme(Strict):
    id: Id
    label: Text = Field(description="Naam van het thema zoals de site die toont.")
    kind: ThemeKind = Field(description="Soort thema; kaders uit documenten zijn geen 'onderwerp'.")
    document: Id | None = Field(default=None, description="Document waaruit dit kader komt.")
    code: Annotated[str, StringConstraints(max_length=10)] | None = Field(
        default=None, description="Nummer of letter in het document, bv. 'A', 'III', '3'."
    )
    parent: Id | None = Field(default=None, description="Id van het overkoepelende thema.")
    description: Markdown | None = Field(default=None, description="Toelichting (Markdown).")
    source: Citation | None = Field(default=None, description="Citaat dat het kader noemt.")


class Subject(Strict):
    """A subject a citizen looks for (drugs, ports, money laundering), beside the themes, which
    follow the headings of the source documents."""

    id: Id
    name: Text = Field(description="Naam van het onderwerp zoals de site die toont, bv. 'Drugs'.")
    description: LongText = Field(description="Wat onder dit onderwerp valt, in gewone taal.")
    keywords: list[Text] = Field(
        min_length=1,
        description="Woorden of het begin van woorden (kleine letters; een afkorting in "
        "hoofdletters telt alleen zo geschreven) waarvan er één in de titel, de samenvatting of "
        "een citaat moet staan van elk record met dit onderwerp.",
    )

    def evidence(self, text: str) -> list[str]:
        """The keywords found in `text`, each at the start of a word: 'haven' finds 'havens' and
        'haven', not 'jachthaven' (compounds are keywords of their own)."""
        lower = text.lower()
        found = []
        for word in self.keywords:
            hay, needle = (text, word) if word.isupper() else (lower, word.lower())
            if re.search(r"(?<!\w)" + re.escape(needle), hay):
                found.append(word)
        return found


class Actor(Strict):
    id: Id
    name: Text = Field(description="Volledige naam.")
    abbreviation: Text | None = Field(default=None, description="Gangbare afkorting, bv. 'OM'.")
    kind: ActorKind = Field(description="Soort actor.")
    description: Markdown | None = Field(default=None, description="Toelichting (Markdown).")


class GlossaryEntry(Strict):
    id: Id
    term: Text = Field(description="De afkorting of term zoals die in de tekst staat.")
    expansion: Text = Field(description="Uitgeschreven vorm.")
    basis: GlossaryBasis = Field(
        description="'uit-de-bron' als een brontekst de afkorting uitschrijft, anders "
        "'algemeen-bekend'."
    )
    source: Citation | None = Field(
        default=None, description="Citaat dat de afkorting uitschrijft (bij 'uit-de-bron')."
    )
    description: Markdown | None = Field(default=None, description="Toelichting (Markdown).")

    @model_validator(mode="after")
    def _rules(self) -> GlossaryEntry:
        if self.basis == "uit-de-bron" and self.source is None:
            raise PydanticCustomError(
                "E208",
                "bij basis 'uit-de-bron' hoort 'source': het citaat dat de term uitschrijft",
                {},
            )
        return self


class CoverageSection(Strict):
    """A heading of a source text, with the headings under it, as the text gives them."""

    heading: Text = Field(
        description="De kop zoals die in de brontekst staat (regels samengevoegd)."
    )
    subsections: list[Text] = Field(
        default_factory=list, description="Koppen daaronder, in de volgorde van de tekst."
    )


class CoverageNote(Strict):
    """Why a paragraph of a source text holds nothing to record."""

    anchor: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=8, max_length=200)
    ] = Field(description="Een kort letterlijk stuk van de alinea (uniek genoeg om die te vinden).")
    reason: LongText = Field(
        description="Waarom de alinea geen maatregel, motie of toezegging bevat."
    )


class CoverageDocument(Strict):
    """The structure of one source text for the coverage report, and its paragraphs without
    records (data/coverage.yaml, one item per source document)."""

    document: Id = Field(description="Id van het brondocument (een bestand in data/documents).")
    sections: list[CoverageSection] = Field(
        default_factory=list, description="De koppen van de tekst, in volgorde."
    )
    no_records: list[CoverageNote] = Field(
        default_factory=list,
        description="Alinea's zonder iets om vast te leggen, elk met de reden.",
    )


# Editorial files beside the vocabularies: read by their own stage, not part of the dataset's
# records (data/coverage.yaml is read by `coverage`).
COVERAGE_FILE = "coverage.yaml"


# The record kinds that live one per file, by folder, and the vocabularies, by file name.
RECORD_FOLDERS: dict[str, type[Strict]] = {
    "documents": Document,
    "measures": Measure,
    "motions": Motion,
    "commitments": Commitment,
}
VOCABULARY_FILES: dict[str, type[Strict]] = {
    "statuses.yaml": Status,
    "themes.yaml": Theme,
    "subjects.yaml": Subject,
    "actors.yaml": Actor,
    "glossary.yaml": GlossaryEntry,
}
RECORD_KIND = {Measure: "measure", Motion: "motion", Commitment: "commitment"}

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def format_date(value: dt.date) -> str:
    """Dutch long form: 28 augustus 2024."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


# --- the dataset ------------------------------------------------------------------------------


Tracked = Measure | Motion | Commitment


@dataclass
class Dataset:
    """All records, validated, with the queries pages need. Build it with `validate_dataset`."""

    documents: dict[str, Document] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    motions: dict[str, Motion] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    statuses: dict[str, Status] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    # data/coverage.yaml: the structure of each source text and its paragraphs without records.
    coverage: dict[str, CoverageDocument] = field(default_factory=dict)
    # Where each record came from, relative to the repository: for edit links and messages.
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    # Position of each vocabulary item in its file's list, to point messages at it.
    item_index: dict[tuple[str, str], int] = field(default_factory=dict)

    def path_of(self, group: str, record_id: str) -> str:
        return self.paths[(group, record_id)]

    def keypath_of(self, group: str, record_id: str) -> tuple[int, ...]:
        """Where a record starts inside its file: () for a record file, (i,) for a list item."""
        index = self.item_index.get((group, record_id))
        return () if index is None else (index,)

    def citations(self) -> Iterator[tuple[str, str, tuple[str | int, ...], Citation]]:
        """Every citation in the data as (group, record id, key path in the file, citation)."""
        for doc in self.documents.values():
            if doc.date_source:
                yield "documents", doc.id, ("date_source",), doc.date_source
            if doc.kamerstuk is not None and doc.kamerstuk.source is not None:
                yield "documents", doc.id, ("kamerstuk", "source"), doc.kamerstuk.source
            if doc.reference_source:
                yield "documents", doc.id, ("reference_source",), doc.reference_source
            for i, cit in enumerate(doc.cited_in):
                yield "documents", doc.id, ("cited_in", i), cit
        for group, records in self.tracked_groups():
            for rec in records:
                if rec.source is not None:  # None only in what validation salvages
                    yield group, rec.id, ("source",), rec.source
                for i, entry in enumerate(rec.status_history):
                    yield group, rec.id, ("status_history", i), entry
                if isinstance(rec, Measure) and rec.deadline is not None:
                    yield group, rec.id, ("deadline",), rec.deadline
                if isinstance(rec, Commitment) and rec.term is not None:
                    yield group, rec.id, ("term",), rec.term
        for group, items in (("themes.yaml", self.themes), ("glossary.yaml", self.glossary)):
            for item in items.values():
                if item.source is not None:
                    yield group, item.id, (*self.keypath_of(group, item.id), "source"), item.source

    def tracked_groups(self) -> list[tuple[str, list[Tracked]]]:
        return [
            ("measures", list(self.measures.values())),
            ("motions", list(self.motions.values())),
            ("commitments", list(self.commitments.values())),
        ]

    def current_status(self, record: Tracked) -> StatusEntry:
        return record.status_history[-1]

    def status_date(self, entry: Citation) -> str:
        return self.documents[entry.document].display_date

    def sorted_documents(self, kinds: Iterable[str] | None = None) -> list[Document]:
        docs = [d for d in self.documents.values() if kinds is None or d.kind in set(kinds)]
        return sorted(docs, key=lambda d: (d.sort_key, d.id))

    @cached_property
    def _reverse(self) -> dict[str, dict[str, list[str]]]:
        """Links stored on one side only, indexed from the other side."""
        rev: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for m in self.measures.values():
            if m.parent:
                rev["children"][m.parent].append(m.id)
            for other in m.related_measures:
                rev["related"][other].append(m.id)
            for t in m.themes:
                rev["theme_measures"][t].append(m.id)
            for t in m.subjects:
                rev["subject_measures"][t].append(m.id)
            for a in m.actors:
                rev["actor_measures"][a].append(m.id)
        for kind, records in (("motion", self.motions), ("commitment", self.commitments)):
            for r in records.values():
                for mid in r.measures:
                    rev[f"measure_{kind}s"][mid].append(r.id)
                for t in r.themes:
                    rev[f"theme_{kind}s"][t].append(r.id)
                for t in r.subjects:
                    rev[f"subject_{kind}s"][t].append(r.id)
                for a in r.actors:
                    rev[f"actor_{kind}s"][a].append(r.id)
        for group, tracked in self.tracked_groups():
            for rec in tracked:
                cited = {rec.source.document} | {e.document for e in rec.status_history}
                for doc in cited:
                    rev[f"document_{group}"][doc].append(rec.id)
        for c in self.commitments.values():
            for doc in c.fulfilled_by:
                rev["document_fulfils"][doc].append(c.id)
        for d in self.documents.values():
            for cit in d.cited_in:
                rev["document_references"][cit.document].append(d.id)
        return rev

    def _ids(self, index: str, key: str) -> list[str]:
        return sorted(set(self._reverse[index].get(key, [])))

    def measures_in_framework(self, theme_id: str) -> list[Measure]:
        """Measures under a theme or any of its parts, at any depth."""
        found: dict[str, Measure] = {}
        todo, seen = [theme_id], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            found.update((m.id, m) for m in self.measures_by_theme(current))
            todo.extend(t.id for t in self.subthemes(current))
        return sorted(found.values(), key=lambda m: (m.title.lower(), m.id))

    def theme_label(self, theme_id: str) -> str:
        """A theme's label, with its document's title when another theme has the same label
        (two documents each have a part 'Internationale samenwerking')."""
        theme = self.themes[theme_id]
        same = [t for t in self.themes.values() if t.label == theme.label]
        if len(same) > 1 and theme.document is not None:
            return f"{theme.label} ({self.documents[theme.document].title})"
        return theme.label

    def public_status(self, status_id: str) -> str:
        """The status a lifecycle step counts as in charts and counts ('ondertekend' →
        'in-voorbereiding'); a general status counts as itself."""
        status = self.statuses.get(status_id)
        return status.public if status is not None and status.public else status_id

    def status_counts(self, records: Iterable[Tracked]) -> list[tuple[str, int]]:
        """How many of `records` have each current public status, in the vocabulary's order:
        each record counts once, a lifecycle step under the status it maps to."""
        counts: dict[str, int] = defaultdict(int)
        for r in records:
            counts[self.public_status(r.status_history[-1].status)] += 1
        return [(s, counts[s]) for s in self.statuses if counts[s]]

    def statuses_for(self, record: Tracked) -> list[Status]:
        """The statuses a record may have: those for its kind of record and, for a measure,
        those for its kind of measure."""
        kind = RECORD_KIND[type(record)]
        measure_kind = record.kind if isinstance(record, Measure) else None
        return [
            s
            for s in self.statuses.values()
            if kind in s.applies_to and (not s.kinds or measure_kind in s.kinds)
        ]

    def lifecycles(self) -> list[tuple[str, list[str], list[Status]]]:
        """Each lifecycle as (name, the measure kinds it is for, its steps in the vocabulary's
        order). The kinds are those every step restricted to some kinds allows: a general step
        such as 'aangekondigd' does not narrow them."""
        steps: dict[str, list[Status]] = {}
        for status in self.statuses.values():
            for cycle in status.lifecycle:
                steps.setdefault(cycle, []).append(status)
        out = []
        for name, chain in steps.items():
            kinds: set[str] | None = None
            for step in chain:
                if step.kinds:
                    kinds = set(step.kinds) if kinds is None else kinds & set(step.kinds)
            out.append((name, sorted(kinds or ()), chain))
        order = list(get_args(Lifecycle))
        return sorted(out, key=lambda item: order.index(item[0]))

    def measures_by_ids(self, ids: Iterable[str]) -> list[Measure]:
        return [self.measures[i] for i in ids]

    def children(self, measure_id: str) -> list[Measure]:
        return [self.measures[i] for i in self._ids("children", measure_id)]

    def related_measures(self, measure: Measure) -> list[Measure]:
        ids = set(measure.related_measures) | set(self._ids("related", measure.id))
        return [self.measures[i] for i in sorted(ids)]

    def motions_for_measure(self, measure_id: str) -> list[Motion]:
        return [self.motions[i] for i in self._ids("measure_motions", measure_id)]

    def commitments_for_measure(self, measure_id: str) -> list[Commitment]:
        return [self.commitments[i] for i in self._ids("measure_commitments", measure_id)]

    def measures_by_theme(self, theme_id: str) -> list[Measure]:
        return [self.measures[i] for i in self._ids("theme_measures", theme_id)]

    def motions_by_theme(self, theme_id: str) -> list[Motion]:
        return [self.motions[i] for i in self._ids("theme_motions", theme_id)]

    def commitments_by_theme(self, theme_id: str) -> list[Commitment]:
        return [self.commitments[i] for i in self._ids("theme_commitments", theme_id)]

    def records_by_subject(self, subject_id: str) -> list[Tracked]:
        """The measures, motions and commitments of a subject, in that order, each by title."""
        out: list[Tracked] = []
        for kind, table in (
            ("measures", self.measures),
            ("motions", self.motions),
            ("commitments", self.commitments),
        ):
            ids = self._ids(f"subject_{kind}", subject_id)
            out.extend(sorted((table[i] for i in ids), key=lambda r: (r.title.lower(), r.id)))
        return out

    def subject_names(self, record: Tracked) -> list[tuple[str, str]]:
        """A record's subjects as (id, name), known ones only."""
        return [(s, self.subjects[s].name) for s in record.subjects if s in self.subjects]

    def measures_by_actor(self, actor_id: str) -> list[Measure]:
        return [self.measures[i] for i in self._ids("actor_measures", actor_id)]

    def motions_by_actor(self, actor_id: str) -> list[Motion]:
        return [self.motions[i] for i in self._ids("actor_motions", actor_id)]

    def commitments_by_actor(self, actor_id: str) -> list[Commitment]:
        return [self.commitments[i] for i in self._ids("actor_commitments", actor_id)]

    def measures_in_document(self, document_id: str) -> list[Measure]:
        return [self.measures[i] for i in self._ids("document_measures", document_id)]

    def measures_announced_in(self, document_id: str) -> list[Measure]:
        """Measures whose source is this document, as opposed to those it reports on."""
        return [
            m for m in self.measures_in_document(document_id) if m.source.document == document_id
        ]

    def motions_in_document(self, document_id: str) -> list[Motion]:
        return [self.motions[i] for i in self._ids("document_motions", document_id)]

    def commitments_in_document(self, document_id: str) -> list[Commitment]:
        return [self.commitments[i] for i in self._ids("document_commitments", document_id)]

    def commitments_fulfilled_by(self, document_id: str) -> list[Commitment]:
        return [self.commitments[i] for i in self._ids("document_fulfils", document_id)]

    def references_cited_in(self, document_id: str) -> list[Document]:
        return [self.documents[i] for i in self._ids("document_references", document_id)]

    def themes_of_document(self, document_id: str) -> list[Theme]:
        return [t for t in self.themes.values() if t.document == document_id]

    def subthemes(self, theme_id: str) -> list[Theme]:
        return [t for t in self.themes.values() if t.parent == theme_id]

    def glossary_terms(self) -> list[GlossaryEntry]:
        return sorted(self.glossary.values(), key=lambda g: g.term.lower())
