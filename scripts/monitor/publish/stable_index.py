"""Stable index: make Pagefind's bundle byte-identical between two builds of the same site.

Pagefind 1.5 writes each filter's values in the order of a Rust hash map, which is seeded at
random in every run (upstream: Pagefind/pagefind#638, "filter/metadata indexes" still change).
So each build names the filter file, and through it the metadata file and `pagefind-entry.json`,
differently, and a release cannot be verified by rebuilding it. This module rewrites those three
in a fixed order: filter values sorted, file names from a hash of the new content. Nothing else
in the bundle changes (fragments and word indexes are already stable).

The files are gzip'd CBOR behind a `pagefind_dcd` signature, read and written with cbor2; a
file that does not re-encode to exactly its own bytes (so that rewriting it would change more
than the order) is left as it is (the reproducibility test then names it). This module must not
know MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"


class _Unsupported(ValueError):
    pass


def _encode(item: Any) -> bytes:
    """CBOR as Pagefind's encoder writes it: cbor2 writes every head in its shortest form and
    maps in their own order, as Pagefind does, for the types these files hold."""
    try:
        return cbor2.dumps(item)
    except (cbor2.CBORError, ValueError, TypeError) as exc:
        raise _Unsupported(f"CBOR: {exc}") from exc


def _decode(data: bytes) -> Any:
    try:
        return cbor2.loads(data)
    except (cbor2.CBORError, ValueError, RecursionError) as exc:
        raise _Unsupported(f"CBOR: {exc}") from exc


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unsupported(f"{path.name} has no Pagefind signature")
    body = raw[len(SIGNATURE) :]
    item = _decode(body)
    # Also catches what cbor2 reads but would write otherwise (a half-precision float, trailing
    # bytes): only what comes back exactly may be rewritten.
    if _encode(item) != body:
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
    meta_raw = _sorted_filter_list(
        meta_raw, meta_file.name, {p.stem for p in writes if p.suffix == ".pf_filter"}
    )
    new_meta = _name(language, meta_raw, len(meta_hash) - len(language) - 1)
    writes[bundle / f"pagefind.{new_meta}.pf_meta"] = meta_raw
    old_ref = f'"hash":"{meta_hash}"'
    if entry_text.count(old_ref) != 1:
        raise _Unsupported(f"pagefind-entry.json names {meta_hash} not exactly once")
    return removals, writes, entry_text.replace(old_ref, f'"hash":"{new_meta}"')


def _sorted_filter_list(meta_raw: bytes, name: str, files: set[str]) -> bytes:
    """The metadata with its list of filters ([[filter, file], …], in the same hash-map order as
    the values) sorted by filter name: with two filters or more (soort, onderwerp) the order
    changed from one build to the next. The list is the one whose files are the filter files."""
    if not meta_raw.startswith(SIGNATURE):
        raise _Unsupported(f"{name} has no Pagefind signature")
    body = meta_raw[len(SIGNATURE) :]
    meta = _decode(body)
    if not isinstance(meta, list) or _encode(meta) != body:
        raise _Unsupported(f"{name} does not re-encode to its own bytes")
    for i, part in enumerate(meta):
        if (
            isinstance(part, list)
            and part
            and all(isinstance(f, list) and len(f) == 2 and f[1] in files for f in part)
        ):
            meta[i] = sorted(part, key=lambda f: str(f[0]))
            return SIGNATURE + _encode(meta)
    raise _Unsupported(f"{name}: no list of the filter files")
