"""Search: index a built site with Pagefind, so readers can search it without any server.

Why Pagefind and not the theme's lunr search: lunr makes every reader download the whole index
before the first result (21 MB, 4.8 MB gzipped, at 5,000 pages, measured), which a phone cannot
afford at 10,000 records. Pagefind splits its index into chunks and fetches only those a query
needs (about 194 KB per query at 5,000 pages, measured), stems Dutch (the `extended` binary, from
the `lang="nl"` of every page), and is a static bundle served from the site itself: no request
leaves the site.

What enters the index is decided in the theme (`overrides/main.html`): only the article of each
page (`data-pagefind-body`), so the navigation, header and footer repeated on every page do not
drown the results; record pages carry a `soort` filter, and overview pages weigh less. What
Dutch stemming misses is added to the pages as hidden words by `search_terms`. This module runs
the indexer over a finished site folder and must not know MkDocs or decide what a page contains.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .stable_index import stabilize_bundle

BUNDLE = "pagefind"  # the folder in the site that holds the index and Pagefind's script
# Pagefind writes its ready-made interfaces into every bundle, and has no option to leave them
# out. The search page has its own small interface on Pagefind's JavaScript API (a third of the
# bytes of PagefindUI, and no filter index before a reader picks a filter), so these are removed
# after indexing: nothing loads them, and a published file nobody uses is one more to keep safe.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# Inside the article, still not content: heading permalinks ("¶") and the edit button.
EXCLUDE = ".headerlink, .md-content__button"


class SearchIndexError(Exception):
    """Pagefind failed; the message is its own output."""


@dataclass(frozen=True)
class IndexResult:
    pages: int
    words: int
    output: str


def index_site(site_dir: Path, language: str = "nl") -> IndexResult:
    """Write the Pagefind bundle into `site_dir/pagefind/`, replacing any earlier one.

    Runs the binary the locked `pagefind[extended]` package ships, through its module entry point,
    so no download is needed. `--force-language` keeps one index even if a page's language were
    mis-set, which would otherwise split the index and hide half the results."""
    done = subprocess.run(index_command(site_dir, language), capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchIndexError((done.stdout + done.stderr).strip())
    remove_unused(site_dir / BUNDLE)
    # Pagefind orders filter values at random in each run; fix the order, so that two builds of
    # one commit are byte-identical (see stable_index).
    unstable = stabilize_bundle(site_dir / BUNDLE)
    if unstable:
        done.stdout += "\nnot made reproducible: " + "; ".join(unstable) + "\n"
    return IndexResult(
        pages=_count(done.stdout, "Indexed", "page"),
        words=_count(done.stdout, "Indexed", "word"),
        output=done.stdout,
    )


def index_command(site_dir: Path, language: str = "nl") -> list[str]:
    """The Pagefind command `index_site` runs (also run in the background by `mkdocs serve`)."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        language,
        "--exclude-selectors",
        EXCLUDE,
    ]


def remove_unused(bundle: Path) -> list[str]:
    """Delete Pagefind's ready-made interfaces from `bundle`; returns the names removed."""
    removed = []
    for name in UNUSED:
        path = bundle / name
        if path.is_file():
            path.unlink()
            removed.append(name)
    return removed


def _count(output: str, verb: str, noun: str) -> int:
    """The figure from a Pagefind summary line such as 'Indexed 263 pages'."""
    for line in output.splitlines():
        words = line.strip().split()
        if len(words) >= 3 and words[0] == verb and words[2].startswith(noun):
            try:
                return int(words[1])
            except ValueError:
                continue
    return 0
