"""A release can be verified: the same commit builds to the same bytes.

The fixture project (every page type) is a git repository with one commit at a known time. It is
built twice without SOURCE_DATE_EPOCH set: the plugin takes it from the last commit. The first
build is `python -m monitor build`, the command releases use; the second a plain `mkdocs build`
from a copy of the project in another folder, with another hash seed and another time zone, so
that absolute paths, set order and local time cannot hide. Both have SITE_URL set, as CI does.
(That a failed build leaves the previous site as it was is tested in test_build.py.)
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


SITE_URL = "https://example.org/monitor/"


def monitor_build(
    root: Path, *args: str, command: tuple[str, ...] = ("monitor", "build"), **env: str
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    full_env.update(NO_MKDOCS_2_WARNING="1", **env)
    return subprocess.run(
        [sys.executable, "-m", *command, *args],
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
    git(first, "init", "--quiet")
    git(first, "add", "--all")
    git(first, "commit", "--quiet", "--message", "Fixture")
    second = tmp_path_factory.mktemp("release") / "elsewhere" / "two"
    shutil.copytree(first, second, symlinks=True)
    # The sitemap lists pages (with their date) only when the site has an address.
    done = monitor_build(first, TZ="UTC", PYTHONHASHSEED="1", SITE_URL=SITE_URL)
    assert done.returncode == 0, done.stdout + done.stderr
    plain = ("mkdocs", "build", "--strict", "--site-dir", "site")
    done = monitor_build(
        second, command=plain, TZ="Pacific/Kiritimati", PYTHONHASHSEED="2", SITE_URL=SITE_URL
    )
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


def test_with_site_url_the_sitemap_lists_every_page_and_feeds_link_absolutely(
    twice: tuple[Path, Path],
) -> None:
    site = twice[0] / "site"
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = {el.text for el in ElementTree.parse(site / "sitemap.xml").getroot().iter(f"{ns}loc")}
    for page in (
        "",
        "maatregelen/pilot-weerbare-wijken/",
        "moties/motie-jansen-wijkagenten/",
        "toezeggingen/voortgang-pilot/",
        "documenten/brief-a/",
        "themas/weerbaarheid/",
    ):
        assert SITE_URL + page in listed
    feed = ElementTree.parse(site / "open-data/feeds/statuswijzigingen.xml").getroot()
    links = [el.get("href") or "" for el in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert links and all(link.startswith(SITE_URL) for link in links), links


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


def test_the_build_epoch_is_the_variable_else_the_last_commit(tmp_path: Path) -> None:
    """What the plugin sets SOURCE_DATE_EPOCH to (the builds above show what MkDocs makes of
    it): an explicit one unchanged, else the last commit's time, else nothing without git."""
    from monitor.data.history import build_epoch

    project = write_site(tmp_path / "p", dict(VALID_FILES))
    assert build_epoch(project, {}) is None  # not a git repository: today's date
    git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "Fixture")
    assert build_epoch(project, {}) == str(COMMIT_EPOCH)
    assert build_epoch(project, {"SOURCE_DATE_EPOCH": "1767225600"}) == "1767225600"
