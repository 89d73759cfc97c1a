"""The loader: positions of keys and values, and every kind of unreadable file."""

from __future__ import annotations

import pytest

from monitor.diagnostics import Location
from monitor.load import MAX_FILE_BYTES, MAX_NODES, parse_file

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
