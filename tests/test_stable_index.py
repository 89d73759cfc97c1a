"""The Pagefind bundle rewrite: any order of filter values gives the same bytes, and a file it
does not understand is left exactly as Pagefind wrote it. (That real builds come out identical is
tested in test_release_build.py.)"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from monitor.publish.stable_index import SIGNATURE, _decode, _encode, stabilize_bundle

VALUES = [
    ["Maatregel", [23, 24, 25]],
    ["Document", [0, 1, 2, 3]],
    ["Motie of verzoek", [14, 15]],
    ["Informatie", list(range(4, 300, 7))],
]


def write_bundle(root: Path, values: list, filter_hash: str = "nl_823b466") -> Path:
    """A bundle as Pagefind writes it: entry → metadata → one filter file."""
    bundle = root / "pagefind"
    (bundle / "filter").mkdir(parents=True)
    filter_payload = SIGNATURE + _encode(["soort", values])
    (bundle / "filter" / f"{filter_hash}.pf_filter").write_bytes(gzip.compress(filter_payload))
    meta = SIGNATURE + _encode(["1.5.2", [["nl_139877c", 29]], [["soort", filter_hash]], []])
    (bundle / "pagefind.nl_5d148ded62.pf_meta").write_bytes(gzip.compress(meta))
    entry = {"version": "1.5.2", "languages": {"nl": {"hash": "nl_5d148ded62", "page_count": 3}}}
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, separators=(",", ":")))
    return bundle


def files(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*.*"))}


def test_cbor_is_written_in_the_shortest_form_pagefind_writes_and_read_back() -> None:
    shortest: list[tuple[object, str]] = [
        (0, "00"),
        (23, "17"),
        (24, "1818"),
        (255, "18ff"),
        (256, "190100"),
        (65536, "1a00010000"),
        (2**32, "1b0000000100000000"),
        ("", "60"),
        ("é" * 30, "783c" + "c3a9" * 30),
        ([], "80"),
        ([1, ["a", {"b": 2}]], "8201826161a1616202"),
    ]
    for item, hex_bytes in shortest:
        assert _encode(item).hex() == hex_bytes
        assert _decode(bytes.fromhex(hex_bytes)) == item


def test_any_order_of_filter_values_gives_the_same_bundle(tmp_path: Path) -> None:
    one = write_bundle(tmp_path / "one", VALUES, "nl_823b466")
    two = write_bundle(tmp_path / "two", VALUES[::-1], "nl_f0a380c")
    assert stabilize_bundle(one) == [] and stabilize_bundle(two) == []
    assert files(one) == files(two)
    entry = json.loads((one / "pagefind-entry.json").read_text())
    meta = one / f"pagefind.{entry['languages']['nl']['hash']}.pf_meta"
    (filter_file,) = (one / "filter").iterdir()
    assert filter_file.stem.encode() in gzip.decompress(meta.read_bytes())
    name, values = _decode(gzip.decompress(filter_file.read_bytes())[len(SIGNATURE) :])
    assert name == "soort" and values == sorted(VALUES)
    assert filter_file.read_bytes()[4:8] == b"\0\0\0\0"  # gzip header without a time


def test_any_order_of_filters_gives_the_same_metadata(tmp_path: Path) -> None:
    """Two filters (soort, onderwerp): Pagefind lists them in the metadata in a random order."""
    bundles = []
    for name, order in (("one", ["soort", "onderwerp"]), ("two", ["onderwerp", "soort"])):
        bundle = tmp_path / name / "pagefind"
        (bundle / "filter").mkdir(parents=True)
        listed = []
        for i, filter_name in enumerate(order):
            stem = f"nl_{name}{i}abc"
            payload = SIGNATURE + _encode(
                [filter_name, [[filter_name.upper(), [len(filter_name)]]]]
            )
            (bundle / "filter" / f"{stem}.pf_filter").write_bytes(gzip.compress(payload))
            listed.append([filter_name, stem])
        meta = SIGNATURE + _encode(["1.5.2", [["nl_139877c", 29]], [], listed, [], []])
        (bundle / "pagefind.nl_5d148ded62.pf_meta").write_bytes(gzip.compress(meta))
        entry = {"version": "1.5.2", "languages": {"nl": {"hash": "nl_5d148ded62"}}}
        (bundle / "pagefind-entry.json").write_text(json.dumps(entry, separators=(",", ":")))
        assert stabilize_bundle(bundle) == []
        bundles.append(files(bundle))
    assert bundles[0] == bundles[1]


def test_a_file_it_does_not_understand_is_left_alone(tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path, VALUES)
    (filter_file,) = (bundle / "filter").iterdir()
    filter_file.write_bytes(gzip.compress(SIGNATURE + b"\xf9\x3c\x00"))  # a CBOR float
    before = files(bundle)
    left = stabilize_bundle(bundle)
    assert len(left) == 1 and "nl:" in left[0]
    assert files(bundle) == before
