"""The search benchmark's breakdown: fetched files grouped by kind, content hashes left out."""

from __future__ import annotations

import pytest

from bench.search_fetch import file_kind

BASE = "http://127.0.0.1:8123"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/pagefind/pagefind.js", "pagefind/pagefind.js"),
        ("/pagefind/pagefind-entry.json?ts=1795609345250", "pagefind/pagefind-entry.json"),
        ("/pagefind/pagefind.nl_01465a1e77.pf_meta", "pagefind/pagefind.*.pf_meta"),
        ("/pagefind/wasm.nl.pagefind", "pagefind/wasm.nl.pagefind"),
        ("/pagefind/index/nl_27db45c.pf_index", "pagefind/index/*.pf_index"),
        ("/pagefind/filter/nl_dd8a4df.pf_filter", "pagefind/filter/*.pf_filter"),
        ("/pagefind/fragment/nl_3961f99.pf_fragment", "pagefind/fragment/*.pf_fragment"),
        ("/assets/zoeken.js", "assets/zoeken.js"),
        ("/sub/pagefind/index/nl_1.pf_index", "sub/pagefind/index/*.pf_index"),
    ],
)
def test_file_kind_drops_the_hash_and_keeps_the_folder(path: str, kind: str) -> None:
    assert file_kind(BASE + path) == kind
