"""Stable index: make Pagefind's bundle byte-identical between two builds of the same site.

Pagefind 1.5 writes each filter's values in the order of a Rust hash map, which is seeded at
random in every run (upstream: Pagefind/pagefind#638, "filter/metadata indexes" still change).
So each build names the filter file, and through it the metadata file and `pagefind-entry.json`,
differently, and a release cannot be verified by rebuilding it. This module rewrites those three
in a fixed order: filter values sorted, file names from a hash of the new content. Nothing else
in the bundle changes (fragments and word indexes are already stable).

The files are gzip'd CBOR behind a `pagefind_dcd` signature. No CBOR library is locked, so the
few CBOR types these files use (unsigned integers, text, arrays, maps) are read and written here;
a file that holds anything else, or does not re-encode to exactly its own bytes, is left as it
is (the reproducibility test then names it). This module must not know MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class _Unsupported(ValueError):
    pass


def _head(major: int, value: int) -> bytes:
    """A CBOR item head in its shortest form, as Pagefind's encoder writes it."""
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise _Unsupported(f"integer {value} too large")


def _encode(item: Any) -> bytes:
    if isinstance(item, bool) or item is None:
        raise _Unsupported(f"unexpected {item!r}")
    if isinstance(item, int) and item >= 0:
        return _head(0, item)
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(_encode(x) for x in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(_encode(k) + _encode(v) for k, v in item.items())
    raise _Unsupported(f"unexpected {type(item).__name__}")


def _decode(data: bytes, pos: int = 0) -> tuple[Any, int]:
    first = data[pos]
    major, info = first >> 5, first & 0x1F
    pos += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    else:
        raise _Unsupported(f"CBOR head {first:#x}")
    if major == 0:
        return value, pos
    if major == 3:
        return data[pos : pos + value].decode("utf-8"), pos + value
    if major == 4:
        items = []
        for _ in range(value):
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, pos = _decode(data, pos)
            mapping[key], pos = _decode(data, pos)
        return mapping, pos
    raise _Unsupported(f"CBOR major type {major}")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unsupported(f"{path.name} has no Pagefind signature")
    body = raw[len(SIGNATURE) :]
    item, end = _decode(body)
    if end != len(body) or _encode(item) != body:
        raise _Unsupported(f"{path.name} does not re-encode to its own bytes")
    return item


def _gzip(payload: bytes) -> bytes:
    return gzip.compress(payload, compresslevel=9, mtime=0)


def _name(prefix: str, payload: bytes, length: int) -> str:
    return f"{prefix}_{hashlib.sha256(payload).hexdigest()[:length]}"


def stabilize_bundle(bundle: Path) -> list[str]:
    """Rewrite the filter, metadata and entry files of the Pagefind bundle in `bundle` in a fixed
    order. Everything is worked out before a file is touched, so a file this module does not
    understand leaves the bundle as Pagefind wrote it. Returns what could not be made stable
    (empty when all is well)."""
    entry_file = bundle / "pagefind-entry.json"
    entry_text = entry_file.read_text(encoding="utf-8")
    left: list[str] = []
    for language, info in json.loads(entry_text).get("languages", {}).items():
        try:
            plan = _plan(bundle, language, info["hash"], entry_text)
        except (_Unsupported, OSError, EOFError, gzip.BadGzipFile, IndexError, KeyError) as exc:
            left.append(f"{language}: {exc}")
            continue
        if plan is None:
            continue  # no filters: nothing in this language's bundle varies
        removals, writes, entry_text = plan
        for path in removals:
            path.unlink()
        for path, payload in writes.items():
            path.write_bytes(_gzip(payload))
    entry_file.write_text(entry_text, encoding="utf-8")
    return left


def _plan(
    bundle: Path, language: str, meta_hash: str, entry_text: str
) -> tuple[list[Path], dict[Path, bytes], str] | None:
    """Files to remove, files to write (uncompressed payloads) and the new entry text."""
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta_raw = gzip.decompress(meta_file.read_bytes())
    # Only the filters this metadata names: an older bundle's files may still lie beside them.
    filters = [
        f
        for f in sorted((bundle / "filter").glob(f"{language}_*.pf_filter"))
        if f.stem.encode() in meta_raw
    ]
    if not filters:
        return None
    removals, writes = [meta_file], {}
    for filter_file in filters:
        name, values = _read(filter_file)
        if not (isinstance(values, list) and all(len(v) == 2 for v in values)):
            raise _Unsupported(f"{filter_file.name}: unexpected shape")
        payload = SIGNATURE + _encode([name, sorted(values, key=lambda v: v[0])])
        old = filter_file.stem
        new = _name(language, payload, len(old) - len(language) - 1)
        if meta_raw.count(old.encode()) != 1:
            raise _Unsupported(f"{meta_file.name} names {old} not exactly once")
        meta_raw = meta_raw.replace(old.encode(), new.encode())
        removals.append(filter_file)
        writes[filter_file.with_name(f"{new}.pf_filter")] = payload
    new_meta = _name(language, meta_raw, len(meta_hash) - len(language) - 1)
    writes[bundle / f"pagefind.{new_meta}.pf_meta"] = meta_raw
    old_ref = f'"hash":"{meta_hash}"'
    if entry_text.count(old_ref) != 1:
        raise _Unsupported(f"pagefind-entry.json names {meta_hash} not exactly once")
    return removals, writes, entry_text.replace(old_ref, f'"hash":"{new_meta}"')
