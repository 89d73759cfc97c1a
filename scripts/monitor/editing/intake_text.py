"""Intake, step one: a letter's plain text or Markdown as sections and sentences.

The texts are extractions (see ../shared/seeds): hard-wrapped lines, words hyphenated at a line
end, page headers repeated on every page, footnotes between paragraphs, headings as Markdown
(`### 1. …`), as a line of bold or italic text, or as a short line of their own. This module turns
such a text into `Passage`s, one per sentence (a list after a colon gives one per item), each
with the section it stands in, named as the data names sections ("Parent – Child"). Every
passage text is a verbatim piece of the source as `quotes.normalize_text` compares them. It
knows nothing of the data.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..data.quotes import normalize_text

SECTION_SEPARATOR = " – "
INTRO_SECTION = "Inleiding"

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_EMPHASIS_LINE = re.compile(r"^\s*(\*\*|__|\*|_)([^*_].*?)\1\s*$")
_NUMBERED = re.compile(r"^(\d{1,2}|[A-Z]|[IVX]{1,4})\.\s+\S")
_FOOTNOTE_START = re.compile(r"^\s*(?:<sup>\s*(\d{1,2})\s*</sup>|(\d{1,2})\s+(?=[A-Z\[‘'\"]))")
_SEPARATOR = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,})\s*$")
_SUP = re.compile(r"<sup>\s*[^<]{0,8}\s*</sup>")
_MARKUP = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|\\(?=\W)")
_SPACE = re.compile(r"\s+")
# A period that does not end a sentence: common Dutch abbreviations and initials.
_ABBREVIATIONS = frozenset(
    [
        "o.a",
        "o.m",
        "bv",
        "bijv",
        "nr",
        "nrs",
        "mr",
        "dhr",
        "mw",
        "drs",
        "dr",
        "prof",
        "ca",
        "incl",
        "i.c.m",
        "n.a.v",
        "m.b.t",
        "t.a.v",
        "vgl",
        "z.g",
        "e.a",
        "e.d",
        "d.w.z",
        "resp",
        "jo",
        "art",
        "lid",
        "blz",
        "p",
        "pag",
        "etc",
        "enz",
    ]
)
# A sentence ends at . ! or ? (a footnote number may follow: "wordt uitgevoerd.4 De …").
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'’”)]*(?:(?<=[a-z)’”]\.)\d{1,2})?\s+(?=[\"'‘“(]*[A-Z0-9ÀÁÉÈËÏÖÜ])"
)
_LIST_LEAD = re.compile(r":\s+(?=(?:de|het|een|meer|betere?|nieuwe)\s)", re.IGNORECASE)
_LIST_ITEM_START = re.compile(r",\s+(?:en\s+)?(?=(?:de|het|een|meer|betere?|nieuwe)\s)")
_CLAUSE = re.compile(r"\s+en\s+(?=(?:ik|we|wij|het kabinet)\s+\w+)")
_DATE = re.compile(
    r"\b\d{1,2} (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december) \d{4}\b"
)
MAX_QUOTE = 600


@dataclass(frozen=True)
class Passage:
    """One sentence (or list item, or clause) of the text, in reading order."""

    index: int
    section: str
    text: str  # verbatim, white space collapsed, Markdown emphasis removed
    items: tuple[str, ...] = ()  # the items of a list in it, or its clauses; each verbatim
    footnote: bool = False
    # The whole sentence when a page break or footnote cuts it in two (for reading its cues;
    # a quote never spans the break, as the source has other text in between).
    whole: str = ""

    @property
    def sentence(self) -> str:
        return self.whole or self.text


@dataclass
class _Block:
    section: str
    lines: list[str]
    footnote: bool = False


def split_text(text: str) -> list[Passage]:
    """The passages of a letter, in reading order."""
    passages: list[Passage] = []
    open_end: int | None = None  # the last passage of running text, if it has no end
    for block in _blocks(text):
        paragraph = _join_lines(block.lines)
        for n, sentence in enumerate(_sentences(paragraph)):
            passage = Passage(
                len(passages), block.section, _fit(sentence), _parts(sentence), block.footnote
            )
            if n == 0 and open_end is not None and not block.footnote and sentence[0].islower():
                whole = f"{passages[open_end].text} {sentence}"
                passages[open_end] = replace(passages[open_end], whole=whole)
                passage = replace(passage, whole=whole)
            passages.append(passage)
        if not block.footnote and passages:
            last = passages[-1]
            open_end = None if last.text.endswith((".", "!", "?", ":")) else last.index
    return passages


def _furniture(lines: list[str]) -> set[str]:
    """Short lines repeated on every page (letterhead, date, reference): not the letter's text."""
    counts = Counter(line.strip() for line in lines if line.strip())
    return {line for line, n in counts.items() if n >= 3 and len(line) <= 60}


def _width(lines: list[str]) -> int:
    """A typical length of a full line of running text (the 80th percentile)."""
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) > 20)
    return lengths[int(len(lengths) * 0.8)] if lengths else 80


def _clean_heading(text: str) -> str:
    text = _MARKUP.sub("", _SUP.sub("", text))
    return _SPACE.sub(" ", text).strip().rstrip(":")


def _blocks(text: str) -> list[_Block]:
    """Paragraphs with their section; headings, furniture and separators left out."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    furniture = _furniture(lines)
    width = _width(lines)
    # A text with Markdown headings marks every heading; then a short line is just a line.
    plain_headings = not any(_MD_HEADING.match(line) for line in lines)
    # Headings in force: (level, title); markdown levels 1-6, plain headings 10 (numbered) / 11.
    stack: list[tuple[int, str]] = []
    emphasis_level: dict[str, int] = {}
    blocks: list[_Block] = []
    current: _Block | None = None
    after_separator = False
    pending_parent = False  # the last heading had no text under it yet

    def section() -> str:
        return SECTION_SEPARATOR.join(t for _, t in stack) if stack else INTRO_SECTION

    def set_heading(level: int, title: str) -> None:
        nonlocal current, pending_parent
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        current = None
        pending_parent = True

    last_item: str | None = None  # the mark of the list item read last ("A"), if any
    i = 0
    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        prev_blank = i == 0 or not lines[i - 1].strip()
        if not line or line in furniture or _SEPARATOR.match(line):
            if _SEPARATOR.match(line):
                after_separator = True
            if (current is not None and not current.footnote and not line) or (
                current is not None and current.footnote
            ):
                current = None
            i += 1
            continue
        md = _MD_HEADING.match(raw)
        if md:
            level = len(md.group(1))
            em = _EMPHASIS_LINE.match(md.group(2))
            if em:
                emphasis_level[em.group(1)] = level
            set_heading(level, _clean_heading(md.group(2)))
            i += 1
            continue
        footnote = _FOOTNOTE_START.match(raw)
        if footnote and (prev_blank or after_separator):
            number = footnote.group(1) or footnote.group(2)
            base = section()
            current = _Block(f"{base} (voetnoot {number})", [_SUP.sub("", raw, count=1)], True)
            blocks.append(current)
            i += 1
            continue
        if current is not None and current.footnote:
            if raw[:1].isspace():  # the page goes on: the footnote has ended
                current = None
            else:
                current.lines.append(raw)
                i += 1
                continue
        em = _EMPHASIS_LINE.match(raw)
        if em and prev_blank and len(line) <= 120 and not line.endswith((".", ",", ";")):
            marker = em.group(1)
            deepest = max((lvl for lvl, _ in stack if lvl < 10), default=2)
            level = emphasis_level.get(marker, deepest + 1)
            emphasis_level.setdefault(marker, level)
            set_heading(level, _clean_heading(em.group(2)))
            i += 1
            continue
        heading = None
        # A numbered heading may follow the last line of a paragraph without a blank line.
        after_sentence = bool(_NUMBERED.match(line)) and lines[i - 1].rstrip().endswith(
            (".", "!", "?")
        )
        if plain_headings and (prev_blank or current is None or after_sentence):
            heading = _plain_heading(lines, i, width)
        if heading is not None and _list_item(lines, i, heading[1], last_item):
            last_item = _NUMBERED.match(line).group(1)  # type: ignore[union-attr]
            heading = None  # "A. …", "B. …" one after the other: a list, not headings
        if heading is not None:
            last_item = None
            title, used = heading
            numbered = bool(_NUMBERED.match(title))
            siblings = [lvl for lvl, t in stack if _series(t) == _series(title)]
            if numbered and siblings:
                level = siblings[-1]  # "B. …" after "A. …"
            elif numbered and pending_parent and stack and not _series(stack[-1][1]):
                # "De uitdagingen toegelicht" directly followed by "A. …": a part of its own
                # with its own list of sections, not a subsection of the section before.
                parent = stack.pop()[1]
                while stack and _series(stack[-1][1]):
                    stack.pop()
                set_heading(10, parent)
                level = 11
            elif numbered or not any(lvl == 10 and _series(t) for lvl, t in stack):
                level = 10
            else:
                level = 11
            set_heading(level, title)
            i += used
            continue
        after_separator = False
        if current is None:
            current = _Block(section(), [])
            blocks.append(current)
        pending_parent = False
        current.lines.append(raw)
        i += 1
    return [b for b in blocks if b.lines]


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _series(title: str) -> str:
    """How a numbered title is numbered: 'digit', 'roman' or 'letter'; '' if it is not."""
    found = _NUMBERED.match(title)
    if not found:
        return ""
    mark = found.group(1)
    return "digit" if mark.isdigit() else ("roman" if mark in _ROMAN else "letter")


def _next_mark(mark: str) -> str | None:
    if mark.isdigit():
        return str(int(mark) + 1)
    if mark in _ROMAN[:-1]:
        return _ROMAN[_ROMAN.index(mark) + 1]
    if len(mark) == 1 and mark.isalpha():
        return chr(ord(mark) + 1)
    return None


def _list_item(lines: list[str], i: int, used: int, last_item: str | None) -> bool:
    """Whether the numbered line `i` (a heading of `used` lines by its looks) is an item of a list
    of short numbered lines ("A. …" directly followed by "B. …", or the item after the one read
    last): the next line of text after it, its wrapped words aside, is the next item."""
    found = _NUMBERED.match(lines[i].strip())
    if not found:
        return False
    mark = found.group(1)
    if last_item is not None and _next_mark(last_item) == mark:
        return True
    following = _next_mark(mark)
    j = i + used
    while j < len(lines) and (not lines[j].strip() or lines[j].strip()[0].islower()):
        j += 1
    nxt = _NUMBERED.match(lines[j].strip()) if j < len(lines) else None
    return following is not None and nxt is not None and nxt.group(1) == following


def _plain_heading(lines: list[str], i: int, width: int) -> tuple[str, int] | None:
    """A heading on a line of its own (its end may wrap onto a next line that starts in lower
    case): short, not ending like a sentence, no date. Returns its title and its line count."""
    first = lines[i].strip()
    limit = 90 if _NUMBERED.match(first) else min(90, int(width * 0.75))
    if len(first) > limit or first.endswith((",", ";", ":")) or first.startswith(("(", "•", "-")):
        return None
    parts, j = [first], i + 1
    while j < len(lines) and len(parts) < 3:
        nxt = lines[j].strip()
        if not nxt or not nxt[0].islower() or len(nxt) > limit or nxt.endswith((",", ";")):
            break
        parts.append(nxt)
        j += 1
    title = " ".join(parts)
    numbered = bool(_NUMBERED.match(title))
    if not (title[0].isupper() or numbered) or len(title.split()) > 14:
        return None
    if title.endswith((".", "?", "!")) and not numbered:
        return None
    if _DATE.search(title):
        return None
    return _clean_heading(title), j - i


def _join_lines(lines: list[str]) -> str:
    """One paragraph: lines joined, a word broken at a line end joined again."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            prev = text[:-1]
            # "ondermij-" + "nende": a hyphenated word; "data science-" + "technieken" keeps
            # its hyphen because the part before it is a whole word of its own.
            text = prev + line if not prev.endswith(" ") else text + line
        else:
            text = f"{text} {line}" if text else line
    # Links stay as written: the quote check compares them character for character.
    text = _SUP.sub("", text)
    text = _MARKUP.sub("", text)
    return _SPACE.sub(" ", text).strip()


def _sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[start : match.start()].rstrip("\"'’”)")
        last = before.rsplit(" ", 1)[-1].rstrip(".").lower()
        if last in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last):
            continue  # "o.a. Interpol", "S.A. Blok"
        out.append(paragraph[start : match.start()].strip())
        start = match.end()
    out.append(paragraph[start:].strip())
    # A word cut at the paragraph's end ("onder-" before a page break) loses its hyphen: the
    # quote check joins a hyphen to the next word, which here is elsewhere.
    out = [s[:-1] if re.search(r"\w-$", s) else s for s in out]
    return [s for s in out if len(s) >= 10]


def _parts(sentence: str) -> tuple[str, ...]:
    """When a sentence lists items after a colon, or joins two clauses with their own subject
    ("ik ondersteun … en ik financier …"), each item or clause; else nothing."""
    parts: list[str] = []
    lead = _LIST_LEAD.search(sentence)
    if lead:
        items = _LIST_ITEM_START.split(sentence[lead.end() :])
        if len(items) >= 3:
            parts += [item.strip(" .") for item in items]
    clauses = _CLAUSE.split(sentence)
    if len(clauses) == 2 and all(len(c) >= 25 for c in clauses):
        parts += [c.strip() for c in clauses]
    return tuple(_fit(p) for p in parts if len(p) >= 10)


def _fit(text: str) -> str:
    """A quote no longer than the model allows, cut at a word."""
    if len(text) <= MAX_QUOTE:
        return text
    cut = text[:MAX_QUOTE].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ")


def locate(passage_text: str, normalized_source: str) -> tuple[int, int] | None:
    """Where a text stands in the normalized source (for comparing quotes), or None."""
    needle = normalize_text(passage_text)
    at = normalized_source.find(needle)
    return None if at < 0 else (at, at + len(needle))
