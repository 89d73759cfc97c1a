"""Parallel: a function over chunks of a list on every core, in forked processes.

Forked, so that the workers share what the parent already holds (the dataset, compiled templates)
without pickling it; only each chunk's results travel back. Everything runs here instead, in
order and with the same result, where a pool would not help or would not be safe: one core, few
items, no fork on this platform (Windows, macOS's default), a process with other threads running
(`mkdocs serve`: a fork copies a lock another thread holds, locked for good), inside a worker
itself, or when no processes can be had. This module knows nothing about pages or MkDocs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves (forking about 40 ms, pickling the
# results). The one threshold of every pool: parsing files, rendering pages, converting them.
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


def can_fork() -> bool:
    """Whether forking workers here is possible and safe."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon  # a pool's worker may not start one
    )


def worth_a_pool(items: int, workers: int) -> bool:
    """Whether `items` items are worth forking `workers` workers for, and forking is safe."""
    return workers >= 2 and items >= MIN_ITEMS and can_fork()


def run(
    function: Callable[[list[T]], list[R]],
    items: Sequence[T],
    workers: int,
    chunks: list[list[int]] | None = None,
    initializer: Callable[[], None] | None = None,
    chunk_size: int | None = None,
) -> list[R]:
    """`function` applied to chunks of `items` (lists of indices; by default in order, of
    `chunk_size` items, or eight chunks per worker), results in the order of `items`.
    `function(chunk)` returns one result per item. `initializer` runs first in each worker;
    where a pool is not worth it (`worth_a_pool`) all runs here."""
    if chunks is None:
        size = max(1, chunk_size or len(items) // (max(workers, 1) * 8))
        chunks = [list(range(i, min(i + size, len(items)))) for i in range(0, len(items), size)]
    if len(chunks) >= 2 and worth_a_pool(len(items), workers):
        try:
            return _in_workers(function, items, workers, chunks, initializer)
        except (BrokenProcessPool, OSError):  # no processes to be had: do it here instead
            pass
    results: list[Any] = [None] * len(items)
    for chunk in chunks:
        for i, result in zip(chunk, function([items[i] for i in chunk]), strict=True):
            results[i] = result
    return results


def _in_workers(
    function: Callable[[list[T]], list[R]],
    items: Sequence[T],
    workers: int,
    chunks: list[list[int]],
    initializer: Callable[[], None] | None,
) -> list[R]:
    global _TASK
    _TASK = (function, items)
    # The garbage collector of a forked worker would walk (and so copy) every object the parent
    # holds; frozen, they are left alone.
    gc.freeze()
    try:
        results: list[Any] = [None] * len(items)
        # Largest chunks first, so that no worker is left with a big one at the end.
        ordered = sorted(chunks, key=len, reverse=True)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=initializer) as pool:
            for chunk, chunk_results in zip(ordered, pool.map(_run_chunk, ordered), strict=True):
                for i, result in zip(chunk, chunk_results, strict=True):
                    results[i] = result
        return results
    finally:
        _TASK = None
        gc.unfreeze()


def _run_chunk(chunk: list[int]) -> list[Any]:
    assert _TASK is not None
    function, items = _TASK
    return function([items[i] for i in chunk])
