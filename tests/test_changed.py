"""`python -m monitor validate --changed`: the report narrowed to the files a branch changes,
references still resolved against the whole dataset; and the GitHub annotation form."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import write_tree
from monitor.cli import main
from monitor.data.diagnostics import Diagnostic, Location
from monitor.editing.changes import GitError, changed_files, narrow


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(project, monkeypatch) -> Path:
    """The fixture project as a git repository on `main`, checked out on a branch `wijziging`."""
    root = project()
    (root / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "user.name", "Test")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    git(root, "checkout", "-q", "-b", "wijziging")
    monkeypatch.chdir(root)
    return root


BROKEN_MEASURE = """
    id: nieuwe-maatregel
    title: Nieuwe maatregel
    summary: Nieuw.
    themes: [weerbaarheid]
    source:
      document: brief-a
      section: "1. Weerbaarheid"
      quote: "We starten een pilot weerbare wijken in drie gemeenten."
    status_history:
      - status: aangekondigd
        document: brief-onbekend
        section: "1. Weerbaarheid"
        quote: "We starten een pilot weerbare wijken in drie gemeenten."
    subjects: [weerbare-wijken]
"""


def test_changed_files_cover_commits_uncommitted_and_untracked(repo: Path) -> None:
    write_tree(repo, {"data/measures/nieuwe-maatregel.yaml": BROKEN_MEASURE})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "nieuw")
    (repo / "data/actors.yaml").write_text("- id: x\n", encoding="utf-8")  # uncommitted
    write_tree(repo, {"data/measures/nog-een.yaml": "id: nog-een\n"})  # untracked
    (repo / "data/measures/pilot-deel-noord.yaml").unlink()  # deleted, uncommitted
    assert changed_files(repo, "main") == [
        "data/actors.yaml",
        "data/measures/nieuwe-maatregel.yaml",
        "data/measures/nog-een.yaml",
        "data/measures/pilot-deel-noord.yaml",
    ]


def test_an_unknown_base_is_a_clear_error(repo: Path, capsys) -> None:
    with pytest.raises(GitError):
        changed_files(repo, "bestaat-niet")
    assert main(["validate", "--changed", "--base", "bestaat-niet"]) == 2
    err = capsys.readouterr().err
    assert "bestaat-niet" in err and "--base" in err and "Traceback" not in err


def test_only_the_changed_files_are_reported_but_references_use_everything(
    repo: Path, capsys
) -> None:
    write_tree(repo, {"data/measures/nieuwe-maatregel.yaml": BROKEN_MEASURE})
    # An error in a file the branch does not change must not be listed line by line.
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "nieuw")
    assert main(["validate", "--changed", "--base", "main"]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if ": fout " in line]
    # Only the unknown document is wrong: 'weerbaarheid' and 'brief-a' live in files the branch
    # did not change, and they still resolve.
    assert len(lines) == 1
    assert lines[0].startswith("data/measures/nieuwe-maatregel.yaml:11:15: fout E302: ")
    assert "brief-onbekend" in lines[0]
    assert "1 gewijzigd gegevensbestand sinds main" in out


def test_a_deletion_that_breaks_an_unchanged_file_still_fails(repo: Path, capsys) -> None:
    (repo / "data/measures/pilot-weerbare-wijken.yaml").unlink()
    assert main(["validate", "--changed", "--base", "main"]) == 1
    out = capsys.readouterr().out
    assert "in bestanden die deze wijziging niet raakt" in out
    assert "pilot-deel-noord.yaml:" not in out  # summarised, not listed


def test_a_clean_branch_passes(repo: Path, capsys) -> None:
    assert main(["validate", "--changed", "--base", "main"]) == 0
    assert "in orde: 0 gewijzigde gegevensbestanden sinds main" in capsys.readouterr().out


def test_github_annotations_for_the_changed_files(repo: Path, capsys) -> None:
    write_tree(repo, {"data/measures/nieuwe-maatregel.yaml": BROKEN_MEASURE})
    assert main(["validate", "--changed", "--base", "main", "--format", "github"]) == 1
    captured = capsys.readouterr()
    annotations = [line for line in captured.out.splitlines() if line.startswith("::")]
    assert (
        "::error file=data/measures/nieuwe-maatregel.yaml,line=11,col=15,title=E302::"
        in annotations[0]
    )
    assert all(
        a.startswith("::error file=data/measures/nieuwe-maatregel.yaml,") for a in annotations
    )
    # The readable report goes to stderr, so the annotations on stdout stay machine-readable.
    assert "nieuwe-maatregel.yaml:11:15: fout E302" in captured.err


def test_full_validation_also_annotates(project, capsys) -> None:
    root = project({"data/measures/pilot-deel-noord.yaml": BROKEN_MEASURE})
    assert main(["validate", "--data", str(root / "data"), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "::error file=data/measures/pilot-deel-noord.yaml,line=1,col=5,title=E300::" in out


def test_annotation_escapes_newlines_and_percent() -> None:
    d = Diagnostic("E400", "50% of\nthe quote", Location("data/x.yaml", 3, 7), "fix\r\nit")
    assert d.format_github() == (
        "::error file=data/x.yaml,line=3,col=7,title=E400::50%25 of%0Athe quote; fix%0D%0Ait"
    )
    assert Diagnostic("E106", "bad", Location("data/x.txt")).format_github() == (
        "::error file=data/x.txt,title=E106::bad"
    )


def test_narrow_splits_by_path() -> None:
    a = Diagnostic("E200", "a", Location("data/a.yaml", 1, 1))
    b = Diagnostic("E200", "b", Location("data/b.yaml", 1, 1))
    split = narrow([a, b], ["data/a.yaml"])
    assert split.mine == [a] and split.elsewhere == [b]
