"""Releases: `python -m monitor release` in a temporary git repository, and the full build of a
release: changelog, footer, signals, downloads, feeds and redirects, through an HTML parser."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gitrepo import commit, git, make_history
from monitor.publish.release import ReleaseError, ReleasePlan, make_release

pytestmark = pytest.mark.build


def release(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_DATE": "2025-06-01T12:00:00+00:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "monitor", "release", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def tags(root: Path) -> list[str]:
    return git(root, "tag", "--list").split()


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """v1.0.0 and v2.0.0 tagged, one more commit, then `monitor release 2.1.0` with a check."""
    root = make_history(tmp_path_factory.mktemp("release") / "repo", site=True)
    commit(
        root,
        {
            "data/measures/wijkagenten.yaml": None,
            "data/measures/pilot-weerbare-wijken.yaml": (
                root / "data/measures/pilot-weerbare-wijken.yaml"
            )
            .read_text()
            .replace("kind: pilot", "kind: pilot\nformer_ids: [pilot-wijken]"),
        },
        "Drop a measure, rename the pilot's old id",
        "2025-05-01T10:00:00+00:00",
    )
    done = release(root, "2.1.0", "--sources", "sources", "--check", "test -f site/index.html")
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def soup(root: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")


def test_release_tags_the_commit_and_builds_the_site(released: Path) -> None:
    assert tags(released) == ["v1.0.0", "v2.0.0", "v2.1.0"]
    assert git(released, "cat-file", "-t", "v2.1.0") == "tag"  # annotated
    assert git(released, "rev-parse", "v2.1.0^{commit}") == git(released, "rev-parse", "HEAD")
    assert (released / "site/index.html").is_file()


def test_footer_shows_the_released_version_and_data_date(released: Path) -> None:
    line = soup(released, "index.html").select_one(".monitor-data-version")
    text = line.get_text(" ", strip=True)
    assert text.startswith("Gegevens: versie 2.1.0, bijgewerkt op 1 mei 2025")
    assert "niet uitgebracht" not in text
    assert line.find("a", string="Wijzigingen")["href"] == "wijzigingen/"


def test_changelog_page_of_the_release(released: Path) -> None:
    article = soup(released, "wijzigingen/index.html").select_one("article")
    headings = [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")]
    assert headings == [
        "Versie 2.1.0 (1 juni 2025)",
        "Versie 2.0.0 (10 maart 2025)",
        "Versie 1.0.0 (10 januari 2025)",
    ]
    first = article.find("h2").find_next("ul")
    assert "Meer wijkagenten" in first.get_text()  # removed in 2.1.0
    assert first.find("a") is None  # a removed record has no page to link to


def test_redirect_page_at_the_former_id(released: Path) -> None:
    page = soup(released, "maatregelen/pilot-wijken/index.html")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == (
        "0; url=../pilot-weerbare-wijken/"
    )
    assert (released / "site/maatregelen/pilot-weerbare-wijken/index.html").is_file()


def test_downloads_and_feeds_are_in_the_site_and_on_the_open_data_page(released: Path) -> None:
    site = released / "site"
    assert (site / "open-data/measures.json").is_file()
    assert (site / "open-data/schema/measure.schema.json").is_file()
    ET.parse(site / "open-data/feeds/statuswijzigingen.xml")
    page = soup(released, "open-data/index.html")
    hrefs = {a["href"] for a in page.select("article a[href]")}
    for href in ("measures.json", "measures.csv", "feeds/statuswijzigingen.xml"):
        assert href in hrefs
    nav = [a.get_text(strip=True) for a in soup(released, "index.html").select("nav a")]
    for title in ("Signalen", "Wijzigingen", "Open data"):
        assert title in nav


def test_signals_use_the_commit_date_as_reference(released: Path) -> None:
    # SOURCE_DATE_EPOCH is the last commit (2025-05-01): the pilot's deadline (2025-12-31)
    # has not passed, so there is no notice, whatever today's date is.
    text = soup(released, "signalen/index.html").select_one("article").get_text(" ", strip=True)
    assert "Stand op 1 mei 2025." in text
    pilot = soup(released, "maatregelen/pilot-weerbare-wijken/index.html")
    assert not pilot.select(".signal")


def test_same_commit_builds_the_same_outputs(released: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "build", "--site-dir", str(tmp_path / "again")],
        cwd=released,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for rel in (
        "wijzigingen/index.html",
        "signalen/index.html",
        "open-data/index.html",
        "open-data/measures.csv",
        "open-data/feeds/statuswijzigingen.xml",
        "maatregelen/pilot-wijken/index.html",
    ):
        assert (tmp_path / "again" / rel).read_bytes() == (released / "site" / rel).read_bytes()


# --- refusals: each stops before a tag is made --------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_history(tmp_path / "repo")


def never_built(_config: Path) -> int:
    raise AssertionError("the build must not run")


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("2.0", "is not a version"),
        ("2.0.0", "tag v2.0.0 exists already"),
        ("1.5.0", "is not higher than the last release v2.0.0"),
    ],
)
def test_bad_versions_are_refused(repo: Path, version: str, message: str) -> None:
    with pytest.raises(ReleaseError, match=message):
        make_release(ReleasePlan(repo, version, None), build=never_built, say=lambda _: None)
    assert tags(repo) == ["v1.0.0", "v2.0.0"]


def test_a_dirty_tree_is_refused(repo: Path) -> None:
    (repo / "data/measures/wijkagenten.yaml").write_text("id: wijkagenten\n")
    with pytest.raises(ReleaseError, match="not committed"):
        make_release(ReleasePlan(repo, "3.0.0", None), build=never_built, say=lambda _: None)
    assert "v3.0.0" not in tags(repo)


def test_invalid_data_is_refused(repo: Path) -> None:
    bad = (repo / "data/measures/wijkagenten.yaml").read_text().replace("title:", "titel:")
    commit(repo, {"data/measures/wijkagenten.yaml": bad}, "bad", "2025-04-01T10:00:00+00:00")
    with pytest.raises(ReleaseError, match="E201"):
        make_release(ReleasePlan(repo, "3.0.0", None), build=never_built, say=lambda _: None)
    assert "v3.0.0" not in tags(repo)


def test_a_failing_build_or_check_removes_the_tag_again(repo: Path) -> None:
    seen = []

    def build(config: Path) -> int:
        seen.append(tags(repo))  # the build sees the new tag: its footer names the version
        return 1

    with pytest.raises(ReleaseError, match="strict build failed"):
        make_release(ReleasePlan(repo, "3.0.0", None), build=build, say=lambda _: None)
    assert seen == [["v1.0.0", "v2.0.0", "v3.0.0"]]
    assert tags(repo) == ["v1.0.0", "v2.0.0"]
    plan = ReleasePlan(repo, "3.0.0", None, checks=("false",))
    with pytest.raises(ReleaseError, match="'false' failed"):
        make_release(plan, build=lambda _: 0, say=lambda _: None)
    assert tags(repo) == ["v1.0.0", "v2.0.0"]


def test_a_failed_release_puts_the_previous_site_back(repo: Path) -> None:
    """The failed build wrote a site naming v3.0.0; after the tag is gone, the site before the
    release is back, byte for byte, and nothing is left beside it."""
    (repo / ".git/info/exclude").write_text("site/\n")
    (repo / "site").mkdir()
    (repo / "site/index.html").write_text("v2.0.0")

    def build(config: Path, code: int = 0) -> int:
        shutil.rmtree(repo / "site", ignore_errors=True)
        (repo / "site").mkdir()
        (repo / "site/index.html").write_text("v3.0.0")
        return code

    for checks, code in (((), 1), (("false",), 0)):
        plan = ReleasePlan(repo, "3.0.0", None, checks=checks)
        with pytest.raises(ReleaseError):
            make_release(plan, build=functools.partial(build, code=code), say=lambda _: None)
        assert (repo / "site/index.html").read_text() == "v2.0.0"
        assert sorted(p.name for p in repo.iterdir() if "site" in p.name) == ["site"]
    make_release(ReleasePlan(repo, "3.0.0", None), build=build, say=lambda _: None)
    assert (repo / "site/index.html").read_text() == "v3.0.0"
    assert sorted(p.name for p in repo.iterdir() if "site" in p.name) == ["site"]


def test_command_line_reports_a_refusal_without_traceback(repo: Path) -> None:
    done = release(repo, "2.0.0")
    assert done.returncode == 1
    assert "error: release stopped: tag v2.0.0 exists already" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_page_announces_the_feed_and_links_the_feed_page(released: Path) -> None:
    site = released / "site"
    for page in ("index.html", "maatregelen/pilot-weerbare-wijken/index.html"):
        html = soup(released, page)
        # Not rel="alternate" alone: the theme would fetch a sitemap.xml beside it (a 404).
        assert not html.select('link[rel="alternate"]')
        (feed,) = html.select("head link[type='application/atom+xml']")
        assert feed["rel"] == ["alternate", "feed"]
        target = (site / page).parent / feed["href"]
        assert target.resolve() == (site / "open-data/feeds/statuswijzigingen.xml")
        # The footer's link leads to the page that explains feeds (the feed is raw XML).
        link = html.find("a", string="Feed van statuswijzigingen")
        target = (site / page).parent / link["href"] / "index.html"
        assert target.resolve() == (site / "open-data/feeds/index.html")


def test_build_without_git_shows_a_note_instead_of_history(tmp_path: Path) -> None:
    from conftest import VALID_FILES, write_tree
    from gitrepo import add_site_files

    root = write_tree(tmp_path / "tarball", dict(VALID_FILES))  # as unpacked from an archive
    add_site_files(root)
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = soup(root, "wijzigingen/index.html").select_one("article").get_text(" ", strip=True)
    assert "niet uit een git-repository gebouwd" in text
    assert soup(root, "index.html").select_one(".monitor-data-version") is None
    assert "Stand op 1 januari 2026." in soup(root, "signalen/index.html").get_text(" ")
    # The build report at INFO: one summary line; the records only with --verbose.
    summary = r"monitor: \d+ te laat, \d+ lang niet genoemd .*zie Signalen"
    assert re.search(summary, done.stderr)
    assert "te laat: measure" not in done.stderr
    assert "WARNING" not in done.stderr
