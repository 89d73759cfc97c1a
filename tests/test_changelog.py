"""Changelog and history: what changed between releases, computed from the data's git history.

The history tests run against a temporary git repository with two tagged versions of the fixture
dataset (tests/gitrepo.py); this repository's own history is never touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gitrepo import commit, git, init_repo, make_history, tag
from monitor.data.changelog import RecordState, Snapshot, compare
from monitor.data.history import (
    NO_GIT,
    build_changelog,
    data_version,
    list_releases,
    parse_version,
    read_snapshot,
)
from monitor.data.validate import validate_data
from monitor.publish.reports import CHANGELOG_PAGE, build_report_pages, version_line


def snap(*states: RecordState) -> Snapshot:
    return Snapshot({s.key: s for s in states})


def test_compare_lists_added_removed_renamed_and_status_changes() -> None:
    old = snap(
        RecordState("measure", "a", "A", "aangekondigd"),
        RecordState("measure", "b", "B", "aangekondigd"),
        RecordState("motion", "old-name", "Motie", "ingediend"),
        RecordState("document", "d1", "Brief 1"),
    )
    new = snap(
        RecordState("measure", "a", "A", "in-uitvoering"),
        RecordState("measure", "c", "C", "aangekondigd"),
        RecordState("motion", "new-name", "Motie", "uitgevoerd", ("old-name",)),
        RecordState("document", "d1", "Brief 1"),
        RecordState("document", "d2", "Brief 2"),
    )
    changes = compare(old, new)
    assert [(s.kind, s.id) for s in changes.added] == [("measure", "c"), ("document", "d2")]
    assert [s.id for s in changes.removed] == ["b"]
    assert [(r.old_id, r.new.id) for r in changes.renamed] == [("old-name", "new-name")]
    assert [(c.new.id, c.old.status, c.new.status) for c in changes.status_changed] == [
        ("a", "aangekondigd", "in-uitvoering"),
        ("new-name", "ingediend", "uitgevoerd"),
    ]
    assert not changes.empty
    assert compare(new, new).empty


def test_record_known_by_id_only_is_not_reported_as_status_change() -> None:
    old = snap(RecordState("measure", "a", "a"))  # its old file did not validate
    new = snap(RecordState("measure", "a", "A", "aangekondigd"))
    assert compare(old, new).empty


def test_parse_version() -> None:
    assert parse_version("v1.20.3") == (1, 20, 3)
    for bad in ("1.2.3", "v1.2", "v1.2.3-rc1", "vx.y.z"):
        with pytest.raises(ValueError):
            parse_version(bad)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    return make_history(tmp_path_factory.mktemp("history"))


def current(root: Path):
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    return ds


def test_releases_are_tags_reachable_from_head_in_version_order(history: Path) -> None:
    releases = list_releases(history)
    assert [(r.version, r.date.isoformat()) for r in releases] == [
        ("v1.0.0", "2025-01-10"),
        ("v2.0.0", "2025-03-10"),
    ]


def test_old_version_is_read_from_git_with_the_project_loader(history: Path) -> None:
    old = read_snapshot(history, "v1.0.0", history / "data")
    assert old.unreadable == 0
    assert old.records[("measure", "pilot-weerbare-wijken")].status == "aangekondigd"
    assert ("motion", "motie-jansen-wijkagenten") in old.records
    assert old.counts() == {"measure": 2, "motion": 1, "commitment": 1, "document": 3}


def test_changelog_of_a_release_at_head(history: Path) -> None:
    log = build_changelog(history, history / "data", current(history))
    assert log.notes == []
    assert [s.title for s in log.sections] == ["v2.0.0", "v1.0.0"]
    v2, v1 = log.sections
    assert v2.base == "ten opzichte van v1.0.0"
    assert v2.changes is not None
    assert [s.id for s in v2.changes.added] == ["wijkagenten"]
    assert [s.id for s in v2.changes.removed] == ["pilot-deel-noord"]
    assert [(r.old_id, r.new.id) for r in v2.changes.renamed] == [
        ("motie-jansen-wijkagenten", "motie-jansen")
    ]
    assert [(c.new.id, c.old.status, c.new.status) for c in v2.changes.status_changed] == [
        ("pilot-weerbare-wijken", "aangekondigd", "in-uitvoering")
    ]
    assert v1.changes is None and v1.counts["measure"] == 2


def test_unreleased_changes_come_first(tmp_path: Path) -> None:
    root = make_history(tmp_path / "repo")
    commit(root, {"data/measures/wijkagenten.yaml": None}, "Drop", "2025-04-01T10:00:00+00:00")
    log = build_changelog(root, root / "data", current(root))
    assert [s.title for s in log.sections] == ["Nog niet uitgebracht", "v2.0.0", "v1.0.0"]
    unreleased = log.sections[0]
    assert unreleased.release is None and unreleased.changes is not None
    assert [s.id for s in unreleased.changes.removed] == ["wijkagenten"]
    version = data_version(root, root / "data")
    assert version.version.startswith("v2.0.0-1-g") and not version.released
    assert version.date is not None and version.date.isoformat() == "2025-04-01"


def test_changelog_is_deterministic(history: Path) -> None:
    ds = current(history)

    def page() -> str:
        log = build_changelog(history, history / "data", ds)
        return _changelog_page(ds, log)

    assert page() == page()


def _changelog_page(ds, log) -> str:
    from monitor.publish.opendata import OpenData
    from monitor.site.signals import find_signals

    pages = build_report_pages(
        ds,
        changelog=log,
        signals=find_signals(ds, __import__("datetime").date(2025, 1, 1)),
        open_data=OpenData([], 0),
        site_url=None,
    )
    return pages[CHANGELOG_PAGE].markdown()


def test_changelog_page_links_live_records_and_names_removed_ones(history: Path) -> None:
    ds = current(history)
    text = _changelog_page(ds, build_changelog(history, history / "data", ds))
    assert "## Versie 2\\.0\\.0 (10 maart 2025)\n" in text
    assert "## Versie 1\\.0\\.0 (10 januari 2025)\n" in text
    # Live records are links, their titles escaped; a removed record has no page: its title.
    assert "alert\\(1\\)&lt;/script&gt; &amp; co](maatregelen/wijkagenten.md)" in text
    assert "- Maatregel: Deel noord van de pilot\n" in text
    assert "[Motie Jansen over wijkagenten](moties/motie-jansen.md) (het oude webadres" in text
    assert "<script>" not in text
    assert "De eerste uitgave van de monitor." in text


def test_without_tags_the_page_says_there_is_no_release_yet(tmp_path: Path, project) -> None:
    root = project()
    init_repo(root)
    commit(root, {}, "Data", "2025-01-10T10:00:00+00:00")
    log = build_changelog(root, root / "data", current(root))
    assert "nog geen uitgave" in log.notes[0]
    assert [s.title for s in log.sections] == ["Nog niet uitgebracht"]
    assert log.sections[0].changes is None
    version = data_version(root, root / "data")
    assert not version.released and len(version.version) >= 7
    # Not released: only the date of the data, no commit hash for citizens to puzzle over.
    assert version_line(version) == "Gegevens bijgewerkt op 10 januari 2025"


def test_without_git_the_build_gets_a_note_not_an_error(project, monkeypatch) -> None:
    root = project()  # a plain folder: no repository, as when built from a tarball
    log = build_changelog(root, root / "data", current(root))
    assert log.notes == [NO_GIT] and log.sections == []
    assert version_line(data_version(root, root / "data")) == ""
    monkeypatch.setenv("PATH", "/nonexistent")  # no git program at all
    assert shutil.which("git") is None
    assert build_changelog(root, root / "data", current(root)).notes == [NO_GIT]


def test_tags_not_reachable_from_head_are_ignored(tmp_path: Path) -> None:
    root = make_history(tmp_path / "repo")
    git(root, "checkout", "--quiet", "-b", "side", "v1.0.0")
    commit(root, {"data/measures/pilot-deel-noord.yaml": None}, "side", "2025-05-01T10:00:00+00:00")
    tag(root, "v9.0.0", "2025-05-01T11:00:00+00:00")
    assert [r.version for r in list_releases(root)] == ["v1.0.0", "v9.0.0"]
    git(root, "checkout", "--quiet", "main")
    assert [r.version for r in list_releases(root)] == ["v1.0.0", "v2.0.0"]


def test_an_old_file_the_schema_now_rejects_counts_by_id(tmp_path: Path) -> None:
    root = make_history(tmp_path / "repo")
    broken = {"data/measures/wijkagenten.yaml": "id: wijkagenten\ntitle: [not, text]\n"}
    commit(root, broken, "broken", "2025-06-01T10:00:00+00:00")
    snapshot = read_snapshot(root, "HEAD", root / "data")
    assert snapshot.unreadable == 1
    assert snapshot.records[("measure", "wijkagenten")].status is None
