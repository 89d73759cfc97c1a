"""Coverage: every section and paragraph of every source text, and the records that cite it.

A source text is cut into paragraphs: runs of lines between blank lines, split at the headings
that `data/coverage.yaml` declares for the document, at list markers and at footnotes, and joined
again where the extraction broke one paragraph over a page (a block that does not end a sentence,
followed, past footnotes and page headers, by one that starts in lower case). A block repeated
word for word is a page header. A paragraph is *cited* when a quote of a measure, motion or
commitment (its source, a status entry or its stated term) stands in it; *marked* when
`data/coverage.yaml` says why it holds nothing to record; otherwise *open*. The check of the
file's headings and anchors against the texts lives here too (E402, E403). This module reads the
source texts and nothing else; it decides nothing about the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Location
from .model import COVERAGE_FILE, Commitment, CoverageDocument, Dataset, Measure
from .quotes import normalize_text

Locate = Callable[[str, tuple[str | int, ...]], Location]

_FOOTNOTE = re.compile(r"^\s*(?:<sup>\s*\d{1,2}\s*</sup>|\d{1,2})\s+\S")
_RULE = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,})\s*$")
_LIST_MARKER = re.compile(r"^\s*(?:[IVX]{1,4}\.|[A-Z]\.|\d{1,2}\.|•)\s")
_SENTENCE_END = tuple(".!?:;\"'”’)")
# How many lines one heading may take (a heading set in a narrow column wraps).
_HEADING_LINES = 4


@dataclass
class Paragraph:
    """One paragraph of a source text, possibly joined across a page break."""

    number: int
    line: int  # first line in the source text, 1-based
    section: str  # "1. Titel – Subkop", or "" before the first heading
    kind: str  # "alinea", "voetnoot" or "paginakop"
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(line.split()) for line in self.lines)

    @property
    def normalized(self) -> str:
        return normalize_text("\n".join(self.lines))


@dataclass(frozen=True)
class Heading:
    label: str  # the section label paragraphs under it get
    text: str  # as declared in data/coverage.yaml
    path: tuple[int, ...]  # where it is declared: (section index,) or (section, subsection)


@dataclass
class Segmented:
    paragraphs: list[Paragraph]
    missing: list[Heading]  # declared headings not found in the text, in order


def declared_headings(entry: CoverageDocument | None) -> list[Heading]:
    out: list[Heading] = []
    for i, section in enumerate(entry.sections if entry else ()):
        out.append(Heading(section.heading, section.heading, (i,)))
        for j, sub in enumerate(section.subsections):
            out.append(Heading(f"{section.heading} – {sub}", sub, (i, j)))
    return out


def _find_headings(
    lines: list[str], headings: list[Heading]
) -> tuple[dict[int, tuple[int, str]], list[Heading]]:
    """{first line index: (number of lines, section label)} for every heading found, in order."""
    found: dict[int, tuple[int, str]] = {}
    missing: list[Heading] = []
    cursor = 0
    for heading in headings:
        want = normalize_text(heading.text)
        hit = None
        for i in range(cursor, len(lines)):
            if not lines[i].strip():
                continue
            for k in range(1, _HEADING_LINES + 1):
                if normalize_text(" ".join(lines[i : i + k])) == want:
                    hit = (i, k)
                    break
            if hit:
                break
        if hit is None:
            missing.append(heading)
            continue
        found[hit[0]] = (hit[1], heading.label)
        cursor = hit[0] + hit[1]
    return found, missing


def segment(text: str, headings: list[Heading]) -> Segmented:
    """The paragraphs of a source text, under the declared headings."""
    lines = text.splitlines()
    found, missing = _find_headings(lines, headings)
    blocks: list[Paragraph] = []
    section = ""
    current: Paragraph | None = None
    in_footnote = False

    def start(i: int, kind: str) -> Paragraph:
        block = Paragraph(0, i + 1, section, kind)
        blocks.append(block)
        return block

    i = 0
    while i < len(lines):
        line = lines[i]
        if i in found:
            count, section = found[i]
            current, in_footnote = None, False
            i += count
            continue
        if not line.strip() or _RULE.match(line):
            current, in_footnote = None, False
        elif _FOOTNOTE.match(line) and (current is None or in_footnote):
            current, in_footnote = start(i, "voetnoot"), True
            current.lines.append(line)
        elif in_footnote and current is not None and not line[:1].isspace():
            current.lines.append(line)
        else:
            if in_footnote or current is None or _LIST_MARKER.match(line):
                current, in_footnote = start(i, "alinea"), False
            current.lines.append(line)
        i += 1
    _mark_page_headers(blocks)
    paragraphs = _join_page_breaks(blocks)
    for n, paragraph in enumerate(paragraphs, 1):
        paragraph.number = n
    return Segmented(paragraphs, missing)


def _mark_page_headers(blocks: list[Paragraph]) -> None:
    seen: dict[str, int] = {}
    for block in blocks:
        seen[block.normalized] = seen.get(block.normalized, 0) + 1
    for block in blocks:
        if seen[block.normalized] > 1 and block.kind == "alinea":
            block.kind = "paginakop"


def _join_page_breaks(blocks: list[Paragraph]) -> list[Paragraph]:
    """Join a paragraph the extraction broke over a page: it does not end a sentence, and the
    next body block (past footnotes and page headers, within the same section) starts in lower
    case."""
    out: list[Paragraph] = []
    open_body: Paragraph | None = None
    for block in blocks:
        if block.kind != "alinea":
            out.append(block)
            continue
        first = block.lines[0].lstrip()
        if open_body is not None and open_body.section == block.section and first[:1].islower():
            open_body.lines.extend(block.lines)
        else:
            out.append(block)
            open_body = block
        if open_body.lines[-1].rstrip().endswith(_SENTENCE_END):
            open_body = None
    return out


# --- the report -----------------------------------------------------------------------------


@dataclass
class Citing:
    group: str  # measures | motions | commitments
    id: str
    where: str  # "bron" or "status"


@dataclass
class ParagraphCoverage:
    paragraph: Paragraph
    cited_by: list[Citing] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    covered: float = 0.0  # share of the paragraph's text inside a quote

    @property
    def state(self) -> str:
        if self.cited_by:
            return "geciteerd"
        if self.reasons or self.paragraph.kind == "paginakop":
            return "gemarkeerd"
        return "open"

    @property
    def record_ids(self) -> list[tuple[str, str]]:
        seen: dict[tuple[str, str], None] = {}
        for c in self.cited_by:
            seen[(c.group, c.id)] = None
        return list(seen)


@dataclass
class DocumentCoverage:
    document: str
    title: str
    paragraphs: list[ParagraphCoverage]
    missing_text: bool = False

    def count(self, state: str) -> int:
        return sum(1 for p in self.paragraphs if p.state == state)

    @property
    def sections(self) -> list[tuple[str, list[ParagraphCoverage]]]:
        out: list[tuple[str, list[ParagraphCoverage]]] = []
        for p in self.paragraphs:
            if not out or out[-1][0] != p.paragraph.section:
                out.append((p.paragraph.section, []))
            out[-1][1].append(p)
        return out


@dataclass
class Coverage:
    documents: list[DocumentCoverage]

    def totals(self) -> dict[str, int]:
        return {
            state: sum(d.count(state) for d in self.documents)
            for state in ("geciteerd", "gemarkeerd", "open")
        }


def read_source(folder: Path, name: str) -> str | None:
    """The text of a source file inside `folder`, or None (outside it, missing or not UTF-8:
    `quotes` reports those)."""
    root = folder.resolve()
    file = (root / name).resolve()
    if not file.is_relative_to(root) or not file.is_file():
        return None
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def _citations(ds: Dataset, document: str) -> list[tuple[Citing, str]]:
    out: list[tuple[Citing, str]] = []
    for group, records in ds.tracked_groups():
        for rec in records:
            cits = [("bron", rec.source)] + [("status", e) for e in rec.status_history]
            if isinstance(rec, Measure) and rec.deadline is not None:
                cits.append(("termijn", rec.deadline))
            if isinstance(rec, Commitment) and rec.term is not None:
                cits.append(("termijn", rec.term))
            for where, cit in cits:
                if cit.document == document:
                    out.append((Citing(group, rec.id, where), normalize_text(cit.quote)))
    return out


def document_coverage(ds: Dataset, document: str, text: str) -> tuple[DocumentCoverage, Segmented]:
    entry = ds.coverage.get(document)
    seg = segment(text, declared_headings(entry))
    rows = [ParagraphCoverage(p) for p in seg.paragraphs]
    normalized = [p.normalized for p in seg.paragraphs]
    spans: list[list[tuple[int, int]]] = [[] for _ in rows]
    stream, offsets = _stream(normalized)
    for citing, quote in _citations(ds, document):
        if not quote:
            continue
        hits = [k for k, para in enumerate(normalized) if quote in para]
        for k in hits:
            start = normalized[k].find(quote)
            spans[k].append((start, start + len(quote)))
            rows[k].cited_by.append(citing)
        if hits:
            continue
        # A quote that runs from one paragraph into the next (across a heading or a page).
        at = stream.find(quote)
        if at < 0:
            continue
        for k, (begin, end) in enumerate(offsets):
            lo, hi = max(begin, at), min(end, at + len(quote))
            if lo < hi:
                spans[k].append((lo - begin, hi - begin))
                rows[k].cited_by.append(citing)
    for row, para_spans, norm in zip(rows, spans, normalized, strict=True):
        row.covered = _share(para_spans, len(norm))
    if entry is not None:
        for note in entry.no_records:
            anchor = normalize_text(note.anchor)
            for k, norm in enumerate(normalized):
                if anchor in norm:
                    rows[k].reasons.append(note.reason)
    title = ds.documents[document].title
    return DocumentCoverage(document, title, rows), seg


def _stream(normalized: list[str]) -> tuple[str, list[tuple[int, int]]]:
    offsets: list[tuple[int, int]] = []
    pos = 0
    for norm in normalized:
        offsets.append((pos, pos + len(norm)))
        pos += len(norm) + 1
    return " ".join(normalized), offsets


def _share(spans: list[tuple[int, int]], length: int) -> float:
    if not length:
        return 0.0
    covered = 0
    end = 0
    for lo, hi in sorted(spans):
        lo = max(lo, end)
        if hi > lo:
            covered += hi - lo
            end = hi
    return covered / length


def build_coverage(ds: Dataset, sources_dir: Path) -> Coverage:
    """The coverage of every source document (those with a source text), oldest first."""
    out: list[DocumentCoverage] = []
    for doc in ds.sorted_documents():
        if doc.source_text is None:
            continue
        text = read_source(sources_dir, doc.source_text)
        if text is None:
            out.append(DocumentCoverage(doc.id, doc.title, [], missing_text=True))
            continue
        out.append(document_coverage(ds, doc.id, text)[0])
    return Coverage(out)


def check_coverage_file(ds: Dataset, sources_dir: Path, locate: Locate) -> list[Diagnostic]:
    """E402 for a declared heading that is not in the text (or not in the declared order); E403
    for an anchor that stands in no paragraph of the text."""
    diags: list[Diagnostic] = []
    for doc_id, entry in ds.coverage.items():
        doc = ds.documents.get(doc_id)
        if doc is None or doc.source_text is None:
            continue  # E302 / E304, reported by validate
        text = read_source(sources_dir, doc.source_text)
        if text is None:
            continue  # E401, reported by quotes
        path = ds.path_of(COVERAGE_FILE, doc_id)
        at = ds.keypath_of(COVERAGE_FILE, doc_id)
        coverage, seg = document_coverage(ds, doc_id, text)
        for heading in seg.missing:
            keypath = (*at, "sections", *_heading_keypath(heading.path))
            diags.append(
                Diagnostic(
                    "E402",
                    f"kop '{heading.text}' niet gevonden in de tekst van '{doc_id}' "
                    "(na de koppen ervoor)",
                    locate(path, keypath),
                    "neem de kop letterlijk over uit de brontekst en noem de koppen in de "
                    "volgorde van de tekst",
                )
            )
        normalized = [row.paragraph.normalized for row in coverage.paragraphs]
        for i, note in enumerate(entry.no_records):
            anchor = normalize_text(note.anchor)
            if not any(anchor in norm for norm in normalized):
                diags.append(
                    Diagnostic(
                        "E403",
                        f"het stukje tekst '{note.anchor}' staat in geen alinea van de tekst van "
                        f"'{doc_id}'",
                        locate(path, (*at, "no_records", i, "anchor")),
                        "kopieer een kort stuk letterlijk uit de alinea, binnen die ene alinea",
                    )
                )
    return diags


def _heading_keypath(path: tuple[int, ...]) -> tuple[str | int, ...]:
    if len(path) == 1:
        return (path[0], "heading")
    return (path[0], "subsections", path[1])


def format_coverage(coverage: Coverage, only_open: bool = False) -> str:
    """The report as plain text, for the command line."""
    out: list[str] = []
    for doc in coverage.documents:
        out.append(f"== {doc.document}: {doc.title}")
        if doc.missing_text:
            out.append("   (source text not found)")
            continue
        for section, rows in doc.sections:
            shown = [r for r in rows if r.state == "open" or not only_open]
            if not shown:
                continue
            out.append(f"-- {section or '(begin van de tekst)'}")
            for row in shown:
                p = row.paragraph
                head = f"  ¶{p.number} r{p.line} [{p.kind}] {_clip(p.text, 70)}"
                if row.cited_by:
                    ids = ", ".join(i for _, i in row.record_ids)
                    out.append(f"{head}\n      cited ({row.covered:.0%}): {ids}")
                elif row.state == "gemarkeerd":
                    reason = "; ".join(row.reasons) or "paginakop (herhaald)"
                    out.append(f"{head}\n      marked: {reason}")
                else:
                    out.append(f"{head}\n      OPEN")
        out.append(
            f"   {doc.count('geciteerd')} cited, {doc.count('gemarkeerd')} marked, "
            f"{doc.count('open')} open of {len(doc.paragraphs)} paragraphs"
        )
    totals = coverage.totals()
    out.append(
        f"total: {totals['geciteerd']} cited, {totals['gemarkeerd']} marked, {totals['open']} open"
    )
    return "\n".join(out)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
