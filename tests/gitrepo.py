"""A project in a temporary git repository, with commits and release tags at fixed dates, so that
history, changelog and release tests run against a real git without touching this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, VALID_FILES, write_tree


def git(root: Path, *args: str, date: str = "2025-01-01T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def init_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    return root


def commit(root: Path, files: dict[str, str | bytes | None], message: str, date: str) -> str:
    write_tree(root, files)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message, date=date)
    return git(root, "rev-parse", "HEAD")


def tag(root: Path, name: str, date: str) -> None:
    git(root, "tag", "--annotate", name, "--message", f"Release {name}", date=date)


def add_site_files(root: Path) -> None:
    """What a full build needs besides the data: the real mkdocs.yml, content and overrides."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "scripts" / "monitor").mkdir(parents=True, exist_ok=True)
    (root / "scripts" / "monitor" / ".keep").write_text("a watch: folder of mkdocs.yml\n")
    (root / ".gitignore").write_text("site/\n")


M = "data/measures/pilot-weerbare-wijken.yaml"
MOTION = "data/motions/motie-jansen-wijkagenten.yaml"

# Version 1: the fixture, but the pilot only announced (its second status entry not yet there).
V1 = {
    **VALID_FILES,
    M: VALID_FILES[M].split("          - status: in-uitvoering")[0]
    + "        subjects: [weerbare-wijken]\n",
}
# Version 2: the pilot is running, the north part is gone, a motion renamed, a measure added.
V2 = {
    M: VALID_FILES[M],
    "data/measures/pilot-deel-noord.yaml": None,
    MOTION: None,
    "data/motions/motie-jansen.yaml": VALID_FILES[MOTION]
    .replace("id: motie-jansen-wijkagenten", "id: motie-jansen")
    .replace(
        "        measures: [pilot-weerbare-wijken]",
        "        measures: [pilot-weerbare-wijken]\n        former_ids: [motie-jansen-wijkagenten]",
    ),
    "data/measures/wijkagenten.yaml": """
        id: wijkagenten
        title: Meer wijkagenten <script>alert(1)</script> & co
        summary: Meer wijkagenten.
        themes: [weerbaarheid]
        source:
          document: brief-a
          section: "2. Moties"
          quote: "De motie van het lid Jansen (XYZ) verzoekt de regering om meer wijkagenten."
        status_history:
          - status: aangekondigd
            document: brief-a
            section: "2. Moties"
            quote: "De motie van het lid Jansen (XYZ) verzoekt de regering om meer wijkagenten."
        subjects: [politie-en-opsporing]
    """,
}


def make_history(root: Path, *, site: bool = False) -> Path:
    """v1.0.0 (2025-01-10) and v2.0.0 (2025-03-10) tagged, then one unreleased commit."""
    init_repo(root)
    if site:
        add_site_files(root)
    commit(root, V1, "Version 1", "2025-01-10T10:00:00+00:00")
    tag(root, "v1.0.0", "2025-01-10T11:00:00+00:00")
    commit(root, V2, "Version 2", "2025-03-10T10:00:00+00:00")
    tag(root, "v2.0.0", "2025-03-10T11:00:00+00:00")
    return root
