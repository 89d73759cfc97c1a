"""Release: check a commit and tag it as a release of the data, `vX.Y.Z`.

Steps, each stopping the release when it fails: the version is new and higher than the last
release; the working tree is clean (a release is exactly a commit); the data and every quote
validate; the annotated tag is made locally; the site is built with --strict into `site/`, so
that its changelog and footer name the new version; the extra checks (the link check) pass on
that site. If the build or a check fails, the tag is deleted again (nothing was pushed, so no one
saw it) and the previous `site/` is put back. Publishing is then: push the tag, and put `site/`
on the web server. This module runs git and the build; the command line only parses arguments.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..data.diagnostics import format_report
from ..data.history import GitUnavailable, git, list_releases, parse_version
from ..data.load import ParsedStore
from ..data.validate import validate_data


class ReleaseError(Exception):
    """A step failed; the message says which and what to do."""


@dataclass(frozen=True)
class ReleasePlan:
    root: Path  # the project folder, with mkdocs.yml
    version: str  # "1.2.0", or "v1.2.0"
    sources: Path | None  # the source texts; None skips the quote check (refused in CI)
    checks: tuple[str, ...] = ()  # shell commands run after the build, e.g. "make linkcheck"

    @property
    def tag(self) -> str:
        return self.version if self.version.startswith("v") else f"v{self.version}"


Step = Callable[[str], None]


def make_release(
    plan: ReleasePlan,
    build: Callable[[Path], int],
    say: Step = print,
) -> str:
    """Run every step; return the tag. `build(config_file)` builds the site strictly and returns
    its exit code (the command line passes `adapter.command.build_site`)."""
    root, tag = plan.root, plan.tag
    try:
        number = parse_version(tag)
    except ValueError:
        raise ReleaseError(
            f"'{plan.version}' is not a version: write X.Y.Z, e.g. 1.0.0 (three numbers)"
        ) from None
    try:
        git(root, "rev-parse", "--verify", "HEAD")
    except GitUnavailable as exc:
        raise ReleaseError(f"not a git repository with a commit ({exc})") from None
    existing = {r.version: r for r in list_releases(root)}
    if tag in existing or _tag_exists(root, tag):
        raise ReleaseError(f"tag {tag} exists already; choose the next version")
    newer = [r.version for r in existing.values() if r.number >= number]
    if newer:
        raise ReleaseError(f"{tag} is not higher than the last release {max(newer)}")
    say(f"release {tag}: checking that the working tree is clean")
    dirty = git(root, "status", "--porcelain").decode("utf-8").strip()
    if dirty:
        raise ReleaseError(
            "the working tree has changes that are not committed:\n"
            + dirty
            + "\ncommit or stash them: a release is exactly one commit"
        )
    say("validating the data" + (" and every quote" if plan.sources else ""))
    if plan.sources is not None and not plan.sources.is_dir():
        raise ReleaseError(f"sources folder '{plan.sources}' does not exist")
    result = validate_data(
        root / "data", root=root, sources_dir=plan.sources, store=ParsedStore.at(root)
    )
    if result.diagnostics:
        raise ReleaseError("the data has errors:\n" + format_report(result.diagnostics))
    say(f"tagging {tag}")
    git(root, "tag", "--annotate", tag, "--message", f"Release {tag} of the monitor data")
    site = root / SITE_DIR
    kept = _set_aside(site)
    try:
        say("building the site (strict)")
        if build(root / "mkdocs.yml") != 0:
            raise ReleaseError("the strict build failed; see the messages above")
        for command in plan.checks:
            say(f"running {command}")
            done = subprocess.run(shlex.split(command), cwd=root)
            if done.returncode != 0:
                raise ReleaseError(f"'{command}' failed (exit {done.returncode})")
    except BaseException:
        git(root, "tag", "--delete", tag)
        _put_back(site, kept)
        say(f"deleted tag {tag} and put the previous {SITE_DIR}/ back: the release did not pass")
        raise
    if kept is not None:
        shutil.rmtree(kept, ignore_errors=True)
    say(
        f"release {tag} is ready: site/ holds the site to publish. Push the tag with "
        f"'git push origin {tag}'."
    )
    return tag


SITE_DIR = "site"  # mkdocs.yml's site_dir, where `build` puts the site


def _set_aside(site: Path) -> Path | None:
    """Move the current site out of the way, so that a failed release can put it back: a site
    whose footer names a version that was never tagged must not stay behind."""
    if not site.exists():
        return None
    kept = site.with_name(f".{site.name}-before-release")
    shutil.rmtree(kept, ignore_errors=True)
    site.rename(kept)
    return kept


def _put_back(site: Path, kept: Path | None) -> None:
    if site.exists():
        shutil.rmtree(site)
    if kept is not None:
        kept.rename(site)


def _tag_exists(root: Path, tag: str) -> bool:
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}")
    except GitUnavailable:
        return False
    return True
