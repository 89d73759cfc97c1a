"""Quotes: check that every quote in the data occurs in its source text.

The truth rule of the monitor: a quote is only evidence if it stands in the source, word for word.
Matching ignores what a plain-text extraction adds or breaks: runs of white space, words hyphenated
at a line end, Markdown emphasis and footnote markers, and typographic quote marks. This module
must not decide anything else about the data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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


def check_quotes(
    dataset: Dataset, sources_dir: Path, locate: Locate, also: Dataset | None = None
) -> list[Diagnostic]:
    """E400 for every quote not found in its document's source text; E401 for missing texts.
    The quotes of `also` (what is sound in records that failed validation) are checked against
    the texts of `dataset`'s documents too."""
    diagnostics: list[Diagnostic] = []
    texts: dict[str, str | None] = {}
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
            texts[doc.id] = normalize_text(file.read_text(encoding="utf-8"))
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


def _misquotes(source: Dataset, texts: dict[str, str | None], locate: Locate) -> list[Diagnostic]:
    diagnostics = []
    for group, record_id, keypath, cit in source.citations():
        text = texts.get(cit.document)
        if text is None:
            continue  # no text (reported above) or a reference (validation reports E304)
        if not quote_occurs(cit.quote, text):
            diagnostics.append(
                Diagnostic(
                    "E400",
                    f"citaat niet gevonden in de tekst van '{cit.document}': "
                    f'"{cit.quote[:80]}{"…" if len(cit.quote) > 80 else ""}"',
                    locate(source.path_of(group, record_id), (*keypath, "quote")),
                    "neem het citaat letterlijk over uit de bron; kort het niet in met '…'",
                )
            )
    return diagnostics
