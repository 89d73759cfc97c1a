"""A release can be verified: the same commit builds to the same bytes.

The fixture project (every page type) is a git repository with one commit at a known time. It is
built twice with `python -m monitor build`, the command releases use, without SOURCE_DATE_EPOCH
set: the build takes it from the last commit. The second build runs from a copy of the project
in another folder, with another hash seed and another time zone, so that absolute paths, set
order and local time cannot hide. (That a failed build leaves the previous site as it was is
tested in test_build.py.)
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import VALID_FILES, write_site
from gitrepo import git as run_git

pytestmark = pytest.mark.build

COMMIT_TIME = "2024-06-01T12:00:00+00:00"
COMMIT_EPOCH = 1717243200  # the same instant
BUILD_DAY_EPOCH = 1717200000  # 2024-06-01T00:00:00Z: MkDocs dates pages by day


def monitor_build(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env.update(NO_MKDOCS_2_WARNING="1", **env)
    return subprocess.run(
        [sys.executable, "-m", "monitor", "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def git(root: Path, *args: str) -> None:
    run_git(root, *args, date=COMMIT_TIME)


def tree(folder: Path) -> dict[str, str]:
    """Every file below `folder` by relative path, with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def twice(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture project committed once, built in two places; the two project folders."""
    first = write_site(tmp_path_factory.mktemp("release") / "one", dict(VALID_FILES))
    # The sitemap lists pages (with their date) only when the site has an address.
    with (first / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("site_url: https://example.org/monitor/\n")
    git(first, "init", "--quiet")
    git(first, "add", "--all")
    git(first, "commit", "--quiet", "--message", "Fixture")
    second = tmp_path_factory.mktemp("release") / "elsewhere" / "two"
    shutil.copytree(first, second, symlinks=True)
    done = monitor_build(first, TZ="UTC", PYTHONHASHSEED="1")
    assert done.returncode == 0, done.stdout + done.stderr
    done = monitor_build(second, TZ="Pacific/Kiritimati", PYTHONHASHSEED="2")
    assert done.returncode == 0, done.stdout + done.stderr
    return first, second


def test_two_builds_of_one_commit_are_byte_identical(twice: tuple[Path, Path]) -> None:
    one, two = (tree(root / "site") for root in twice)
    only_once = sorted(set(one) ^ set(two))
    assert only_once == [], f"files that only one of two builds of one commit has: {only_once}"
    differ = sorted(path for path in one if one[path] != two[path])
    assert differ == [], f"these files differ between two builds of one commit: {differ}"
    # What the comparison covers: pages, sitemap, data downloads, feeds and the search bundle.
    for expected in (
        "index.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        "open-data/measures.csv",
        "open-data/measures.json",
        "open-data/feeds/statuswijzigingen.xml",
        "pagefind/pagefind-entry.json",
    ):
        assert expected in one
    assert any(path.startswith("pagefind/filter/") for path in one)


def lastmods(sitemap: Path) -> set[str]:
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.parse(sitemap).getroot()
    dates = {el.text or "" for el in root.iter(f"{ns}lastmod")}
    assert len(list(root.iter(f"{ns}url"))) > 10  # every page is listed
    return dates


def test_the_build_date_is_the_last_commits(twice: tuple[Path, Path]) -> None:
    site = twice[0] / "site"
    assert lastmods(site / "sitemap.xml") == {"2024-06-01"}
    raw = (site / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(raw[4:8], "little") == BUILD_DAY_EPOCH  # the gzip header's MTIME
    assert gzip.decompress(raw) == (site / "sitemap.xml").read_bytes()


def test_deadlines_are_judged_on_the_build_date(twice: tuple[Path, Path]) -> None:
    """The fixture's deadline (2025-12-31) had not passed on the commit date, whatever the
    clock says now: the page depends on the commit, not on the day it is built."""
    page = twice[0] / "site" / "maatregelen" / "pilot-weerbare-wijken" / "index.html"
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text()
    assert "uiterlijk 31 december 2025" in text
    assert "verstreken" not in text


def test_the_build_command_takes_the_epoch_from_the_last_commit(monkeypatch, tmp_path) -> None:
    """Without SOURCE_DATE_EPOCH the build command sets it to the last commit's time; an
    explicit one is passed on unchanged (the builds above show what MkDocs makes of it)."""
    from monitor import adapter

    seen: list[dict[str, str]] = []
    real_run = subprocess.run

    def fake_run(cmd, **kwargs):
        if cmd[:3] == [sys.executable, "-m", "mkdocs"]:
            seen.append(kwargs["env"])
            return subprocess.CompletedProcess(cmd, 1)
        return real_run(cmd, **kwargs)

    monkeypatch.setattr(subprocess, "run", fake_run)
    project = write_site(tmp_path / "p", dict(VALID_FILES))
    git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "Fixture")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert adapter.build_site(project / "mkdocs.yml") == 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert adapter.build_site(project / "mkdocs.yml") == 1
    assert [env["SOURCE_DATE_EPOCH"] for env in seen] == [str(COMMIT_EPOCH), "1767225600"]
