"""Diagnostics: where a problem is, what it is, and how an editor fixes it.

Every stage reports problems as `Diagnostic` values instead of raising, so one run can list all of
them. This module holds the stable list of error codes (`CODES`: one entry per code, with its
Dutch title, explanation and fix); the site's error-code page and a test are generated from it.
Messages and hints are Dutch, for the editors, in plain words (no parser jargon); the codes are
stable. It must not import anything else of ours.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the values are GitHub's annotation levels
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The word editors read in a message."""
        return "fout" if self is Severity.ERROR else "waarschuwing"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a data file. `line` and `col` are 1-based; 0 means "not known"."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        path = _printable(self.path)
        if self.line:
            return f"{path}:{self.line}:{self.col or 1}"
        return path


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _printable(text: str) -> str:
    """Control characters shown as escapes (`\\n`): a file name or value from a pull request
    must not break one diagnostic into several lines, or forge one."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    location: Location
    hint: str = ""
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.col, self.code, self.message)

    def format(self) -> str:
        """The compiler form editors and tools jump to: `file:line:col: fout CODE: msg; hint`."""
        text = f"{self.location}: {Severity(self.severity).label} {self.code}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return _printable(text)

    def format_github(self) -> str:
        """The form GitHub Actions turns into an annotation on a pull request's diff."""
        loc = self.location
        # Escaped as GitHub's toolkit does (escapeProperty): a file name with a newline or '::'
        # must not start a workflow command of its own.
        path = loc.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        props = [f"file={path.replace(':', '%3A').replace(',', '%2C')}"]
        if loc.line:
            props += [f"line={loc.line}", f"col={loc.col or 1}"]
        props.append(f"title={self.code}")
        body = self.message + (f"; {self.hint}" if self.hint else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} {','.join(props)}::{body}"


class MonitorError(Exception):
    """Raised when data cannot be turned into a site; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__(format_report(self.diagnostics))


def format_report(diagnostics: Iterable[Diagnostic]) -> str:
    diags = sorted(diagnostics, key=Diagnostic.sort_key)
    lines = [d.format() for d in diags]
    errors = sum(1 for d in diags if d.severity == Severity.ERROR)
    lines.append(f"{count(errors, 'fout', 'fouten')} gevonden in de gegevens.")
    return "\n".join(lines)


def count(n: int, one: str, many: str) -> str:
    """'1 fout', '3 fouten'."""
    return f"{n} {one if n == 1 else many}"


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """A hint naming the closest allowed value, or '' when nothing is close."""
    if not isinstance(value, str):
        return ""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"bedoelde u '{match[0]}'?" if match else ""


# Up to this many allowed values are listed in a message; more are a list to look up.
SMALL_SET = 12


def choose_from(choices: Iterable[str], limit: int = SMALL_SET) -> str:
    """'kies uit a, b, c' in the given order (a vocabulary's own order means something), or ''
    when there are more than `limit` values."""
    items = list(dict.fromkeys(choices))
    return f"kies uit {', '.join(items)}" if 0 < len(items) <= limit else ""


def expected_one_of(choices: Iterable[str], limit: int = SMALL_SET) -> str:
    """'kies uit a, b, c', sorted, with '… (N meer)' past `limit` values."""
    items = sorted(set(choices))
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += f", … ({len(items) - limit} meer)"
    return f"kies uit {shown}"


def join_hints(*hints: str) -> str:
    """The non-empty hints, in order, as one: 'kies uit a, b; bedoelde u 'a'?'."""
    return "; ".join(h for h in hints if h)


@dataclass(frozen=True)
class Code:
    """One entry of the catalogue; all of it Dutch, shown on the site's page Foutcodes."""

    code: str
    title: str
    explanation: str
    fix: str


# The stable list of codes. Never renumber: editors search for these. A new code is one entry
# here, at the end of its group; its messages are written where the problem is found.
CODES: dict[str, Code] = {
    c.code: c
    for c in [
        # E1xx: the file itself
        Code(
            "E100",
            "bestand niet leesbaar",
            "Het bestand is geen geldige UTF-8-tekst of kan niet worden gelezen.",
            "Sla het bestand op als UTF-8 (zonder byte-order mark) en controleer de "
            "tekens op de genoemde plek.",
        ),
        Code(
            "E101",
            "fout in de YAML-opmaak",
            "De YAML-opmaak klopt niet: bijvoorbeeld een niet-gesloten aanhalingsteken, "
            "een tab als inspringing of een verkeerde inspringing.",
            "Kijk op de genoemde regel en de regel erboven; spring in met spaties, nooit met tabs.",
        ),
        Code(
            "E102",
            "sleutel staat er twee keer",
            "Dezelfde sleutel staat twee keer in één mapping; de tweede zou de eerste "
            "stilzwijgend overschrijven.",
            "Verwijder of hernoem een van de twee.",
        ),
        Code(
            "E103",
            "leeg bestand",
            "Het bestand bevat geen gegevens.",
            "Vul het record in of verwijder het bestand.",
        ),
        Code(
            "E104",
            "meer dan één YAML-document in een bestand",
            "Eén bestand mag maar één YAML-document bevatten (één record per bestand).",
            "Verwijder de scheidingsregel `---` of splits de records over bestanden.",
        ),
        Code(
            "E105",
            "verkeerde vorm van het bestand",
            "Een recordbestand moet een mapping (sleutel: waarde) zijn; een "
            "vocabulairebestand een lijst van items.",
            "Begin het bestand met de velden van het record, zoals in het sjabloon.",
        ),
        Code(
            "E106",
            "onverwacht bestand",
            "Dit bestand hoort niet in `data/`: onbekende map of extensie.",
            "Gebruik de extensie `.yaml` en een van de mappen `documents`, `measures`, "
            "`motions` of `commitments`.",
        ),
        Code(
            "E107",
            "YAML-onderdeel niet toegestaan",
            "Tags (zoals `!!python/object`), ankers en aliassen zijn niet toegestaan: "
            "gegevens moeten zonder verrassingen leesbaar zijn.",
            "Schrijf de waarde gewoon uit.",
        ),
        Code(
            "E108",
            "bestand te groot of te diep genest",
            "Het bestand is groter of dieper genest dan een record ooit hoeft te zijn.",
            "Splits het record of verwijder de overbodige nesting.",
        ),
        # E2xx: one record against the schema
        Code(
            "E200",
            "verplicht veld ontbreekt",
            "Een verplicht veld ontbreekt.",
            "Voeg het veld toe; zie de veldenlijst op de pagina Bijdragen.",
        ),
        Code(
            "E201",
            "onbekend veld",
            "Dit veld bestaat niet in het schema, vaak door een tikfout.",
            "Controleer de spelling; de melding noemt het dichtstbijzijnde bestaande veld.",
        ),
        Code(
            "E202",
            "verkeerd soort waarde",
            "De waarde heeft het verkeerde type, bijvoorbeeld een lijst waar tekst wordt verwacht.",
            "Gebruik het type dat de melding noemt.",
        ),
        Code(
            "E203",
            "waarde niet toegestaan",
            "De waarde staat niet in de lijst van toegestane waarden.",
            "Kies een van de genoemde waarden.",
        ),
        Code(
            "E204",
            "ongeldige datum",
            "Een datum moet als ISO-datum (JJJJ-MM-DD) worden geschreven en moet bestaan.",
            "Schrijf bijvoorbeeld `2024-08-28`. Is de datum onbekend, laat het veld dan "
            "leeg en leg in de toelichting uit waarom.",
        ),
        Code(
            "E205",
            "ongeldig id",
            "Een id bestaat uit kleine letters, cijfers en koppeltekens (kebab-case).",
            "Schrijf bijvoorbeeld `afpakken-zonder-veroordeling`.",
        ),
        Code(
            "E206",
            "tekst leeg of te lang",
            "Een tekstveld is leeg, of langer dan toegestaan (een citaat hoort kort te zijn).",
            "Vul de tekst in of kort het citaat in tot het bewijzende deel.",
        ),
        Code(
            "E207",
            "ongeldig webadres",
            "Een adres moet met `https://` of `http://` beginnen.",
            "Neem alleen adressen op die uit de bron volgen.",
        ),
        Code(
            "E208",
            "toelichting ontbreekt",
            "Een veld is leeg gelaten (bijvoorbeeld een onbekende datum) zonder toelichting.",
            "Vul het veld in, of schrijf in de toelichting waarom het onbekend is.",
        ),
        Code(
            "E209",
            "onzichtbaar stuurteken",
            "Een tekst bevat een teken dat je niet ziet: een stuurteken, een teken dat de "
            "leesrichting omdraait (U+202E), een spatie zonder breedte (U+200B), een "
            "bytevolgordeteken midden in de tekst (U+FEFF) of een regel- of alinea-scheiding "
            "(U+2028, U+2029). Daarmee ziet een tekst er anders uit dan hij is, of lijken twee "
            "teksten gelijk terwijl zoeken, afkortingen en citaten ze niet als gelijk vinden. "
            "Geen bron en geen record heeft zo'n teken nodig. Wel toegestaan: het zachte "
            "afbreekstreepje (U+00AD), dat aangeeft waar een lang woord mag worden afgebroken, "
            "en de vaste spatie (U+00A0, U+202F).",
            "Verwijder het teken; de melding noemt welk teken en waar het staat. Een "
            "regelovergang schrijf je als gewone nieuwe regel.",
        ),
        # E3xx: records against each other
        Code(
            "E300",
            "id past niet bij de bestandsnaam",
            "Het id van een record moet gelijk zijn aan de bestandsnaam zonder `.yaml`.",
            "Hernoem het bestand of pas het id aan. Een gepubliceerd id verandert nooit.",
        ),
        Code(
            "E301",
            "id komt twee keer voor",
            "Twee records of vocabulaire-items hebben hetzelfde id.",
            "Geef een van beide een ander id.",
        ),
        Code(
            "E302",
            "verwijzing naar iets dat niet bestaat",
            "Een verwijzing naar een ander record (document, maatregel, thema, actor, status) "
            "wijst naar een id dat niet bestaat.",
            "Controleer de spelling of voeg het ontbrekende record toe.",
        ),
        Code(
            "E303",
            "status past niet bij dit soort record",
            "Elke status geldt voor bepaalde soorten records (zie `data/statuses.yaml`). De "
            "stappen van een wetsvoorstel, verdrag of onderzoek gelden alleen voor maatregelen "
            "van die soort (`kinds`): 'ondertekend' is voor een verdrag, niet voor een "
            "wetsvoorstel. Een stap telt mee als een algemene status (`public`), niet als een "
            "andere stap.",
            "Kies een status die voor dit soort record bedoeld is; de melding noemt welke. Klopt "
            "de status wel, controleer dan `kind` van de maatregel.",
        ),
        Code(
            "E304",
            "citaat uit een document zonder brontekst",
            "Citaten moeten komen uit een document waarvan de brontekst beschikbaar is; "
            "referenties (documenten die alleen genoemd worden) hebben die niet.",
            "Citeer het document waarin de passage staat.",
        ),
        Code(
            "E305",
            "record verwijst naar zichzelf",
            "Een maatregel kan niet zijn eigen onderdeel zijn.",
            "Controleer het veld `parent`.",
        ),
        Code(
            "E306",
            "statusgeschiedenis niet op volgorde",
            "De statusgeschiedenis moet chronologisch zijn: elk document is even oud of "
            "nieuwer dan het vorige.",
            "Zet de items in volgorde van de datum van het document.",
        ),
        Code(
            "E307",
            "vroeger id nog in gebruik",
            "Een id onder `former_ids` is een vroeger id van dit record; het oude adres verwijst "
            "door naar de nieuwe pagina. Dat kan niet als een ander record van dezelfde soort dat "
            "id nu draagt, of als twee records hetzelfde vroegere id noemen.",
            "Verwijder het id uit `former_ids`, of laat het bij het record dat het echt droeg. "
            "Een gepubliceerd id wordt nooit opnieuw gebruikt.",
        ),
        Code(
            "E308",
            "twee records op één citaat",
            "Twee records van dezelfde soort hebben precies hetzelfde citaat als bron. Dan telt "
            "één aankondiging twee keer mee in de overzichten en grafieken. Dat mag alleen als het "
            "ene record een onderdeel is van het andere (`parent`).",
            "Noemt één zin twee dingen, laat dan elk record het deel citeren dat zijn eigen "
            "onderwerp noemt. Gaat het om één ding, voeg de records samen en zet het id van het "
            "vervallen record onder `former_ids`: het oude adres blijft dan werken.",
        ),
        Code(
            "E320",
            "Kamerstuk of kenmerk zonder citaat",
            "Een Kamerstuknummer of kenmerk wordt op de site getoond en naar de officiële "
            "publicatie gelinkt; dat mag alleen als een brontekst het nummer geeft.",
            "Geef het citaat waarin het nummer staat (`kamerstuk.source` of `reference_source`), "
            "of laat het veld weg.",
        ),
        # E4xx: data against the source texts
        Code(
            "E400",
            "citaat niet gevonden in de bron",
            "Het citaat komt niet letterlijk voor in de brontekst van het genoemde document.",
            "Kopieer het citaat letterlijk uit de bron; witruimte en afbrekingen aan het "
            "eind van een regel tellen niet mee.",
        ),
        Code(
            "E401",
            "brontekst ontbreekt",
            "Het bronbestand van een document is niet gevonden in de map met bronteksten.",
            "Controleer het veld `source_text` van het document.",
        ),
        Code(
            "E402",
            "kop niet gevonden in de brontekst",
            "Een kop in `data/coverage.yaml` staat niet in de brontekst van het document, of "
            "niet na de koppen die ervoor genoemd zijn.",
            "Neem de kop letterlijk over uit de brontekst en noem de koppen in de volgorde van "
            "de tekst.",
        ),
        Code(
            "E403",
            "alinea niet gevonden in de brontekst",
            "Het stukje tekst (`anchor`) waarmee `data/coverage.yaml` een alinea aanwijst, "
            "staat in geen enkele alinea van de brontekst.",
            "Kopieer een kort stuk letterlijk uit de alinea, binnen die ene alinea.",
        ),
        Code(
            "E410",
            "citaat loopt over een kop heen",
            "Het citaat staat wel in de brontekst, maar loopt over een kop heen: het begint in "
            "de ene paragraaf en eindigt in de kop of de tekst eronder. Een citaat bewijst alleen "
            "iets als het uit één stuk tekst komt.",
            "Kort het citaat in tot het deel binnen één alinea (of alleen de kop). Verander geen "
            "woorden. De melding noemt de kop en de regel in de brontekst.",
        ),
        Code(
            "E411",
            "citaat loopt over een opsommingsteken heen",
            "Het citaat loopt van de ene opsomming (•, 1., A., I.) door in de volgende, of van "
            "de inleidende zin in de opsomming.",
            "Citeer één punt van de opsomming, of alleen de inleidende zin. De melding noemt het "
            "opsommingsteken en de regel in de brontekst.",
        ),
        Code(
            "E412",
            "citaat loopt over paginaopmaak heen",
            "Het citaat loopt over paginaopmaak heen: een herhaalde briefkop (Datum, Onze "
            "referentie), een voetnoot of een scheidingslijn die in de tekstversie tussen twee "
            "stukken tekst staat.",
            "Kort het citaat in tot het deel vóór of na de onderbreking. Plak de twee delen niet "
            "aan elkaar: dat staat zo niet in de bron.",
        ),
        Code(
            "E413",
            "weglatingsteken in een citaat",
            "Een citaat mag geen weglatingsteken ('...' of '…') bevatten: weggelaten woorden "
            "maken van een citaat een bewerking.",
            "Citeer één aaneengesloten stuk uit de bron: het kortste deel dat de bewering bewijst.",
        ),
    ]
}
