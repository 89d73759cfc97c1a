"""Parallel: a function over chunks of a list on every core, in forked processes.

Forked, so that the workers share what the parent already holds (the dataset, compiled templates)
without pickling it; only each chunk's results travel back. Where there is no fork (Windows,
macOS's default), or one core, or little work, everything runs here, in order, with the same
result. This module knows nothing about pages or MkDocs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves (forking, pickling the results).
MIN_ITEMS = 200

_TASK: tuple[Callable[[list[Any]], list[Any]], Sequence[Any]] | None = None


def cpu_time() -> float:
    """CPU seconds of this process and of its finished (waited-for) child processes, such as the
    workers of `run`."""
    try:
        import resource
    except ImportError:  # not on a Unix: this process only
        return time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(
    function: Callable[[list[T]], list[R]],
    items: Sequence[T],
    workers: int,
    chunks: list[list[int]] | None = None,
    initializer: Callable[[], None] | None = None,
    min_items: int | None = None,
) -> list[R]:
    """`function` applied to chunks of `items` (lists of indices; by default in order, a few per
    worker), results in the order of `items`. `function(chunk)` returns one result per item.
    `initializer` runs first in each worker; below `min_items` items (default MIN_ITEMS) all
    runs here."""
    if chunks is None:
        size = max(1, len(items) // (max(workers, 1) * 8))
        chunks = [list(range(i, min(i + size, len(items)))) for i in range(0, len(items), size)]
    least = MIN_ITEMS if min_items is None else min_items
    if workers < 2 or len(items) < least or len(chunks) < 2 or not can_fork():
        results: list[Any] = [None] * len(items)
        for chunk in chunks:
            for i, result in zip(chunk, function([items[i] for i in chunk]), strict=True):
                results[i] = result
        return results
    global _TASK
    _TASK = (function, items)
    # The garbage collector of a forked worker would walk (and so copy) every object the parent
    # holds; frozen, they are left alone.
    gc.freeze()
    try:
        results = [None] * len(items)
        # Largest chunks first, so that no worker is left with a big one at the end.
        order = sorted(range(len(chunks)), key=lambda c: -len(chunks[c]))
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=initializer) as pool:
            done = pool.imap_unordered(_run_chunk, [chunks[c] for c in order])
            for chunk, chunk_results in done:
                for i, result in zip(chunk, chunk_results, strict=True):
                    results[i] = result
        return results
    finally:
        _TASK = None
        gc.unfreeze()


def _run_chunk(chunk: list[int]) -> tuple[list[int], list[Any]]:
    assert _TASK is not None
    function, items = _TASK
    return chunk, function([items[i] for i in chunk])


def can_fork() -> bool:
    try:
        multiprocessing.get_context("fork")
    except ValueError:
        return False
    return True
