"""Fmt: rewrite data files in one house layout, keeping every comment, key order and value.

The layout: the `# yaml-language-server: $schema=…` line first (added or corrected, so every
editor gets completion and inline errors), mappings indented by 2, list dashes indented by 2
under their key, a text longer than the line (100 characters) as a folded block (`>-`) wrapped at
the line width, a list that fits on its line may stay a flow list (`[a, b]`) and a longer one
gets one item a line, the quotes an editor wrote are kept, one newline at the end. It is
ruamel.yaml's round-trip mode, so comments survive. Quotes are kept as written rather than
made uniform: many values need them (`"5. Weerbaarheid"`, text with `: `), and rewriting the
rest would make every diff noisy without changing a single value.

ruamel's own line wrapping is switched off: it breaks a long plain text with a trailing space
left on the line (measured on 14 of the 193 data files); folds are placed here instead.

A formatter must never change what a file says: after formatting, the text is parsed again and
compared with the original data; if they differ, the file is left alone and a problem is
reported. A file that does not parse is not touched (validation reports why). This module reads
and writes only the files it is given.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..data.diagnostics import Diagnostic, Location
from ..data.load import parse_file
from ..data.model import COVERAGE_FILE, RECORD_FOLDERS, VOCABULARY_FILES

WIDTH = 100
SCHEMA_PREFIX = "# yaml-language-server: $schema="
_SINGULAR = {
    "documents": "document",
    "measures": "measure",
    "motions": "motion",
    "commitments": "commitment",
}


@dataclass
class Formatted:
    """What `format_files` did: files that changed (or would, with `check`) and problems."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def schema_line(rel_path: str) -> str | None:
    """The schema comment a data file starts with, from where it lives; None for other files."""
    parts = rel_path.split("/")
    if len(parts) >= 2 and parts[-2] in RECORD_FOLDERS:
        return f"{SCHEMA_PREFIX}../schema/{_SINGULAR[parts[-2]]}.schema.json"
    if parts[-1] in VOCABULARY_FILES or parts[-1] == COVERAGE_FILE:
        return f"{SCHEMA_PREFIX}schema/{parts[-1].removesuffix('.yaml')}.schema.json"
    return None


class FormatError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def format_text(rel_path: str, text: str) -> str:
    """The formatted text of one data file. Raises `FormatError` for a file that does not parse
    or (a bug guard) whose data formatting would change."""
    parsed, diags = parse_file(rel_path, text.encode("utf-8"))
    if parsed is None:
        raise FormatError(diags[0])
    body = parsed.text  # without a byte-order mark, with \n line ends
    first, _, rest = body.partition("\n")
    if first.startswith(SCHEMA_PREFIX):
        body = rest
    yaml = _round_trip()
    data = yaml.load(body)
    # A top-level list is indented like any other (`  - id: …`): its dashes stand at column 2.
    _fold(data, 2 if isinstance(data, CommentedSeq) else 0)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue().rstrip("\n") + "\n"
    header = schema_line(rel_path)
    if header:
        result = f"{header}\n{result}"
    again, _ = parse_file(rel_path, result.encode("utf-8"))
    if again is None or again.data != parsed.data:
        raise FormatError(
            Diagnostic(
                "E101",
                "opmaken zou de gegevens van dit bestand veranderen; het is gelaten zoals het was",
                Location(rel_path),
                "meld dit als fout in 'python -m monitor fmt'",
            )
        )
    return result


def format_files(files: Iterable[Path], root: Path, check: bool = False) -> Formatted:
    """Format each file in place (with `check`, only report which ones would change)."""
    done = Formatted()
    for file in files:
        rel = _display_path(file, root)
        try:
            original = file.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            done.problems.append(
                Diagnostic("E100", f"kan niet worden gelezen: {exc}", Location(rel))
            )
            continue
        try:
            new = format_text(rel, original)
        except FormatError as exc:
            done.problems.append(exc.diagnostic)
            continue
        if new == original:
            done.unchanged.append(rel)
            continue
        done.changed.append(rel)
        if not check:
            tmp = file.with_name(f".{file.name}.fmt")
            tmp.write_text(new, encoding="utf-8", newline="\n")
            tmp.replace(file)  # atomic: an interrupted run never leaves half a file
    return done


def data_files(data_dir: Path) -> list[Path]:
    """The YAML files under `data_dir` that fmt handles (not the generated JSON Schemas)."""
    return sorted(p for p in data_dir.rglob("*.yaml") if not p.name.startswith("."))


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # no wrapping by ruamel; see the module docstring
    yaml.allow_unicode = True
    return yaml


# --- folding long text ----------------------------------------------------------------------


def _fold(node: Any, col: int) -> None:
    """Fold long texts under `node`: a mapping whose keys, or a list whose dashes, stand at
    column `col` (0-based)."""
    if isinstance(node, CommentedMap):
        if node.fa.flow_style():
            return
        for key in list(node):
            value = node[key]
            if isinstance(value, CommentedMap):
                _fold(value, col + 2)
            elif isinstance(value, CommentedSeq):
                if value.fa.flow_style() and _flow_width(key, value, col) > WIDTH:
                    value.fa.set_block_style()  # a list too long for its line: one item a line
                _fold(value, col + 2)
            elif isinstance(value, str) and isinstance(key, str):
                folded = _folded(value, key, col)
                if folded is not None:
                    node[key] = folded
    elif isinstance(node, CommentedSeq):
        if node.fa.flow_style():
            return
        for item in node:
            if isinstance(item, CommentedMap | CommentedSeq):
                _fold(item, col + 2)


def _flow_width(key: Any, items: CommentedSeq, col: int) -> int:
    """The length of the line `key: [a, b, …]` (quotes included when an item needs them)."""
    shown = ", ".join(str(item) if isinstance(item, str) else repr(item) for item in items)
    return col + len(str(key)) + 2 + len(shown) + 2 + 2 * sum(1 for i in items if " " in str(i))


def _folded(value: str, key: str, col: int) -> FoldedScalarString | None:
    """A folded block for a text that does not fit, or None to keep the value as it is."""
    if isinstance(value, LiteralScalarString) or not _foldable(value):
        return None
    indent = col + 2  # a block's text stands two columns right of its key
    if isinstance(value, FoldedScalarString):
        lines = _split_at(value, list(getattr(value, "fold_pos", [])))
        if all(indent + len(line) <= WIDTH for line in lines):
            return None  # the editor's own folds fit: keep them
    elif col + len(key) + 2 + len(value) + 2 <= WIDTH:  # `key: "value"` fits on its line
        return None
    positions = _fold_positions(value, WIDTH - indent)
    if not positions and indent + len(value) > WIDTH:
        return None  # one long word (an address): nothing to fold
    folded = FoldedScalarString(str(value))
    folded.fold_pos = positions
    return folded


def _foldable(value: str) -> bool:
    """Whether a folded block gives back exactly `value`: one line of single-spaced words."""
    return (
        bool(value)
        and value == value.strip()
        and "\n" not in value
        and "\t" not in value
        and "  " not in value
        and " " in value
    )


def _fold_positions(text: str, width: int) -> list[int]:
    """Indices of the spaces at which to break `text` into lines of at most `width` characters
    (a word longer than that gets a line of its own)."""
    positions: list[int] = []
    start = 0
    last_space = -1
    for i, ch in enumerate(text):
        if ch == " ":
            if i - start > width and last_space > start:
                positions.append(last_space)
                start = last_space + 1
            last_space = i
    if len(text) - start > width and last_space > start:
        positions.append(last_space)
    return positions


def _split_at(text: str, positions: list[int]) -> list[str]:
    lines, start = [], 0
    for pos in sorted(positions):
        lines.append(text[start:pos])
        start = pos + 1
    lines.append(text[start:])
    return lines


def _display_path(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()
