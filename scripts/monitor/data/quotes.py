"""Quotes: check that every quote in the data occurs in its source text, within one passage.

The truth rule of the monitor: a quote is only evidence if it stands in the source, word for word.
Matching ignores what a plain-text extraction adds or breaks: runs of white space, words hyphenated
at a line end, Markdown emphasis and footnote markers, and typographic quote marks. A quote must
also stay within one passage: it may not run across a heading, a list marker or page furniture
(a repeated letterhead, a footnote, a rule), and it may not skip words with an ellipsis. The
source texts are plain-text extractions, so headings and furniture are recognised by their shape
(`split_passages`). This module must not decide anything else about the data.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Location
from .model import Dataset

Locate = Callable[[str, tuple[str | int, ...]], Location]

_FOOTNOTE = re.compile(r"<sup>\s*[^<]{0,8}\s*</sup>")
_MARKUP = re.compile(r"[*_#>`]|\\(?=\W)")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})
_BROKEN_WORD = re.compile(r"(?<=\w)-\s+(?=\w)")
_HYPHEN = re.compile(r"(?<=\w)[-‑–](?=\w)")
_SPACE = re.compile(r"\s+")
ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…")


def normalize_text(text: str) -> str:
    """The form in which a quote and its source are compared."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = _FOOTNOTE.sub("", text)
    text = _MARKUP.sub("", text)
    # "ver-\nsterkt" and "anti-witwas" both lose the hyphen, on both sides of the comparison, so
    # a quote matches whether or not the editor re-joined a word the extraction broke.
    text = _BROKEN_WORD.sub("", text)
    text = _HYPHEN.sub("", text)
    return _SPACE.sub(" ", text).strip()


def quote_occurs(quote: str, normalized_source: str) -> bool:
    return normalize_text(quote) in normalized_source


# --- passages: the source text cut at headings, list markers and page furniture ---------------

TEXT, HEADING, FURNITURE = "tekst", "kop", "paginaopmaak"

# Markdown extractions (the 2024 letter): headings and rules are marked up; the letterhead is
# repeated on every page as "**Datum** / date / **Onze referentie** / number".
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_MD_EMPHASIS_LINE = re.compile(r"^\s*(\*{1,2}|_{1,2})(?P<text>[^*_].*?)\1\s*$")
_MD_RULE = re.compile(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$")
_MD_FOOTNOTE = re.compile(r"^\s*<sup>\s*\d+\s*</sup>")
_MD_QUOTE_LINE = re.compile(r"^\s*>")
_LETTERHEAD_LABELS = {"datum", "onze referentie", "uw referentie", "kenmerk", "pagina"}
# Plain-text extractions: a footnote block starts with a long blank rule or with "2 Kamerstuk…"
# after an empty line, and ends where the next page starts (an indented line) or at an empty line.
_FOOTNOTE_RULE = re.compile(r"^[ \t]{12,}$")
_FOOTNOTE_LINE = re.compile(r"^\d{1,2} \S")
_PAGE_REFERENCE = re.compile(r"^\(.*\bpagina \d+\)$")
# A list marker or numbered heading at the start of a line: "•", "1.", "A.", "III.".
_MARKER = re.compile(r"^\s*(?:[•▪◦·]|[-–]\s|(?:\d{1,2}|[IVX]{1,4}|[A-Z])\.\s)")
_BULLET = re.compile(r"^\s*(?:[•▪◦·]|[-–](?=\s))\s*")
# A line that ends a sentence or clause; a heading ends without one of these.
_CLAUSE_END = re.compile(r"[.,;:!\-–(]\s*$")
_UPPER_START = re.compile(r"^\s*[\"'‘“(«]?[A-ZÀ-Ý]")


@dataclass(frozen=True)
class Passage:
    kind: str  # TEXT, HEADING or FURNITURE
    line: int  # 1-based line of the source where it starts
    text: str  # normalized
    first: str  # the first source line, stripped, for messages


@dataclass(frozen=True)
class Crossing:
    """Where a quote that stands in the source runs from one passage into the next."""

    code: str
    what: str  # Dutch, e.g. "de kop 'Werkwijze'"
    line: int


def _is_blank(line: str) -> bool:
    return not line.strip()


def _line_kinds_markdown(lines: list[str]) -> tuple[list[str], list[bool]]:
    kinds: list[str] = []
    starts: list[bool] = []
    after_label = False
    for line in lines:
        start = False
        emphasis = _MD_EMPHASIS_LINE.match(line)
        if _is_blank(line):
            kind = kinds[-1] if kinds else TEXT
        elif after_label:
            kind, after_label = FURNITURE, False
        elif emphasis and emphasis["text"].strip().lower() in _LETTERHEAD_LABELS:
            kind, after_label = FURNITURE, True
        elif _MD_RULE.match(line) or _MD_FOOTNOTE.match(line) or _MD_QUOTE_LINE.match(line):
            kind = FURNITURE
        elif _MD_HEADING.match(line) or emphasis:
            kind, start = HEADING, True
        else:
            kind = TEXT
            start = bool(_MARKER.match(line))
        kinds.append(kind)
        starts.append(start)
    return kinds, starts


def _line_kinds_plain(lines: list[str]) -> tuple[list[str], list[bool]]:
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    short = 0.7 * width

    def is_short(i: int) -> bool:
        return len(lines[i].strip()) < short

    kinds = [TEXT] * len(lines)
    starts = [bool(_MARKER.match(line)) for line in lines]
    # Page furniture: footnote blocks and layout references.
    i = 0
    while i < len(lines):
        line = lines[i]
        prev_blank = i == 0 or _is_blank(lines[i - 1]) or kinds[i - 1] == FURNITURE
        if _FOOTNOTE_RULE.match(line) or (prev_blank and _FOOTNOTE_LINE.match(line)):
            j = i
            while j < len(lines) and (
                j == i or _FOOTNOTE_LINE.match(lines[j]) or (lines[j][:1].strip() and lines[j])
            ):
                kinds[j] = FURNITURE
                j += 1
            starts[i] = True
            i = j
            continue
        if _PAGE_REFERENCE.match(line.strip()):
            kinds[i], starts[i] = FURNITURE, True
        i += 1
    # Headings: a block of short lines (or one that starts with a number or letter) without a
    # closing punctuation mark, followed by a line that starts a new sentence.
    nonblank = [i for i, line in enumerate(lines) if not _is_blank(line) and kinds[i] == TEXT]
    for pos, i in enumerate(nonblank):
        nxt = nonblank[pos + 1] if pos + 1 < len(nonblank) else None
        line = lines[i]
        if nxt is None or _CLAUSE_END.search(line) or not _UPPER_START.match(lines[nxt]):
            continue
        block = [i]
        while not _MARKER.match(lines[block[0]]):
            k = block[0] - 1
            if k < 0 or _is_blank(lines[k]) or kinds[k] != TEXT:
                break
            # A heading may break after a comma ("De georganiseerde, / ondermijnende / …").
            ends = _CLAUSE_END.search(lines[k])
            if (ends and ends.group().strip() != ",") or not (
                is_short(k) or _MARKER.match(lines[k])
            ):
                break
            block.insert(0, k)
        head = block[0]
        if not (all(is_short(k) for k in block) or _MARKER.match(lines[head])):
            continue
        if not (_UPPER_START.match(lines[head]) or _MARKER.match(lines[head])) or len(block) > 4:
            continue
        # Not preceded by an empty line: a heading only if it is numbered or follows a full
        # stop ("Werkwijze" in running text would be the short last line of a paragraph).
        follows_text = head > 0 and not (_is_blank(lines[head - 1]) or kinds[head - 1] != TEXT)
        if follows_text and not (_MARKER.match(lines[head]) or _CLAUSE_END.search(lines[head - 1])):
            continue
        for k in block:
            kinds[k] = HEADING
        # A heading broken over lines with a question mark ("Waarom een / gezamenlijke /
        # Toekomstagenda?") is one heading, not two.
        starts[head] = head == 0 or kinds[head - 1] != HEADING
    return kinds, starts


def split_passages(text: str) -> list[Passage]:
    """The source text as passages: runs of running text, headings and page furniture, cut
    wherever one kind gives way to another and before every list marker."""
    text = unicodedata.normalize("NFC", text)
    lines = text.splitlines()
    markdown = any(_MD_HEADING.match(line) for line in lines)
    kinds, starts = (_line_kinds_markdown if markdown else _line_kinds_plain)(lines)
    passages: list[Passage] = []
    current: list[str] = []
    kind, first_line = TEXT, 0

    def close() -> None:
        # A bullet is layout, not text: a quote of the item does not include it.
        body = normalize_text("\n".join(_BULLET.sub("", c, count=1) for c in current))
        if body:
            first = next((c.strip() for c in current if c.strip()), "")
            passages.append(Passage(kind, first_line + 1, body, first))

    for i, line in enumerate(lines):
        if _is_blank(line):
            current.append(line)
            continue
        if starts[i] or kinds[i] != kind:
            close()
            current, kind, first_line = [], kinds[i], i
        current.append(line)
    close()
    return passages


class SourceText:
    """One source text, ready to find quotes in: as a whole and passage by passage."""

    def __init__(self, text: str):
        self.passages = split_passages(text)
        self.whole, self._starts = _joined(self.passages)
        # The text as it would read without its page furniture: a quote that glues together
        # the two halves of a sentence a footnote or letterhead interrupts is found here.
        self._bare = [p for p in self.passages if p.kind != FURNITURE]
        self.bare, self._bare_starts = _joined(self._bare)

    def contains(self, quote: str) -> bool:
        """The strict test: the quote stands in the text, within one passage."""
        needle = normalize_text(quote)
        return any(needle in p.text for p in self.passages)

    def crossing(self, quote: str) -> Crossing | None:
        """For a quote that stands in the text but in no one passage: the first boundary it
        runs across. None if the quote is not in the text at all, or is within one passage."""
        needle = normalize_text(quote)
        if not needle or any(needle in p.text for p in self.passages):
            return None
        at = self.whole.find(needle)
        if at >= 0:
            return _first_crossing(self.passages, self._starts, at, at + len(needle))
        at = self.bare.find(needle)
        if at >= 0:
            inside = _overlapping(self._bare, self._bare_starts, at, at + len(needle))
            first, last = self._bare[inside[0]].line, self._bare[inside[-1]].line
            between = [p for p in self.passages if p.kind == FURNITURE and first < p.line < last]
            if between:
                part = between[0]
                return Crossing("E412", f"de paginaopmaak '{_short(part.first)}'", part.line)
            return _first_crossing(self._bare, self._bare_starts, at, at + len(needle))
        return None


def _joined(passages: list[Passage]) -> tuple[str, list[int]]:
    starts, at = [], 0
    for p in passages:
        starts.append(at)
        at += len(p.text) + 1
    return " ".join(p.text for p in passages), starts


def _overlapping(passages: list[Passage], starts: list[int], at: int, end: int) -> list[int]:
    return [i for i, s in enumerate(starts) if s < end and s + len(passages[i].text) > at]


def _first_crossing(
    passages: list[Passage], starts: list[int], at: int, end: int
) -> Crossing | None:
    inside = _overlapping(passages, starts, at, end)
    for a, b in itertools.pairwise(inside):
        before, after = passages[a], passages[b]
        if FURNITURE in (before.kind, after.kind):
            part = after if after.kind == FURNITURE else before
            return Crossing("E412", f"de paginaopmaak '{_short(part.first)}'", part.line)
        if HEADING in (before.kind, after.kind):
            part = after if after.kind == HEADING else before
            return Crossing("E410", f"de kop '{_short(part.first)}'", part.line)
        marker = _MARKER.match(after.first)
        shown = marker.group().strip() if marker else after.first[:3]
        return Crossing("E411", f"het opsommingsteken '{shown}'", after.line)
    return None


def _short(text: str, limit: int = 50) -> str:
    text = _SPACE.sub(" ", text.replace("*", "").replace("#", "")).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_source(file: Path) -> SourceText:
    return SourceText(file.read_text(encoding="utf-8"))


def check_quotes(
    dataset: Dataset, sources_dir: Path, locate: Locate, also: Dataset | None = None
) -> list[Diagnostic]:
    """E400 for every quote not found in its document's source text, E410-E412 for one that
    runs across a heading, list marker or page furniture, E413 for an ellipsis; E401 for
    missing texts. The quotes of `also` (what is sound in records that failed validation) are
    checked against the texts of `dataset`'s documents too."""
    diagnostics: list[Diagnostic] = []
    texts: dict[str, SourceText | None] = {}
    folder = sources_dir.resolve()
    for doc in dataset.documents.values():
        if doc.source_text is None:
            continue
        where = locate(dataset.path_of("documents", doc.id), ("source_text",))
        # Resolved and kept inside the folder: a name from a pull request must not make the
        # check read /etc/passwd or block on /dev/zero.
        file = (folder / doc.source_text).resolve()
        texts[doc.id] = None
        if not file.is_relative_to(folder) or not file.is_file():
            diagnostics.append(
                Diagnostic(
                    "E401",
                    f"de brontekst '{doc.source_text}' van document '{doc.id}' staat niet in "
                    "de map met bronteksten",
                    where,
                    "controleer 'source_text' (een bestandsnaam in die map) of geef de goede "
                    "map mee met --sources",
                )
            )
            continue
        try:
            texts[doc.id] = read_source(file)
        except UnicodeDecodeError as exc:
            diagnostics.append(
                Diagnostic(
                    "E100",
                    f"de brontekst '{doc.source_text}' is geen geldige UTF-8 "
                    f"(byte 0x{exc.object[exc.start]:02x} op positie {exc.start})",
                    where,
                    "sla de brontekst op als UTF-8",
                )
            )
    for source in (dataset, also or Dataset()):
        diagnostics.extend(_misquotes(source, texts, locate))
    return diagnostics


def _misquotes(
    source: Dataset, texts: dict[str, SourceText | None], locate: Locate
) -> list[Diagnostic]:
    diagnostics = []
    for group, record_id, keypath, cit in source.citations():
        text = texts.get(cit.document)
        if text is None:
            continue  # no text (reported above) or a reference (validation reports E304)
        diag = quote_problem(cit.quote, cit.document, text)
        if diag is not None:
            code, message, hint = diag
            where = locate(source.path_of(group, record_id), (*keypath, "quote"))
            diagnostics.append(Diagnostic(code, message, where, hint))
    return diagnostics


_CROSSING_HINTS = {
    "E410": "kort het citaat in tot het deel binnen één alinea, of citeer alleen de kop; "
    "verander geen woorden",
    "E411": "citeer één punt van de opsomming, of alleen de zin ervoor; verander geen woorden",
    "E412": "citeer het deel vóór of na de onderbreking en plak de delen niet aan elkaar",
}


def quote_problem(quote: str, document: str, source: SourceText) -> tuple[str, str, str] | None:
    """(code, message, hint) for a quote that fails the check against `source`, else None."""
    shown = f'"{quote[:80]}{"…" if len(quote) > 80 else ""}"'
    if ELLIPSIS.search(quote):
        return (
            "E413",
            f"het citaat bevat een weglatingsteken ('...' of '…'): {shown}",
            "citeer één aaneengesloten stuk tekst zonder iets weg te laten; kies het deel dat "
            "de bewering bewijst",
        )
    if source.contains(quote):
        return None
    crossing = source.crossing(quote)
    if crossing is not None:
        return (
            crossing.code,
            f"het citaat loopt over {crossing.what} heen (regel {crossing.line} van de brontekst "
            f"van '{document}'): {shown}",
            _CROSSING_HINTS[crossing.code],
        )
    return (
        "E400",
        f"citaat niet gevonden in de tekst van '{document}': {shown}",
        "neem het citaat letterlijk over uit de bron; kort het niet in met '…'",
    )
