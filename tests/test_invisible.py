"""Which invisible characters a text may hold (E209), as pasted into a data file by an editor.

Refused: characters that show as nothing and make a text read differently, or make two texts
that look alike differ (zero-width characters, a byte order mark inside a text, line and
paragraph separators, direction marks, fillers, tag characters). Accepted: the soft hyphen and
the no-break spaces, which Dutch typography uses. The reasons are in scripts/monitor/model.py
and, for editors, on the page Foutcodes.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import SEEDS, VALID_FILES, seeds_or_skip
from monitor.data.diagnostics import CODES
from monitor.data.model import Dataset
from monitor.data.validate import validate_data
from monitor.site.pages import build_pages

M = "data/measures/pilot-weerbare-wijken.yaml"
TITLE = "title: Pilot weerbare wijken"

REFUSED = [
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",  # ZERO WIDTH NON-JOINER
    "\u200d",  # ZERO WIDTH JOINER
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u2060",  # WORD JOINER
    "\ufeff",  # ZERO WIDTH NO-BREAK SPACE: a byte order mark inside a text
    "\u2028",  # LINE SEPARATOR
    "\u2029",  # PARAGRAPH SEPARATOR
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u3164",  # HANGUL FILLER
    "\ufe0f",  # VARIATION SELECTOR-16
    "\U000e0041",  # TAG LATIN CAPITAL LETTER A
]
ACCEPTED = [
    "\u00ad",  # SOFT HYPHEN
    "\u00a0",  # NO-BREAK SPACE
    "\u202f",  # NARROW NO-BREAK SPACE
]


def validate(root: Path, files: dict[str, str | bytes | None]) -> list[tuple[str, str]]:
    from conftest import write_tree

    write_tree(root, {**VALID_FILES, **files})
    result = validate_data(root / "data", root=root)
    return [(d.code, d.message) for d in result.diagnostics]


def with_title(char: str) -> str:
    text = str(VALID_FILES[M])
    assert TITLE in text
    # As pasted: the raw character in a double-quoted title ("Pilot weer<char>bare wijken").
    return text.replace(TITLE, f'title: "Pilot weer{char}bare wijken"', 1)


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_refused(tmp_path: Path, char: str) -> None:
    found = validate(tmp_path, {M: with_title(char)})
    assert [code for code, _ in found] == ["E209"], found
    assert f"U+{ord(char):04X}" in found[0][1]


@pytest.mark.parametrize("char", ACCEPTED, ids=[f"U+{ord(c):04X}" for c in ACCEPTED])
def test_accepted(tmp_path: Path, char: str) -> None:
    assert validate(tmp_path, {M: with_title(char)}) == []


def test_a_byte_order_mark_before_the_file_is_no_text(tmp_path: Path) -> None:
    """Some editors on Windows save one; it is not part of any value."""
    raw = ("\ufeff" + str(VALID_FILES[M])).encode("utf-8")
    assert validate(tmp_path, {M: raw}) == []


def test_the_source_texts_need_none_of_the_refused_characters() -> None:
    """A quote stands word for word in its source; were a refused character in a source text,
    a quote of that passage could not be written. The seeds hold none."""
    texts = sorted(seeds_or_skip().glob("*.txt"))
    assert texts, f"no source texts in {SEEDS}"
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for char in REFUSED:
            assert char not in text, (path.name, unicodedata.name(char))


def test_the_page_foutcodes_says_what_is_refused_and_what_is_allowed() -> None:
    code = CODES["E209"]
    for named in ("U+200B", "U+FEFF", "U+2028", "U+00AD", "zachte afbreekstreepje"):
        assert named in code.explanation, named
    page = build_pages(Dataset())["bijdragen/foutcodes.md"].markdown()
    assert "zachte afbreekstreepje (U+00AD)" in page
