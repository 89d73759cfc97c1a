"""Benchmark: full validation against `validate --changed`, on the real data. Prints figures;
never fails on a timing. Run: `.venv/bin/python tests/benchmarks/bench_validate.py`."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT.parent / "shared" / "seeds"


def wall(args: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "monitor", *args], cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process(runs: int = 5) -> tuple[float, float]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from monitor.data.validate import validate_data
    from monitor.editing.changes import changed_files, narrow

    full, changed = [], []
    for _ in range(runs):
        started = time.perf_counter()
        validate_data(ROOT / "data", root=ROOT, sources_dir=SOURCES)
        full.append(time.perf_counter() - started)
        started = time.perf_counter()
        paths = changed_files(ROOT, "HEAD")
        narrow(validate_data(ROOT / "data", root=ROOT, sources_dir=SOURCES).diagnostics, paths)
        changed.append(time.perf_counter() - started)
    return statistics.median(full), statistics.median(changed)


def main() -> None:
    files = len(list((ROOT / "data").rglob("*.yaml")))
    full, changed = in_process()
    print(f"{files} data files, quotes checked against {SOURCES}")
    print(f"in process, median of 5: full validation {full:.3f} s, --changed {changed:.3f} s")
    sources = ["--sources", str(SOURCES)]
    print(
        "whole command, median of 5: "
        f"validate {wall(['validate', *sources]):.2f} s, "
        f"validate --changed {wall(['validate', *sources, '--changed', '--base', 'HEAD']):.2f} s"
    )


if __name__ == "__main__":
    main()
