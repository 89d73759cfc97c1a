"""History: the data's versions from git: release tags, old versions of data/, the data version.

A release is an annotated tag `vX.Y.Z` reachable from HEAD. Old versions of the data are read
with `git ls-tree` and `git cat-file --batch` (never checked out) and parsed and validated by the
same `load` and `validate` functions as the current data; a file that today's schema rejects
still counts as present, by its id. Everything here degrades to a note instead of failing: a
build from a tarball, without git or without tags, still succeeds and says why the history is
missing. Results depend only on the commit and its tags, never on the clock.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .changelog import GROUP_KIND, ChangeSet, Snapshot, compare, snapshot_of
from .load import STORE_DIR, ParsedStore, SourceFile, parse_file
from .model import VOCABULARY_FILES, Dataset
from .validate import classify, validate_files

VERSION_TAG = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
NO_GIT = (
    "De geschiedenis van de gegevens is niet beschikbaar (deze versie is niet uit een "
    "git-repository gebouwd), dus de wijzigingen per uitgave kunnen niet worden getoond."
)


class GitUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Release:
    version: str  # the tag, e.g. "v1.2.0"
    commit: str
    date: dt.date  # the tag's date (tagger date of an annotated tag)

    @property
    def number(self) -> tuple[int, int, int]:
        return parse_version(self.version)


@dataclass(frozen=True)
class DataVersion:
    version: str  # `git describe` of HEAD against the release tags, or "" without git
    date: dt.date | None  # date of the last commit that changed data/
    released: bool  # HEAD is exactly a release tag


@dataclass(frozen=True)
class Section:
    """One part of the changelog: a release (or the unreleased data) against its predecessor."""

    title: str
    release: Release | None  # None: changes not yet released
    base: str  # what it is compared with, in words
    changes: ChangeSet | None  # None for the first release: it has nothing to compare with
    counts: dict[str, int]
    unreadable: int = 0


@dataclass
class Changelog:
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_version(tag: str) -> tuple[int, int, int]:
    match = VERSION_TAG.match(tag)
    if not match:
        raise ValueError(f"'{tag}' is not a release tag (vX.Y.Z)")
    major, minor, patch = (int(g) for g in match.groups())
    return (major, minor, patch)


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, input=stdin, capture_output=True, timeout=120
        )
    except (FileNotFoundError, PermissionError, subprocess.TimeoutExpired) as exc:
        raise GitUnavailable(str(exc)) from exc
    if done.returncode != 0:
        raise GitUnavailable(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def _text(root: Path, *args: str) -> str:
    return git(root, *args).decode("utf-8").strip()


def list_releases(root: Path) -> list[Release]:
    """Release tags reachable from HEAD, oldest first."""
    merged = set(_text(root, "tag", "--merged", "HEAD", "--list", "v*").split())
    fmt = "%(refname:short)%09%(objectname)%09%(*objectname)%09%(creatordate:short)"
    releases = []
    for line in _text(root, "for-each-ref", f"--format={fmt}", "refs/tags/v*").splitlines():
        name, obj, peeled, date = line.split("\t")
        if name in merged and VERSION_TAG.match(name):
            releases.append(Release(name, peeled or obj, dt.date.fromisoformat(date)))
    return sorted(releases, key=lambda r: r.number)


def data_version(root: Path, data_dir: Path) -> DataVersion:
    """The data version the footer shows; an empty version when git cannot tell."""
    try:
        # A fixed abbreviation: the default grows with the number of objects, so two clones
        # of the same commit could show different versions.
        described = _text(
            root, "describe", "--tags", "--match", "v[0-9]*", "--always", "--abbrev=10"
        )
        exact = _text(root, "tag", "--points-at", "HEAD", "--list", "v*").split()
        spec = _data_pathspec(root, data_dir)
        # The JSON Schemas beside the data are generated from the code: not a change of data.
        stamp = _text(root, "log", "-1", "--format=%cs", "--", spec, f":(exclude){spec}/schema")
    except GitUnavailable:
        return DataVersion("", None, False)
    date = dt.date.fromisoformat(stamp) if stamp else None
    return DataVersion(described, date, any(VERSION_TAG.match(t) for t in exact))


def build_epoch(root: Path, environ: Mapping[str, str]) -> str | None:
    """The build's time as SOURCE_DATE_EPOCH gives it: the variable when set, else the last
    commit's time (so two builds of one commit are the same), else None (no git: today)."""
    given = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return given
    try:
        stamp = _text(root, "log", "-1", "--format=%ct")
    except GitUnavailable:
        return None
    return stamp if stamp.isdigit() else None


def _data_pathspec(root: Path, data_dir: Path) -> str:
    """data_dir relative to the repository's top, as git path specs are."""
    top = Path(_text(root, "rev-parse", "--show-toplevel"))
    return data_dir.resolve().relative_to(top.resolve()).as_posix()


def read_snapshot(
    root: Path, rev: str, data_dir: Path, store: ParsedStore | None = None
) -> Snapshot:
    """The data as it was at `rev`, parsed and validated by today's loader and schema. With
    `store`, a file with the same bytes as one parsed before (most files of an earlier release
    are those of today) is not parsed again."""
    spec = _data_pathspec(root, data_dir)
    display = data_dir.resolve().relative_to(root.resolve()).as_posix()
    listing = git(root, "ls-tree", "-r", "-z", "--full-tree", "--name-only", rev, "--", spec)
    names = sorted(n for n in listing.decode("utf-8").split("\0") if n)
    wanted = [n for n in names if _is_record_file(n.removeprefix(spec + "/"))]
    files: list[SourceFile] = []
    present: set[tuple[str, str]] = set()
    unreadable = 0
    if wanted:
        batch = git(
            root, "cat-file", "--batch", stdin="".join(f"{rev}:{n}\n" for n in wanted).encode()
        )
        for name, raw in zip(wanted, _split_batch(batch), strict=True):
            path = f"{display}/{name.removeprefix(spec + '/')}"
            parsed, _ = store.parse(path, raw) if store is not None else parse_file(path, raw)
            if parsed is None:
                unreadable += 1
                _mark_present(path, display + "/", present)
            else:
                files.append(parsed)
    if store is not None:
        store.save()
    validated = validate_files(files, data_prefix=display + "/")
    rejected = {d.location.path for d in validated.diagnostics}
    unreadable += sum(1 for f in files if f.path in rejected)
    for group, stem in validated.present:
        if group in GROUP_KIND:
            present.add((GROUP_KIND[group], stem))
    return snapshot_of(validated.records, present, unreadable)


def _is_record_file(rel: str) -> bool:
    parts = rel.split("/")
    if len(parts) == 1:
        return parts[0] in VOCABULARY_FILES
    return len(parts) == 2 and parts[0] in GROUP_KIND and parts[1].endswith(".yaml")


def _mark_present(path: str, prefix: str, present: set[tuple[str, str]]) -> None:
    group = classify(path, prefix)
    if group in GROUP_KIND:
        present.add((GROUP_KIND[group], path.rsplit("/", 1)[-1].removesuffix(".yaml")))


def _split_batch(out: bytes) -> list[bytes]:
    """The contents in `git cat-file --batch` output: a header line, the bytes, a newline."""
    contents, pos = [], 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) < 3 or header[1] == b"missing":
            raise GitUnavailable(f"git cat-file: {out[pos:end].decode('utf-8', 'replace')}")
        size = int(header[2])
        contents.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return contents


def build_changelog(
    root: Path,
    data_dir: Path,
    current: Dataset,
    snapshots: dict[tuple[str, str], Snapshot] | None = None,
    store: bool = True,
) -> Changelog:
    """Sections newest first: the unreleased changes (if HEAD is not a release), then every
    release against the one before it; the oldest release lists only its counts.

    A release's data never changes (a tag names a commit): `snapshots`, kept by a caller that
    builds again (`mkdocs serve`), holds each release's snapshot, which took 2.4 s of every
    rebuild at 1,000 records; `store`: parse through the parsed files under .cache/monitor/."""
    now = snapshot_of(current)
    snapshots = snapshots if snapshots is not None else {}
    parsed_store = ParsedStore(root / STORE_DIR) if store else None
    try:
        releases = list_releases(root)
        head = _text(root, "rev-parse", "HEAD")
        if not releases:
            return _without_releases(now)

        def at(release: Release) -> Snapshot:
            if release.commit == head:
                return now  # the release being built: its data is the data of this build
            key = (release.commit, data_dir.resolve().as_posix())
            if key not in snapshots:
                snapshots[key] = read_snapshot(root, release.commit, data_dir, parsed_store)
            return snapshots[key]

        log = Changelog()
        latest = releases[-1]
        if latest.commit != head:
            base = at(latest)
            log.sections.append(
                Section(
                    "Nog niet uitgebracht",
                    None,
                    f"ten opzichte van {latest.version}",
                    compare(base, now),
                    now.counts(),
                    base.unreadable,
                )
            )
        for i in range(len(releases) - 1, -1, -1):
            release, snap = releases[i], at(releases[i])
            if i == 0:
                log.sections.append(
                    Section(release.version, release, "eerste uitgave", None, snap.counts())
                )
            else:
                prev = releases[i - 1]
                base = at(prev)
                log.sections.append(
                    Section(
                        release.version,
                        release,
                        f"ten opzichte van {prev.version}",
                        compare(base, snap),
                        snap.counts(),
                        base.unreadable + snap.unreadable,
                    )
                )
        return log
    except GitUnavailable:
        return Changelog(notes=[NO_GIT])


def _without_releases(now: Snapshot) -> Changelog:
    """Before the first release there is nothing to compare with. (Comparing with the first
    commit that had data would list nearly every record as added, which tells a reader nothing.)
    The page says so and gives what the data holds now."""
    return Changelog(
        sections=[
            Section("Nog niet uitgebracht", None, "nog geen eerdere uitgave", None, now.counts())
        ],
        notes=[
            "Er is nog geen uitgave van de gegevens (een versie met een nummer, zoals 1.0.0). "
            "Vanaf de eerste uitgave staat hier per uitgave welke maatregelen, moties, "
            "toezeggingen en documenten erbij kwamen of verdwenen en welke statussen veranderden."
        ],
    )
