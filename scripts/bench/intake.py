"""Benchmark of `python -m monitor intake`: a 20-page letter against N synthetic records.

The letter is about 65,000 characters (a page of a Kamerbrief holds some 3,000 to 3,500): the
five real source texts of ../shared/seeds, cut to 40,000 characters, followed by 25,000
characters of the synthetic project's own source texts, whose sentences are the quotes of its
records (so that many passages match records, the expensive case). Prints figures; never fails
on a timing. Run: `make bench-intake` (`python -m bench.intake --sizes 1000`).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from monitor.data.validate import validate_data
from monitor.editing.intake import propose

from .synth import REPO, generate_data

SEEDS = REPO.parent / "shared" / "seeds"
LETTER_CHARS = 65_000


def letter(sources: Path) -> str:
    real = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    synthetic = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(sources.glob("*.txt")))
    return real[:40_000] + "\n\n" + synthetic[: LETTER_CHARS - 40_000]


def run(n_measures: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_data(root, n_measures)
        started = time.perf_counter()
        records = validate_data(root / "data", root=root).records
        loaded = time.perf_counter() - started
        text = letter(root / "sources")
        document = sorted(records.documents)[0]
        started = time.perf_counter()
        result = propose(text, document, records)
        intake = time.perf_counter() - started
    tracked = len(records.measures) + len(records.motions) + len(records.commitments)
    return {
        "records": tracked,
        "letter characters": len(text),
        "passages": len(result.passages),
        "proposals": len(result.proposals),
        "load and validate (s)": round(loaded, 2),
        "intake (s)": round(intake, 2),
        "total (s)": round(loaded + intake, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="measures, comma-separated")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        figures = run(size)
        print(f"{size} measures: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
