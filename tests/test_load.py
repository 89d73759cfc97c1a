"""The loader: positions of keys and values, and every kind of unreadable file."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.error import YAMLError

from monitor.data.diagnostics import Location
from monitor.data.load import (
    MAX_FILE_BYTES,
    MAX_NODES,
    STORE_DIR,
    ParsedStore,
    _check_events,
    _needs_event_check,
    iter_data_files,
    load_files,
    parse_file,
    parse_files,
)

REPO = Path(__file__).resolve().parents[1]

TEXT = """\
id: x
title: Een titel
status_history:
  - status: aangekondigd
    quote: "citaat"
  - {status: onbekend, quote: tweede}
nested:
  deeper:
    - [a, b]
"""


def parsed():
    file, diags = parse_file("data/measures/x.yaml", TEXT.encode())
    assert diags == [] and file is not None
    return file


@pytest.mark.parametrize(
    ("keypath", "key", "expected"),
    [
        (("title",), False, (2, 8)),
        (("title",), True, (2, 1)),
        (("status_history", 0), False, (4, 5)),
        (("status_history", 0, "quote"), False, (5, 12)),
        (("status_history", 1, "quote"), False, (6, 31)),
        (("status_history", 1, "status"), True, (6, 6)),
        (("nested", "deeper", 0, 1), False, (9, 11)),
        ((), False, (1, 1)),
    ],
)
def test_positions_of_keys_and_values(keypath, key, expected) -> None:
    assert parsed().locate(keypath, key=key) == Location("data/measures/x.yaml", *expected)


def test_missing_key_is_located_at_its_parent_mapping() -> None:
    assert parsed().locate(("status_history", 1, "section")) == Location(
        "data/measures/x.yaml", 6, 5
    )


def test_positions_survive_values_that_do_not_construct() -> None:
    file, diags = parse_file("x.yaml", b"id: x\ndate: 2024-13-45\n")
    assert diags == [] and file is not None
    assert file.data["date"] == "2024-13-45"  # left as text for validation to report
    assert file.locate(("date",)) == Location("x.yaml", 2, 7)


@pytest.mark.parametrize(
    ("raw", "code", "line", "col"),
    [
        (b'a: "open\nb: 1\n', "E101", 1, 4),
        (b"a:\n\t- b\n", "E101", 2, 1),
        (b"a: 1\n  b: 2\n", "E101", 2, 4),
        (b"a: [1, 2\n", "E101", 2, 1),
        (b"a: 1\na: 2\n", "E102", 2, 1),
        (b"", "E103", 0, 0),
        (b"   \n# comment\n", "E103", 0, 0),
        (b"a: 1\n---\nb: 2\n", "E104", 2, 1),
        (b"a: !!python/name:os.system x\n", "E107", 1, 4),
        (b"a: !custom x\n", "E107", 1, 4),
        (b"a: &x [1]\nb: *x\n", "E107", 1, 4),
        (b"a: \xc3\x28\n", "E100", 1, 4),
        (b"a: 1\x00\n", "E100", 0, 0),
        (b"a: " + b"[" * 100 + b"]" * 100 + b"\n", "E108", 0, 0),
        (b"a: '" + b"x" * (MAX_FILE_BYTES + 1) + b"'\n", "E108", 0, 0),
        # Deep enough to overflow the C stack of ruamel's composer (a segfault, not an error)
        # if it ever reached it: each level is two bytes.
        (b"- " * 200_000 + b"x\n", "E108", 0, 0),
        (b"? " * 200_000 + b"x\n", "E108", 0, 0),
        (b"a: " + b"{a: " * 200_000 + b"\n", "E108", 0, 0),
        (b"a: " + b"[" * 200_000 + b"]" * 200_000 + b"\n", "E108", 0, 0),
        (b"a: [" + b"x, " * (MAX_NODES + 1) + b"]\n", "E108", 0, 0),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_unreadable_files_give_one_located_error(raw, code, line, col) -> None:
    file, diags = parse_file("f.yaml", raw)
    assert file is None
    assert [(d.code, d.location.line, d.location.col) for d in diags] == [(code, line, col)]


def test_billion_laughs_is_refused_without_expanding() -> None:
    lol = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lol += f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n".encode()
    file, diags = parse_file("f.yaml", lol)
    assert file is None and diags[0].code == "E107"


def test_bom_and_windows_line_ends_are_accepted() -> None:
    file, diags = parse_file("f.yaml", b"\xef\xbb\xbfid: x\r\ntitle: y\r\n")
    assert diags == [] and file is not None
    assert file.data == {"id": "x", "title": "y"}
    assert file.locate(("title",)) == Location("f.yaml", 2, 8)


# --- the fast path: no event pass for a text in which it could find nothing ----------------------

# YAML-shaped text heavy in what the event pass looks for: anchors, aliases, tags, nesting.
_PIECES = [
    "a", "b", "1", " ", "  ", "\n", "\t", "\r", "\u2028", "\x85", "- ", "? ", ": ", ":", ",", "[",
    "]", "{", "}", "&", "*", "!", "!!", "&x ", "*x", "!!str ", "#", "'", '"', "|", ">", "---",
    "x&y", "a*b", "c!d", "%TAG ! tag:x,1:\n",
]  # fmt: skip
YAMLISH = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _outcome(path: str, raw: bytes) -> tuple[object, list[object]]:
    file, diags = parse_file(path, raw)
    return (None if file is None else file.data), diags


@settings(max_examples=300)
@given(YAMLISH)
def test_the_event_pass_is_skipped_only_where_it_finds_nothing(text: str) -> None:
    if not _needs_event_check(text):
        try:
            found = _check_events("f.yaml", text)
        except YAMLError:
            found = None  # a syntax error before anything the pass looks for
        assert found is None


@settings(max_examples=200)
@given(YAMLISH)
def test_the_fast_path_gives_what_the_full_path_gives(text: str) -> None:
    raw = text.encode()
    fast = _outcome("f.yaml", raw)
    with mock.patch("monitor.data.load._needs_event_check", return_value=True):
        full = _outcome("f.yaml", raw)
    assert fast == full


@pytest.mark.parametrize(
    "text",
    [
        '{"a":&x 1}\n',
        '["a":!!str b]\n',
        "a:\u2028&x b\n",
        "a: b\r&x c\n",
        "- !!binary aGk=\n",
        "%TAG ! tag:example.com,2000:\n--- !x a\n",
        "a: &x b\n",
        "a:\n  - *x\n",
        "a: [" + "x, " * (MAX_NODES // 8) + "]\n",
    ],
)
def test_texts_that_may_hold_something_take_the_event_pass(text: str) -> None:
    assert _needs_event_check(text)


def test_the_records_of_the_real_data_mostly_skip_the_event_pass() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("data/*/*.yaml"))]
    plain = [t for t in texts if not _needs_event_check(t)]
    assert len(plain) > len(texts) / 2
    for text in texts:
        assert _outcome("f.yaml", text.encode())[1] == []


# --- the parsed store on disk ---------------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for rel, raw in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(raw)
    return tmp_path


STORE_FILES = {
    "data/measures/a.yaml": b"id: a\ntitle: Een\ndate: 2024-01-02\nlist: [1, 2.5, true, null]\n",
    "data/measures/b.yaml": b"id: b\ntitle: Een\ndate: 2024-01-02\nlist: [1, 2.5, true, null]\n",
    "data/measures/same.yaml": b"id: a\ntitle: Een\ndate: 2024-01-02\nlist: [1, 2.5, true, null]\n",
    "data/measures/broken.yaml": b"id: [\n",
    "data/measures/anchor.yaml": b"a: &x 1\nb: *x\n",
    # What JSON alone cannot hold: dates and times (stored with their places), and data the store
    # leaves out because it would not come back the same (a number as a key, a time zone).
    "data/measures/dates.yaml": b"- 2024-02-29\n- at: 2024-01-02 10:00:00\n  n: [2001-01-01]\n",
    "data/measures/one-date.yaml": b"2024-03-01\n",
    "data/measures/int-key.yaml": b"1: een\n",
    "data/measures/zone.yaml": b"at: 2024-01-02T10:00:00+01:00\n",
}


def _load(root: Path, store: bool = True) -> list[tuple[str, object]]:
    found = load_files(root / "data", root, None, ParsedStore(root / STORE_DIR) if store else None)
    return [(f.path, f.data) for f in found.files] + [
        (d.code, d.location) for d in found.diagnostics
    ]


def test_a_stored_parse_gives_what_a_fresh_parse_gives(tmp_path: Path) -> None:
    root = _tree(tmp_path, STORE_FILES)
    fresh = _load(root, store=False)
    assert _load(root) == fresh  # cold: parses and stores
    assert (root / STORE_DIR / ".gitignore").read_text() == "*\n"  # never shows in git status
    store = ParsedStore(root / STORE_DIR)
    # Four distinct clean texts JSON can hold; broken files are never stored.
    assert len(store.known) == 4
    assert _load(root) == fresh  # warm
    loaded = load_files(root / "data", root, None, ParsedStore(root / STORE_DIR))
    data = {f.path: f.data for f in loaded.files}
    # Files with the same bytes still get values of their own.
    assert data["data/measures/a.yaml"] is not data["data/measures/same.yaml"]


def test_an_edit_is_added_and_a_stale_store_cleaned_up(tmp_path: Path) -> None:
    root = _tree(tmp_path, STORE_FILES)
    _load(root)
    _tree(root, {"data/measures/b.yaml": b"id: b\ntitle: Twee\n"})
    assert _load(root) == _load(root, store=False)
    assert len(ParsedStore(root / STORE_DIR).known) == 5  # added
    for i in range(120):  # many edits: most of the store is stale, so it is cleaned up
        _tree(root, {"data/measures/b.yaml": f"id: b\ntitle: Versie {i}\n".encode()})
        _load(root)
    assert len(ParsedStore(root / STORE_DIR).known) < 110


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]),
        lambda blob: b"\x00" * 8 + blob[8:],
        lambda blob: b"not a store at all",
        lambda blob: b"\xff" * 8 + blob[8:],
    ],
    ids=["truncated", "flipped-byte", "zero-length", "garbage", "huge-length"],
)
def test_a_damaged_store_never_breaks_a_load(tmp_path: Path, damage) -> None:
    root = _tree(tmp_path, STORE_FILES)
    fresh = _load(root, store=False)
    _load(root)
    path = ParsedStore(root / STORE_DIR).path
    path.write_bytes(damage(path.read_bytes()))
    assert _load(root) == fresh
    assert _load(root) == fresh  # and the next run is right too


def test_a_row_changed_behind_the_store_s_back_is_parsed_again(tmp_path: Path) -> None:
    import sqlite3

    root = _tree(tmp_path, STORE_FILES)
    fresh = _load(root, store=False)
    _load(root)
    with sqlite3.connect(ParsedStore(root / STORE_DIR).path) as db:
        changed = db.execute(
            "UPDATE parsed SET data = CAST(replace(CAST(data AS TEXT), 'Een', 'Nee') AS BLOB)"
            " WHERE instr(data, 'Een')"
        ).rowcount
    assert changed == 2  # a.yaml (and same.yaml) and b.yaml
    assert _load(root) == fresh


def test_a_tampered_store_cannot_run_code(tmp_path: Path) -> None:
    """The store holds JSON, read like the data; a pickle put in its place is only text."""
    import hashlib
    import sqlite3

    from monitor.data import load as load_module
    from monitor.data.load import _checksum

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'ran'}",))

    root = _tree(tmp_path, STORE_FILES)
    _load(root)
    blob = pickle.dumps(Payload())
    digest = hashlib.sha256(STORE_FILES["data/measures/a.yaml"]).digest()
    with sqlite3.connect(ParsedStore(root / STORE_DIR).path) as db:
        update = "UPDATE parsed SET data = ?, checksum = ? WHERE digest = ?"
        assert db.execute(update, (blob, _checksum(blob), digest)).rowcount == 1
    assert _load(root) == _load(root, store=False)
    assert not (tmp_path / "ran").exists()
    assert "pickle" not in vars(load_module)


def test_a_store_that_cannot_be_written_is_only_slower(tmp_path: Path) -> None:
    root = _tree(tmp_path, STORE_FILES)
    (root / ".cache").write_text("a file where the folder should be")
    assert _load(root) == _load(root, store=False)


def test_the_folder_walk_finds_what_rglob_finds_in_the_same_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for rel in ["a.yaml", "a/b.yaml", "a-b.yaml", "B/c.yaml", "a/.hidden", "z/y/x.yaml", "é.yaml"]:
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_text("id: x\n")
    (data / "link-dir").symlink_to(data / "a", target_is_directory=True)
    (data / "link.yaml").symlink_to(data / "a.yaml")
    (data / "a" / "fifo").mkdir()  # an empty folder: nothing to find
    expected = [
        (p.as_posix(), p.relative_to(data).as_posix(), p.is_symlink())
        for p in sorted(data.rglob("*"))
        if p.is_file() or p.is_symlink()
    ]
    assert list(iter_data_files(data.as_posix())) == expected
    assert list(iter_data_files((tmp_path / "missing").as_posix())) == []


def test_serve_s_memory_cache_and_the_store_together_keep_every_file(tmp_path: Path) -> None:
    root = _tree(tmp_path, {f"data/measures/m{i}.yaml": f"id: m{i}\n".encode() for i in range(150)})
    memory: dict = {}
    for i in range(3):  # a first build, then rebuilds after a one-file edit each
        _tree(root, {"data/measures/m0.yaml": f"id: m0\ntitle: Versie {i}\n".encode()})
        load_files(root / "data", root, memory, ParsedStore(root / STORE_DIR))
    known = ParsedStore(root / STORE_DIR).known
    assert len(known) >= 150  # not rewritten down to the one file each rebuild parsed
    assert _load(root) == _load(root, store=False)


# In a child process: the test process may have threads (the browser tests leave some), and
# then parse_files rightly stays on one core.
_PARALLEL_CHILD = """
import pickle, sys
from concurrent.futures import ProcessPoolExecutor
from unittest import mock
from monitor.data.load import parse_files
jobs = pickle.load(sys.stdin.buffer)
with mock.patch("monitor.parallel.ProcessPoolExecutor", wraps=ProcessPoolExecutor) as pool:
    outcomes = parse_files(jobs)
pickle.dump(([(f and f.data, d) for f, d in outcomes], pool.called), sys.stdout.buffer)
"""


def test_many_files_parsed_on_every_core_give_what_one_core_gives() -> None:
    texts = {
        f"data/measures/m{i:04d}.yaml": f"id: m{i}\nd: 2024-01-0{1 + i % 9}\n" for i in range(450)
    }
    texts["data/measures/m0007.yaml"] = "id: [\n"  # a broken one among them
    jobs = [(path, text.encode()) for path, text in texts.items()]
    with mock.patch("monitor.parallel.MIN_ITEMS", 10**9):
        serial = [(f and f.data, d) for f, d in parse_files(jobs)]
    done = subprocess.run(
        [sys.executable, "-c", _PARALLEL_CHILD], input=pickle.dumps(jobs), capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    parallel, used_workers = pickle.loads(done.stdout)
    assert used_workers or len(os.sched_getaffinity(0)) < 2  # workers, where there are cores
    assert parallel == serial
    assert sum(1 for data, _ in serial if data is None) == 1
