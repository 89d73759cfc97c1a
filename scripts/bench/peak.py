"""`python -m bench.peak MODULE ARGS…`: run MODULE as `python -m` would, then write this process's
peak resident memory (VmHWM, KiB) to the file named by $BENCH_PEAK_FILE.

The peak that `wait4` reports for a child is not the child's own on Linux: a process keeps the
high-water mark of the process it was forked from across exec, so every build the benchmark
started reported at least the benchmark's own peak (498 MiB at 100 records as at 1,000).
VmHWM belongs to the memory of the program now running, so it starts afresh at exec. Forked
workers leave through os._exit and report nothing; their pages are mostly shared with this one.
"""

from __future__ import annotations

import atexit
import os
import runpy
import sys
from pathlib import Path


def peak_kib() -> int | None:
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:  # not Linux
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def _report() -> None:
    target = os.environ.get("BENCH_PEAK_FILE")
    peak = peak_kib()
    if target and peak is not None:
        Path(target).write_text(str(peak), encoding="ascii")


if __name__ == "__main__":
    atexit.register(_report)
    module, sys.argv = sys.argv[1], sys.argv[1:]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
