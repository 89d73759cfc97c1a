"""Benchmark: the internal link check over the built site/ (run `make site` first). Prints
figures; never fails on a timing. Run: `.venv/bin/python tests/benchmarks/bench_linkcheck.py`."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from monitor.publish.check import check_internal, is_internal, read_site  # noqa: E402


def main() -> None:
    site = ROOT / "site"
    if not (site / "index.html").is_file():
        sys.exit("no site/: run 'make site' first")
    reads, checks = [], []
    for _ in range(3):
        started = time.perf_counter()
        pages = read_site(site)
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        problems = check_internal(site, pages)
        checks.append(time.perf_counter() - started)
    size = sum(f.stat().st_size for f in site.rglob("*.html")) / 1e6
    links = sum(1 for p in pages.values() for link in p.links if is_internal(link.url))
    print(f"{len(pages)} pages ({size:.1f} MB of HTML), {links} internal links and anchors")
    print(
        f"median of 3: parse {statistics.median(reads):.2f} s, "
        f"resolve {statistics.median(checks):.2f} s, {len(problems)} broken"
    )


if __name__ == "__main__":
    main()
