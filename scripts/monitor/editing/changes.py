"""Changes: which data files a branch changes, for `python -m monitor validate --changed`.

The files come from git: those changed between the merge base of `base` and HEAD
(`git diff base...HEAD`), plus uncommitted and untracked ones, so an editor sees the same as the
pull request will. Validation itself still reads the whole dataset (a reference in a changed
file must resolve against every record, and a deleted record may break an unchanged one); only
the report is narrowed to the changed files. Measured on the real data (187 files, quotes
checked; tests/benchmarks/bench_validate.py): validating everything takes 0.13 s in process and
--changed 0.14 s (git's three calls included); the whole command 0.58 s either way, most of it
Python's start and imports. So at this size --changed narrows the report, not the work; skipping
unchanged records would only start to pay at tens of thousands of files.
This module runs git and must not validate anything itself.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..data.diagnostics import Diagnostic


class GitError(Exception):
    """git could not tell what changed; the message says why."""


def default_base() -> str:
    """The branch a pull request targets on GitHub Actions, else `main`."""
    target = os.environ.get("GITHUB_BASE_REF")
    return f"origin/{target}" if target else "main"


def changed_files(root: Path, base: str) -> list[str]:
    """Paths (relative to the repository root, forward slashes) changed since `base`, whether
    committed, staged, unstaged or untracked; deleted files included."""
    # --relative (and ls-files by default) give paths relative to `root`, as diagnostics are.
    committed = _git(root, "diff", "--name-only", "--relative", f"{base}...HEAD")
    uncommitted = _git(root, "diff", "--name-only", "--relative", "HEAD")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    return sorted(set(committed) | set(uncommitted) | set(untracked))


def _git(root: Path, *args: str) -> list[str]:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise GitError(
            f"'git {' '.join(args)}' failed: {message[-1] if message else done.returncode}"
        )
    return [line for line in done.stdout.splitlines() if line.strip()]


@dataclass
class Narrowed:
    """Diagnostics split into those in the changed files and those elsewhere."""

    mine: list[Diagnostic]
    elsewhere: list[Diagnostic]


def narrow(diagnostics: Iterable[Diagnostic], paths: Iterable[str]) -> Narrowed:
    wanted = set(paths)
    mine: list[Diagnostic] = []
    elsewhere: list[Diagnostic] = []
    for d in diagnostics:
        (mine if d.location.path in wanted else elsewhere).append(d)
    return Narrowed(mine, elsewhere)
