"""Load: read the files under `data/`, parse their YAML, and know where every key and value stands.

Parsing takes the fast path (ruamel's C parser, safe types only); line and column positions come
from a second, round-trip parse that runs only when a diagnostic needs them, so a clean build of
many records never pays for positions. Many files are parsed on every core, and files that
parsed cleanly are kept on disk by the hash of their bytes (`ParsedStore`, an SQLite database
of plain JSON in .cache/monitor/), so a run parses only what changed. Anchors, aliases and tags
are refused: records are plain data, and an alias is the door to "billion laughs" expansion.
This module does not know the schema: it only knows which files exist and what shape a file
must have.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import ruamel.yaml
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tokens import ScalarToken

from .. import parallel
from .diagnostics import Diagnostic, Location

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 24
# The largest vocabulary (themes.yaml, 40 kB) has about 1,300 values; a record a few dozen.
MAX_NODES = 50_000

KeyPath = tuple[str | int, ...]


class _Refused(Exception):
    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.line, self.col = line, col


class _PlainConstructor(SafeConstructor):
    """Safe types only, and no node used twice: an alias is refused where it stands."""

    def construct_document(self, node: Any) -> Any:
        self._seen: set[int] = set()
        return super().construct_document(node)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if id(node) in self._seen:
            mark = node.start_mark
            raise _Refused(
                "ankers en aliassen (&naam, *naam) zijn niet toegestaan",
                mark.line + 1,
                mark.column + 1,
            )
        self._seen.add(id(node))
        return super().construct_object(node, deep=deep)

    def construct_undefined(self, node: Any) -> Any:
        mark = node.start_mark
        raise _Refused(f"de tag '{node.tag}' is niet toegestaan", mark.line + 1, mark.column + 1)

    def construct_timestamp_or_text(self, node: Any) -> Any:
        """An impossible date such as 2024-13-01 stays text, so that validation can report it
        with its position instead of the parser failing on it."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_PlainConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _PlainConstructor.construct_timestamp_or_text
)


_IMPLICIT_TYPES: list[Any] = []


class _Yaml12Resolver(VersionedResolver):
    """YAML 1.2 always (a `%YAML 1.1` directive does not bring back `no` as false), and one
    table of implicit types shared by every file: ruamel rebuilds that table for each document
    and asks for the version on every scalar, which took half of the parse time (measured at
    1,000 records: 0.68 s → 0.32 s)."""

    @property
    def processing_version(self) -> Any:
        return (1, 2)

    @property
    def versioned_resolver(self) -> Any:
        if not _IMPLICIT_TYPES:
            _IMPLICIT_TYPES.append(VersionedResolver.versioned_resolver.fget(self))  # type: ignore[attr-defined]
        return _IMPLICIT_TYPES[0]


@functools.cache
def _fast_yaml() -> YAML:
    """One loader for every file: making a YAML object costs as much as parsing a small record
    (0.4 of 0.7 s at 1,000 records); ruamel resets its reader and parser after each load."""
    yaml = YAML(typ="safe")
    yaml.Constructor = _PlainConstructor
    yaml.Resolver = _Yaml12Resolver
    return yaml


@dataclass
class SourceFile:
    """One data file: its text, its parsed data, and (on demand) the positions of its nodes."""

    path: str  # as shown to editors: relative to the project root, with forward slashes
    text: str
    data: Any = None
    _values: dict[KeyPath, tuple[int, int]] | None = field(default=None, repr=False)
    _keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict, repr=False)

    def locate(self, keypath: KeyPath = (), *, key: bool = False) -> Location:
        """Where the value (or, with `key`, the key) at `keypath` stands; the nearest parent
        that exists when the path itself does not (a missing field is reported at its mapping)."""
        if self._values is None:
            self._index_positions()
        assert self._values is not None
        path = tuple(keypath)
        while path:
            table = self._keys if key else self._values
            if path in table:
                line, col = table[path]
                return Location(self.path, line, col)
            path, key = path[:-1], False
        line, col = self._values.get((), (1, 1))
        return Location(self.path, line, col)

    def _index_positions(self) -> None:
        # Compose, do not construct: nodes carry their marks, and no value is built, so a value
        # that fails to construct cannot stop us from pointing at it.
        self._values = {}
        try:
            root = YAML(typ="safe").compose(self.text)
        except (YAMLError, RecursionError, ValueError):
            return  # the fast parse already reported the syntax error
        if root is None:
            return
        self._values[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
        stack: list[tuple[Any, KeyPath]] = [(root, ())]
        while stack:
            node, path = stack.pop()
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if not isinstance(key_node, ScalarNode):
                        continue
                    kp = (*path, key_node.value)
                    self._keys[kp] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    self._values[kp] = (
                        value_node.start_mark.line + 1,
                        value_node.start_mark.column + 1,
                    )
                    stack.append((value_node, kp))
            elif isinstance(node, SequenceNode):
                for i, item in enumerate(node.value):
                    self._values[(*path, i)] = (
                        item.start_mark.line + 1,
                        item.start_mark.column + 1,
                    )
                    stack.append((item, (*path, i)))


@dataclass
class Loaded:
    files: list[SourceFile]
    diagnostics: list[Diagnostic]


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_DEPTH:
            break
        if isinstance(node, dict):
            stack.extend((v, d + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, d + 1) for v in node)
    return deepest


def _check_events(path: str, text: str) -> Diagnostic | None:
    """The first anchor, alias or tag, or the first sign of a text too deep or too big to
    build, read from the parser's flat event stream; None when there is none.

    This runs before the C composer sees the text: it recurses once per level without Python's
    recursion limit, and 100,000 levels (`[[[…`, `- - - …`, `? ? …`: two bytes a level, well
    within MAX_FILE_BYTES) overflow the C stack and kill the process with a segfault. Building
    300,000 one-letter values (`[x, x, …]` in 1 MiB) takes seconds; counting their events a
    fraction of that. Every explicit tag is refused here, not only unknown ones: `!!binary`
    would let base64 text past review, `!!set` and `!!omap` build types no record has. The
    pass stops at the first problem; on the whole dataset it costs about 40 ms."""
    depth = nodes = 0
    for event in YAML(typ="safe").parse(text):
        if isinstance(event, CollectionEndEvent):
            depth -= 1
        if not isinstance(event, NodeEvent):
            continue
        mark = event.start_mark
        here = Location(path, mark.line + 1, mark.column + 1)
        if isinstance(event, AliasEvent) or event.anchor is not None:
            return Diagnostic(
                "E107",
                "ankers en aliassen (&naam, *naam) zijn niet toegestaan",
                here,
                "schrijf de waarde helemaal uit",
            )
        tag = getattr(event, "tag", None)  # collection and scalar events; an alias has none
        if tag is not None:
            return Diagnostic(
                "E107",
                f"de tag '{tag}' is niet toegestaan",
                here,
                "haal de tag weg en schrijf de waarde als gewone tekst, getal of datum",
            )
        nodes += 1
        if nodes > MAX_NODES:
            return Diagnostic(
                "E108",
                f"meer dan {MAX_NODES:,} waarden".replace(",", "."),
                Location(path),
                "splits het record",
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Diagnostic(
                    "E108",
                    f"dieper genest dan {MAX_DEPTH} niveaus",
                    Location(path),
                    "haal de overbodige nesting weg",
                )
    return None


# Where an anchor (&), alias (*) or tag (!) can start: where a node starts, that is at the start
# of a line, after white space (YAML's line breaks \x85, \u2028 and \u2029 are white space to
# `\s`), or after a flow indicator or ':' (`{"a":&x 1}` is valid YAML).
_PROPERTY_START = re.compile(r"(?:^|[\s\[\]{},:])[&*!]", re.MULTILINE)
# A text this short cannot hold MAX_NODES values (a value takes at least half a character), nor
# nest deeper than the C composer copes with (12,500 levels measured fine; 100,000 crash it).
_SMALL_TEXT = MAX_NODES // 4


def _needs_event_check(text: str) -> bool:
    """Whether `_check_events` could find anything in `text`. It is a third of the parse time
    and finds nothing in a plain record, which is most of them: a record without any of '&', '*'
    or '!' where a node starts, and small, goes straight to the loader (0.27 of 0.70 s at 1,000
    records). A false alarm only costs time: Markdown's **bold** in a note is one."""
    return len(text) > _SMALL_TEXT or _PROPERTY_START.search(text) is not None


def parse_file(path: str, raw: bytes) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Decode and parse one file; a SourceFile when it parsed, else the diagnostics why not."""
    loc = Location(path)
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(path, len(raw))]
    if _looks_like_utf16(raw):
        return None, [
            Diagnostic(
                "E100",
                "het bestand is als UTF-16 opgeslagen, niet als UTF-8",
                loc,
                "sla het bestand op als UTF-8 (in het menu 'codering' of 'opslaan als' van de "
                "editor)",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Diagnostic(
                "E100",
                f"geen geldige UTF-8: byte 0x{raw[exc.start]:02x}",
                Location(path, line, col),
                "sla het bestand op als UTF-8",
            )
        ]
    # A byte-order mark and Windows line ends are harmless: accept them rather than make an
    # editor on Windows fight their editor.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if "\x00" in text:
        return None, [
            Diagnostic(
                "E100",
                "het bestand bevat een NUL-teken",
                loc,
                "sla het bestand op als gewone UTF-8-tekst",
            )
        ]
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [
            Diagnostic(
                "E103", "het bestand is leeg", loc, "vul het record in of verwijder het bestand"
            )
        ]
    if not _needs_event_check(text):
        # The fast path: what the event pass would refuse cannot be in this text. Any problem
        # sends the file down the full path below, so its message is the one it always was.
        try:
            data = _fast_yaml().load(text)
        except (_Refused, YAMLError, RecursionError, ValueError, TypeError):
            pass
        else:
            if _depth(data) <= MAX_DEPTH:
                return SourceFile(path=path, text=text, data=data), []
    try:
        refused = _check_events(path, text)
        if refused is not None:
            return None, [refused]
        data = _fast_yaml().load(text)
    except _Refused as exc:
        return None, [
            Diagnostic(
                "E107",
                str(exc),
                Location(path, exc.line, exc.col),
                "schrijf de waarde helemaal uit",
            )
        ]
    except MarkedYAMLError as exc:
        return None, [_syntax_diagnostic(path, exc, text)]
    except RecursionError:
        return None, [
            Diagnostic(
                "E108",
                f"dieper genest dan {MAX_DEPTH} niveaus",
                loc,
                "haal de overbodige nesting weg",
            )
        ]
    except (YAMLError, ValueError, TypeError):
        # ruamel raises marked errors for nearly all bad input; anything else is still a
        # problem of this file, to be reported, not a crash.
        return None, [
            Diagnostic(
                "E101",
                "de YAML-opmaak klopt niet",
                loc,
                "controleer de opmaak op deze regel en de regel erboven",
            )
        ]
    if _depth(data) > MAX_DEPTH:
        return None, [
            Diagnostic(
                "E108",
                f"dieper genest dan {MAX_DEPTH} niveaus",
                loc,
                "haal de overbodige nesting weg",
            )
        ]
    return SourceFile(path=path, text=text, data=data), []


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 (Windows Notepad's "Unicode"): a UTF-16 byte-order mark, or YAML's ASCII
    characters with a NUL byte beside each, as in the first bytes of every record."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:64]
    return len(head) >= 4 and (
        head[0::2].count(0) == len(head[0::2]) or head[1::2].count(0) == len(head[1::2])
    )


def _too_large(path: str, size: int) -> Diagnostic:
    return Diagnostic(
        "E108",
        f"het bestand is {size:,} bytes; de grens is {MAX_FILE_BYTES:,}".replace(",", "."),
        Location(path),
        "splits het record",
    )


# What ruamel's parser says, in plain Dutch: (words in its problem or context, what is wrong).
# The first that matches wins; its jargon ("while scanning a plain scalar") never reaches editors.
_SYNTAX_PROBLEMS: list[tuple[str, str]] = [
    ("found character '\\t'", "een tab; YAML springt alleen met spaties in"),
    ("cannot start any token", "een teken waarmee een waarde niet mag beginnen (zoals @, ` of %)"),
    ("mapping values are not allowed", "een ':' met een spatie erna op een plek waar dat niet kan"),
    ("could not find expected ':'", "een regel zonder ':' tussen veldnaam en waarde"),
    ("did not find expected ',' or ']'", "een lijst tussen [ ] die niet wordt gesloten"),
    ("did not find expected ',' or '}'", "velden tussen { } die niet worden gesloten"),
    ("unhashable key", "een waarde die met '{' of '[' begint, als veldnaam gelezen"),
    ("quoted scalar", "een aanhalingsteken dat niet wordt gesloten"),
    ("did not find expected key", "de inspringing klopt niet"),
    ("expected <block end>", "de inspringing klopt niet"),
    (
        "block sequence entries are not allowed",
        "een lijstitem ('- ') op een plek waar dat niet kan",
    ),
]


def _plain_problem(context: str, problem: str) -> str:
    for words, meaning in _SYNTAX_PROBLEMS:
        if words in problem or words in context:
            return meaning
    return "de opmaak klopt hier niet"


def _syntax_diagnostic(path: str, exc: MarkedYAMLError, text: str) -> Diagnostic:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    # An unclosed quote is found only at the end of the file: point at where it opens instead.
    opening = "quoted scalar" in context and exc.context_mark is not None
    mark = exc.context_mark if opening else (exc.problem_mark or exc.context_mark)
    loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "could not determine a constructor" in problem:
        quoted = problem.split("'")
        tag = quoted[1] if len(quoted) > 2 else "?"
        return Diagnostic(
            "E107",
            f"de tag '{tag}' is niet toegestaan",
            loc,
            "haal de tag weg en schrijf de waarde als gewone tekst, getal of datum",
        )
    if "duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else "?"
        return Diagnostic(
            "E102",
            f"de sleutel '{key}' staat er twee keer",
            loc,
            "verwijder een van de twee; de tweede zou de eerste stilzwijgend vervangen",
        )
    if (
        "another document" in problem
        or "single document" in context
        or ("expected <document start>" in problem and _marker_before(lines, mark))
    ):
        return Diagnostic(
            "E104",
            "meer dan één YAML-document in één bestand",
            loc,
            "houd één record per bestand; haal de regel '---' (of '...') weg",
        )
    tab = "\t" in line_text[: (mark.column + 1) if mark else None] or "tab" in problem
    meaning = _SYNTAX_PROBLEMS[0][1] if tab else _plain_problem(context, problem)
    message = f"de YAML-opmaak klopt niet: {meaning}"
    runaway = _runaway_quote(text, exc.problem_mark) if not opening else None
    if runaway is not None:
        # A quote left open mid-file is closed by the next quotation mark, lines further on,
        # where the parser stumbles; the fix is where it opens.
        start, end = runaway
        return Diagnostic(
            "E101",
            f"de YAML-opmaak klopt niet: de tekst tussen aanhalingstekens die hier begint, "
            f"loopt door tot regel {end}, waar het misgaat",
            Location(path, start[0], start[1]),
            "sluit het aanhalingsteken op deze regel",
        )
    if tab:
        hint = "spring in met spaties, nooit met tabs"
    elif opening:
        hint = "sluit het aanhalingsteken dat op deze regel opent"
    elif "mapping values are not allowed" in problem:
        hint = "zet tekst met ': ' erin tussen aanhalingstekens, of controleer de inspringing"
    elif len(line_text.split(": ", 1)[0]) > 1024:
        hint = "een veldnaam is hoogstens 1024 tekens lang; mist er een regeleinde?"
    elif "unhashable key" in problem or "cannot start any token" in problem:
        hint = "zet de tekst tussen aanhalingstekens"
    elif "flow" in context and exc.context_mark is not None and mark is not exc.context_mark:
        opener = exc.context_mark
        bracket = "[" if "sequence" in context else "{"
        hint = (
            f"sluit de '{bracket}' die opent op regel {opener.line + 1}, kolom {opener.column + 1}"
        )
    else:
        hint = "controleer de inspringing en de aanhalingstekens op deze regel en die erboven"
    return Diagnostic("E101", message, loc, hint)


def _marker_before(lines: list[str], mark: Any) -> bool:
    """Whether a document marker line (`---` or `...`) comes before the error: the parser then
    found a second document, not merely text it could not place (such as a key too long to be
    one)."""
    end = mark.line if mark is not None else len(lines)
    return any(line.rstrip() in ("---", "...") for line in lines[:end])


def _runaway_quote(text: str, mark: Any) -> tuple[tuple[int, int], int] | None:
    """Where a quoted text opens ((line, col), 1-based) and the line it ends on, if one that
    spans lines ends on the line of the syntax error at `mark`: the sign of a closing quotation
    mark forgotten earlier. A quote that rightly spans lines ends its line, so the error, if
    any, comes on a later line and no quote is blamed."""
    if mark is None:
        return None
    last = None
    try:
        for token in YAML(typ="safe").scan(text):
            if token.start_mark.line > mark.line:
                break
            if isinstance(token, ScalarToken) and token.style in ('"', "'"):
                last = token
    except (YAMLError, ValueError):
        pass  # the scan stops at the same error; what it saw before is enough
    if last is None or last.end_mark.line != mark.line or last.start_mark.line == mark.line:
        return None
    return (last.start_mark.line + 1, last.start_mark.column + 1), last.end_mark.line + 1


def parse_files(jobs: list[tuple[str, bytes]]) -> list[tuple[SourceFile | None, list[Diagnostic]]]:
    """parse_file for each (path, bytes), in order; many files are parsed on every core
    (`parallel.run`: forked workers, and only where that is safe; in `mkdocs serve`, which has
    threads, a rebuild parses only the files that changed anyway)."""
    workers = min(parallel.cores(), 8)
    size = -(-len(jobs) // (workers * 4))  # a few chunks a worker, so none waits on the last
    return parallel.run(_parse_chunk, jobs, workers, chunk_size=size)


def _parse_chunk(jobs: list[tuple[str, bytes]]) -> list[tuple[SourceFile | None, list[Diagnostic]]]:
    return [parse_file(path, raw) for path, raw in jobs]


def iter_data_files(folder: str, rel: str = "") -> Iterator[tuple[str, str, bool]]:
    """(path, path below `folder` with forward slashes, is a link) of every file below `folder`,
    in path order, links included but never followed. os.scandir brings each entry's type with
    the listing; Path.rglob with is_file took three system calls a file (0.65 s at 10,000)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return  # as rglob: a folder that cannot be listed has nothing in it
    for entry in entries:
        below = f"{rel}{entry.name}"
        if entry.is_symlink():
            yield entry.path, below, True
        elif entry.is_dir():
            yield from iter_data_files(entry.path, below + "/")
        elif entry.is_file():
            yield entry.path, below, False


def read_data_file(path: str) -> tuple[bytes, int]:
    """The bytes of a file and its size; of a file over MAX_FILE_BYTES nothing is read (a file
    of gigabytes stays on disk). One open and one read, no stat, for a file within the limit."""
    with open(path, "rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return b"", os.fstat(stream.fileno()).st_size
        return raw, len(raw)


def _suffix(name: str) -> str:
    """Path(name).suffix."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


ParseCache = dict[str, tuple[bytes, "SourceFile | None", list[Diagnostic]]]

STORE_DIR = ".cache/monitor"  # below the project root; git ignores /.cache/
# What a stored parse depends on besides the bytes: this module's code and ruamel's.
_CODE_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + ruamel.yaml.__version__.encode()
).hexdigest()[:16]


def _date_paths(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Where the dates stand in parsed data ('d' a date, 't' a date and time): JSON has none."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _date_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _date_paths(item, (*path, i))
    elif isinstance(value, dt.datetime):
        yield path, "t"
    elif isinstance(value, dt.date):
        yield path, "d"


def _encode(data: Any) -> bytes | None:
    """Parsed data as JSON, `[places of its dates, data]`; None for data that would not come
    back the same (a number as a key, a time zone by another name)."""
    try:
        blob = json.dumps([list(_date_paths(data)), data], ensure_ascii=False, default=_iso)
        # repr, not ==: also a bool for a number, or a time zone by another name, is not the same.
        same = repr(_decode(blob.encode())) == repr(data)
    except (TypeError, ValueError, RecursionError):
        return None
    return blob.encode() if same else None


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not plain data")


def _decode(blob: bytes) -> Any:
    """What `_encode` wrote, read back with orjson (three times as fast as json here)."""
    dates, data = orjson.loads(blob)
    for path, kind in dates:
        parse = dt.datetime.fromisoformat if kind == "t" else dt.date.fromisoformat
        if not path:
            return parse(data)  # the whole file is one date
        holder = data
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = parse(holder[path[-1]])
    return data


class ParsedStore:
    """Parsed files kept on disk between runs, by the sha256 of their bytes: a cold `mkdocs
    build` or `monitor validate` parses only the files that changed since the last run.

    One SQLite database per code version, `parsed-<version>.sqlite`, one row per file: the
    parsed data as JSON (with the places of its dates, which JSON lacks) and a hash of it.
    Plain data only, never pickle: a tampered store cannot run code, it is read like the data.
    A run that parsed something adds its rows (a one-file edit in `mkdocs serve` writes one
    row), and removes the rows no file uses when they are most of the store. A row whose hash
    does not check out, or a database that does not open, is only a slower run: the file is
    parsed again, never given a wrong value or a failed build. Only files that parsed cleanly
    are kept; a broken file is parsed every time, so its diagnostics are always made fresh.
    (At 1,000 records, 1,161 files, a load from the store took 50 ms of CPU against 30 ms from
    the pickle this replaced: orjson decodes as fast as pickle did; SQLite and the hashes cost
    the rest, far below the 2 to 3 s a parse of those files takes.)"""

    def __init__(self, folder: Path):
        self.path = folder / f"parsed-{_CODE_VERSION}.sqlite"
        self.used: set[bytes] = set()
        self.new: dict[bytes, bytes] = {}
        self._known: dict[bytes, tuple[bytes, bytes]] | None = None

    @classmethod
    def at(cls, root: Path) -> ParsedStore:
        """The store of the project at `root`, in its .cache/monitor/."""
        return cls(root / STORE_DIR)

    @property
    def known(self) -> dict[bytes, tuple[bytes, bytes]]:
        """What the store holds, {digest: (JSON, its hash)}, read on first use: a rebuild in
        `mkdocs serve` that finds every file in its memory cache never reads it."""
        if self._known is None:
            self._known = {}
            if self.path.exists():
                try:
                    with contextlib.closing(self._connect()) as db:
                        rows = db.execute("SELECT digest, data, checksum FROM parsed")
                        self._known = {row[0]: row[1:] for row in rows}
                except sqlite3.Error:
                    pass  # a damaged or foreign file: everything is parsed again
        return self._known

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute(
            "CREATE TABLE IF NOT EXISTS parsed"
            " (digest BLOB PRIMARY KEY, data BLOB, checksum BLOB) WITHOUT ROWID"
        )
        return db

    def lookup(self, path: str, raw: bytes) -> SourceFile | None:
        """The file parsed from the data stored for these very bytes, if any. Every lookup
        decodes a value of its own: two files with the same bytes get two copies."""
        digest = hashlib.sha256(raw).digest()
        row = self.known.get(digest)
        if row is None or not isinstance(row[0], bytes) or _checksum(row[0]) != row[1]:
            return None
        try:
            data = _decode(row[0])
        except (ValueError, TypeError, LookupError, RecursionError):
            return None
        self.used.add(digest)
        text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        return SourceFile(path=path, text=text, data=data)

    def keep(self, raw: bytes, parsed: SourceFile | None) -> None:
        """Remember a file parsed from `raw`; only one that parsed cleanly is kept."""
        digest = hashlib.sha256(raw).digest()
        if parsed is not None and digest not in self.used:
            self.used.add(digest)
            blob = _encode(parsed.data)
            if blob is not None:
                self.new[digest] = blob

    def still_used(self, raw: bytes, parsed: SourceFile | None) -> None:
        """A file this run took from elsewhere (serve's memory cache): still part of the data,
        so the clean-up keeps it."""
        if parsed is not None:
            self.used.add(hashlib.sha256(raw).digest())

    def parse(self, path: str, raw: bytes) -> tuple[SourceFile | None, list[Diagnostic]]:
        """parse_file, or the data stored for these very bytes."""
        found = self.lookup(path, raw)
        if found is not None:
            return found, []
        parsed, diags = parse_file(path, raw)
        self.keep(raw, parsed)
        return parsed, diags

    def save(self) -> None:
        """Add what was parsed; remove the rows no file uses when they are most of the store."""
        if not self.new:
            return  # nothing to add, and the store is not even read
        clean_up = len(self.known) > 2 * len(self.used) + 100
        rows = [(digest, blob, _checksum(blob)) for digest, blob in self.new.items()]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():  # out of `git status` in any project, as pytest does
                ignore.write_text("*\n", encoding="utf-8")
            try:
                self._write(rows, clean_up)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError):
                    raise  # locked by another run, a full disk: not a damaged file
                self.path.unlink()  # not a database (any more): start a new one
                self._write(rows, clean_up)
        except (OSError, sqlite3.Error):
            return  # a read-only folder, a full disk, a busy store: the next run parses again
        if clean_up:
            self._known = {d: row for d, row in self.known.items() if d in self.used}
        self.known.update({row[0]: row[1:] for row in rows})
        self.new = {}

    def _write(self, rows: list[tuple[bytes, bytes, bytes]], clean_up: bool) -> None:
        with contextlib.closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", rows)
            if clean_up:
                db.execute("CREATE TEMP TABLE used (digest BLOB PRIMARY KEY)")
                db.executemany("INSERT INTO used VALUES (?)", [(d,) for d in self.used])
                db.execute("DELETE FROM parsed WHERE digest NOT IN (SELECT digest FROM used)")
            db.execute("COMMIT")


def _checksum(blob: bytes) -> bytes:
    return hashlib.blake2b(blob, digest_size=16).digest()


def load_files(
    data_dir: Path,
    root: Path | None = None,
    cache: ParseCache | None = None,
    store: ParsedStore | None = None,
) -> Loaded:
    """Read and parse every file under `data_dir`. Paths in messages are relative to `root`
    (by default the parent of `data_dir`, the project root). With `cache` (kept by a long-lived
    caller such as `mkdocs serve`), a file whose bytes are unchanged is not parsed again; with
    `store`, parsed files are also kept on disk for the next run (and saved here)."""
    root = root or data_dir.parent
    # Every file's outcome in folder order; the files to parse are parsed together at the end.
    outcomes: list[tuple[SourceFile | None, list[Diagnostic]]] = []
    pending: list[tuple[int, str, bytes]] = []
    prefix = _display_path(data_dir, root)
    prefix = "" if prefix == "." else prefix + "/"
    for path, below, is_link in iter_data_files(str(data_dir)):
        rel = prefix + below
        name = below.rsplit("/", 1)[-1]
        parent = below.rsplit("/", 2)[-2] if "/" in below else data_dir.name
        if _suffix(name) == ".json" and parent == "schema":
            continue  # the generated JSON Schemas live beside the data for editors' IDEs
        if name.startswith(".") or name == "README.md":
            continue
        if _suffix(name) != ".yaml" or is_link:
            message = f"onverwacht bestand '{name}'"
            hint = "gegevensbestanden eindigen op '.yaml' (niet '.yml') en zijn geen links"
            outcomes.append((None, [Diagnostic("E106", message, Location(rel), hint)]))
            continue
        try:
            raw, size = read_data_file(path)
            if size > MAX_FILE_BYTES:
                outcomes.append((None, [_too_large(rel, size)]))
                continue
        except OSError as exc:  # no permission, or removed while we read the folder
            message = f"het bestand kan niet worden gelezen: {exc.strerror or exc}"
            hint = "controleer of het bestand bestaat en leesbaar is"
            outcomes.append((None, [Diagnostic("E100", message, Location(rel), hint)]))
            continue
        hit = cache.get(rel) if cache is not None else None
        if hit is not None and hit[0] == raw:
            outcomes.append((hit[1], hit[2]))
            if store is not None:
                store.still_used(raw, hit[1])
            continue
        found = store.lookup(rel, raw) if store is not None else None
        if found is not None:
            outcomes.append((found, []))
            if cache is not None:
                cache[rel] = (raw, found, [])
            continue
        pending.append((len(outcomes), rel, raw))
        outcomes.append((None, []))  # filled in below
    done = parse_files([(rel, raw) for _, rel, raw in pending])
    for (i, rel, raw), outcome in zip(pending, done, strict=True):
        outcomes[i] = outcome
        if store is not None:
            store.keep(raw, outcome[0])
        if cache is not None:
            cache[rel] = (raw, *outcome)
    if store is not None:
        store.save()
    files: list[SourceFile] = []
    diagnostics: list[Diagnostic] = []
    for parsed, diags in outcomes:
        diagnostics.extend(diags)
        if parsed is not None:
            files.append(parsed)
    return Loaded(files, diagnostics)


def _display_path(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
