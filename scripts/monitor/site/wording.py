"""Wording: counted nouns in Dutch, singular or plural by the number ('1 maatregel', '2
maatregelen'), for templates (the `counted` filter) and code alike.

Every noun the site counts is listed here with its plural, so that a template writes
`{{ n|counted("maatregel") }}` and never chooses the form itself; tests/browser/test_citizen.py
scans the built site for a count with the wrong form, using the same list.
"""

from __future__ import annotations

# Singular → plural, for every noun the site puts after a number.
PLURALS: dict[str, str] = {
    "maatregel": "maatregelen",
    "motie": "moties",
    "motie of verzoek": "moties en verzoeken",
    "verzoek": "verzoeken",
    "toezegging": "toezeggingen",
    "document": "documenten",
    "brief": "brieven",
    "citaat": "citaten",
    "onderwerp": "onderwerpen",
    "thema": "thema's",
    "organisatie": "organisaties",
    "status": "statussen",
    "statuswijziging": "statuswijzigingen",
    "signaal": "signalen",
    "alinea": "alinea's",
    "pagina": "pagina's",
    "afkorting": "afkortingen",
    "begrip": "begrippen",
    "wijziging": "wijzigingen",
    "fout": "fouten",
    "bestand": "bestanden",
    "dag": "dagen",
    "week": "weken",
    "maand": "maanden",
    "jaar": "jaar",  # "2 jaar", as Dutch counts years
    "resultaat": "resultaten",
}


def counted(n: int, noun: str) -> str:
    """'1 maatregel', '0 maatregelen', '3 moties en verzoeken'. An unknown noun is a bug in a
    template: it fails the build rather than printing a guessed plural."""
    return f"{n} {noun if n == 1 else PLURALS[noun]}"


def plural(n: int, noun: str) -> str:
    """The noun alone, in the form that goes with `n` (for '… {n} <b>{noun}</b>' layouts)."""
    return noun if n == 1 else PLURALS[noun]


# How the site names the `kind` values of documents, measures and motions (the values in the data
# are short keys for editors; a citizen reads these).
KIND_NAMES: dict[str, str] = {
    # documents
    "kamerbrief": "Kamerbrief",
    "agenda": "agenda",
    "rapport": "rapport",
    "beleidsreactie": "beleidsreactie",
    "referentie": "aangehaald document",
    "wet": "wet",
    "overig": "ander document",
    # measures
    "maatregel": "algemene maatregel",
    "wetgeving": "wetgeving",
    "pilot": "pilot (proef)",
    "programma": "programma",
    "onderzoek": "onderzoek",
    "verkenning": "verkenning",
    "organisatie": "nieuwe of veranderde organisatie",
    "financiering": "financiering",
    "samenwerking": "samenwerking",
    "verdrag": "verdrag",
    # motions
    "motie": "motie",
    "verzoek": "commissieverzoek",
    "amendement": "amendement",
}


def kind_name(kind: str) -> str:
    """The citizen's name of a record's `kind`; an unknown key is shown as it is."""
    return KIND_NAMES.get(kind, kind)


def age_text(days: int) -> str:
    """How long ago, as people say it: 'ruim 2 jaar geleden', '3 maanden geleden', '5 dagen
    geleden' (counting in years, not in hundreds of days)."""
    if days >= 365:
        years, rest = divmod(days, 365)
        return ("ruim " if rest > 30 else "") + counted(years, "jaar") + " geleden"
    if days >= 60:
        months, rest = divmod(days, 30)
        return ("ruim " if rest > 7 else "") + counted(months, "maand") + " geleden"
    return counted(days, "dag") + " geleden"
