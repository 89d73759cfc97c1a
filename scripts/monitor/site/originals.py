"""To the originals: official addresses of documents, and links to the exact place of a quote.

Pure functions from identifiers and texts to URLs and anchors; the pages use them, the link
checker checks what they make. Nothing here guesses an address: a Kamerstuk gets the address the
official publications site gives it by a fixed scheme, any other document only a search link.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# The official publications site of the Dutch government (KOOP). Its addresses follow a fixed
# public scheme, checked when this was written on published pages and their documentation:
# - a Kamerstuk is `kst-{dossier}-{number}.html`, e.g. https://zoek.officielebekendmakingen.nl/
#   kst-34700-19.html (dossier 34 700, nr. 19); a dossier with a suffix (a budget chapter)
#   writes it after a hyphen, `kst-36560-VI-15`, as overheid.nl's help page "Zoeken in
#   parlementaire documenten" writes dossier numbers ("geen spatie tussen de vijf cijfers. Na de
#   vijf cijfers volgt een minteken bij ... achtervoegsels") and openkamer.org builds its links;
# - a search is `resultaten?q=…`; words in double quotes are searched as an exact phrase (the
#   same help page: "U zoekt op een exact zinsdeel door rond het zinsdeel dubbele aanhalingstekens
#   te plaatsen").
OFFICIAL_SITE = "https://zoek.officielebekendmakingen.nl"
OFFICIAL_SITE_NAME = "officielebekendmakingen.nl"


def kamerstuk_url(dossier: str, number: int) -> str:
    """The official address of Kamerstuk `dossier`, nr. `number` ('29911', 167)."""
    return f"{OFFICIAL_SITE}/kst-{quote(dossier, safe='')}-{number}.html"


def search_url(title: str) -> str:
    """A search on the official publications site for exactly this title."""
    phrase = '"' + " ".join(title.replace('"', " ").split()) + '"'
    return f"{OFFICIAL_SITE}/resultaten?q={quote(phrase, safe='')}"


def section_anchor(section: str) -> str:
    """The id of a section's part of a document page: 'onderdeel-' and the section's name in
    lowercase letters and digits, hyphens between words. Stable as long as the name is; the
    name is what the quotes give as `section`, so every quote of one section lands on one id."""
    plain = unicodedata.normalize("NFKD", section).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return "onderdeel-" + ("-".join(words)[:80].rstrip("-") or "zonder-naam")


# The first words of a quote make its text fragment: enough to be found only once on a page,
# few enough that a difference later in the passage (a footnote mark, a line break in the
# original) does not make the browser miss it.
FRAGMENT_WORDS = 8


def text_fragment(quote_text: str, words: int = FRAGMENT_WORDS) -> str:
    """`:~:text=` with the quote's first words, for after a URL's '#' (or after an anchor): the
    browser scrolls to the passage and highlights it; one that does not know text fragments, or
    does not find the words, ignores it. Percent-encoded as the URL Fragment Text Directives
    spec asks: everything but letters, digits and `_.~`, and also `-`, `&` and `,`, which the
    directive's syntax uses."""
    start = " ".join(quote_text.split()[:words])
    return ":~:text=" + quote(start, safe="").replace("-", "%2D")


def split_fragment(fragment: str) -> tuple[str, str]:
    """A URL fragment as (anchor, directive): 'x:~:text=a' → ('x', 'text=a'); no directive → ''."""
    anchor, _, directive = fragment.partition(":~:")
    return anchor, directive
