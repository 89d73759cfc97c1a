"""Shared fixtures: a small, valid dataset written from a dict of {relative path: text}."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests: no deadline (a loaded CI machine is slow, not wrong); under CI the examples
# are derived from each test's name instead of drawn at random, so a run can be repeated.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

SOURCE_TEXT = """\
Datum 1 maart 2024
Betreft Voorbeeldbrief

## 1. Weerbaarheid

We starten een pilot weerbare wijken in drie gemeenten. De pilot loopt tot eind 2025.
Ik informeer uw Kamer voor de zomer over de voort-
gang van de pilot.

## 2. Moties

De motie van het lid Jansen (XYZ) verzoekt de regering om meer wijkagenten. Ik voer deze motie uit.
"""

SOURCE_TEXT_2 = """\
Datum 1 oktober 2024
De pilot weerbare wijken is inmiddels in alle drie gemeenten gestart.
"""


# Statuses of a treaty's lifecycle, to add to the valid statuses.yaml in tests of lifecycles.
LIFECYCLE_STATUSES = """
        - id: in-voorbereiding
          label: In voorbereiding
          definition: Er wordt aan gewerkt.
          final: false
          applies_to: [measure]
          lifecycle: [verdrag]
        - id: ondertekend
          label: Ondertekend
          definition: Het verdrag is ondertekend.
          final: false
          applies_to: [measure]
          kinds: [verdrag]
          lifecycle: [verdrag]
          public: in-voorbereiding
        - id: verdrag-in-werking
          label: Verdrag in werking
          definition: Het verdrag geldt.
          final: true
          applies_to: [measure]
          kinds: [verdrag]
          lifecycle: [verdrag]
          public: in-uitvoering
"""


def _dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# A minimal dataset in which every record kind and every kind of link occurs once.
VALID_FILES: dict[str, str] = {
    "data/statuses.yaml": """
        - id: aangekondigd
          label: Aangekondigd
          definition: Het document kondigt de maatregel aan.
          final: false
          applies_to: [measure]
        - id: in-uitvoering
          label: In uitvoering
          definition: Het document zegt dat de maatregel loopt.
          final: false
          applies_to: [measure, motion]
        - id: open
          label: Open
          definition: Nog niet nagekomen.
          final: false
          applies_to: [commitment]
    """,
    "data/themes.yaml": """
        - id: weerbaarheid
          label: Weerbaarheid
          kind: sectie
          document: brief-a
          code: "1"
          source:
            document: brief-a
            section: "1. Weerbaarheid"
            quote: "We starten een pilot weerbare wijken"
    """,
    "data/subjects.yaml": """
        - id: weerbare-wijken
          name: Weerbare wijken
          description: Wijken en gemeenten die zich weren tegen criminelen.
          keywords: [wijk, gemeente, pilot]
        - id: politie-en-opsporing
          name: Politie en opsporing
          description: Wijkagenten en politie.
          keywords: [wijkagent, politie]
    """,
    "data/actors.yaml": """
        - id: gemeenten
          name: Gemeenten
          kind: lokaal
        - id: politie
          name: Politie
          kind: opsporing
    """,
    "data/glossary.yaml": """
        - id: riec
          term: RIEC
          expansion: Regionaal Informatie- en Expertisecentrum
          basis: algemeen-bekend
    """,
    "data/documents/brief-a.yaml": """
        id: brief-a
        title: Voorbeeldbrief
        kind: kamerbrief
        date: 2024-03-01
        date_source:
          document: brief-a
          section: Briefhoofd
          quote: "Datum 1 maart 2024"
        source_text: brief-a.txt
        summary: Een brief om mee te testen.
    """,
    "data/documents/brief-b.yaml": """
        id: brief-b
        title: Tweede brief
        kind: kamerbrief
        date: 2024-10-01
        date_source:
          document: brief-b
          section: Briefhoofd
          quote: "Datum 1 oktober 2024"
        source_text: brief-b.txt
    """,
    "data/documents/kst-1-2.yaml": """
        id: kst-1-2
        title: Een aangehaald Kamerstuk
        kind: referentie
        cited_in:
          - document: brief-a
            section: "2. Moties"
            quote: "De motie van het lid Jansen (XYZ)"
    """,
    "data/measures/pilot-weerbare-wijken.yaml": """
        id: pilot-weerbare-wijken
        title: Pilot weerbare wijken
        kind: pilot
        summary: Een pilot in *drie* gemeenten.
        themes: [weerbaarheid]
        actors: [gemeenten]
        source:
          document: brief-a
          section: "1. Weerbaarheid"
          quote: "We starten een pilot weerbare wijken in drie gemeenten."
        deadline:
          text: eind 2025
          by: 2025-12-31
          document: brief-a
          section: "1. Weerbaarheid"
          quote: "De pilot loopt tot eind 2025."
        status_history:
          - status: aangekondigd
            document: brief-a
            section: "1. Weerbaarheid"
            quote: "We starten een pilot weerbare wijken in drie gemeenten."
          - status: in-uitvoering
            document: brief-b
            section: Brief
            quote: "De pilot weerbare wijken is inmiddels in alle drie gemeenten gestart."
        subjects: [weerbare-wijken]
    """,
    "data/measures/pilot-deel-noord.yaml": """
        id: pilot-deel-noord
        title: Deel noord van de pilot
        summary: Het noordelijke deel.
        themes: [weerbaarheid]
        parent: pilot-weerbare-wijken
        related_measures: [pilot-weerbare-wijken]
        source:
          document: brief-a
          section: "1. Weerbaarheid"
          quote: "We starten een pilot weerbare wijken in drie gemeenten."
        status_history:
          - status: aangekondigd
            document: brief-a
            section: "1. Weerbaarheid"
            quote: "We starten een pilot weerbare wijken in drie gemeenten."
        subjects: [weerbare-wijken]
    """,
    "data/motions/motie-jansen-wijkagenten.yaml": """
        id: motie-jansen-wijkagenten
        title: Motie Jansen over wijkagenten
        kind: motie
        submitters:
          - name: Jansen
            party: XYZ
        date_note: De brief noemt geen datum.
        asks: Meer wijkagenten.
        vote: aangenomen
        source:
          document: brief-a
          section: "2. Moties"
          quote: "De motie van het lid Jansen (XYZ) verzoekt de regering om meer wijkagenten."
        status_history:
          - status: in-uitvoering
            document: brief-a
            section: "2. Moties"
            quote: "Ik voer deze motie uit."
        measures: [pilot-weerbare-wijken]
        actors: [politie]
        subjects: [politie-en-opsporing]
    """,
    "data/commitments/voortgang-pilot.yaml": """
        id: voortgang-pilot
        title: Voortgang van de pilot melden
        who: De minister
        what: De Kamer informeren over de voortgang van de pilot.
        term:
          text: voor de zomer
          document: brief-a
          section: "1. Weerbaarheid"
          quote: "Ik informeer uw Kamer voor de zomer over de voortgang van de pilot."
        source:
          document: brief-a
          section: "1. Weerbaarheid"
          quote: "Ik informeer uw Kamer voor de zomer over de voortgang van de pilot."
        status_history:
          - status: open
            document: brief-a
            section: "1. Weerbaarheid"
            quote: "Ik informeer uw Kamer voor de zomer over de voortgang van de pilot."
        measures: [pilot-weerbare-wijken]
        themes: [weerbaarheid]
        subjects: [weerbare-wijken]
    """,
    "sources/brief-a.txt": SOURCE_TEXT,
    "sources/brief-b.txt": SOURCE_TEXT_2,
}


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write `{relative path: text}` below root; a value of None deletes the file."""
    for rel, content in files.items():
        target = root / rel
        if content is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(_dedent(content), encoding="utf-8")
    return root


# --- running on every core (pytest-xdist, `make test`) ------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup`, each file's tests run in one worker, so a module's fixtures (a
    built fixture site) are made once. (The real site the browser tests share is built once
    per run whichever workers they run in: see tests/browser/conftest.py.)"""
    for item in items:
        item.add_marker(pytest.mark.xdist_group(item.path.relative_to(ROOT).as_posix()))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker hands the figures its browser tests collected to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from browser.browsing import FIGURES

        workeroutput["figures"] = json.dumps(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    from browser.browsing import FIGURES

    for title, rows in json.loads(node.workeroutput.get("figures", "{}")).items():
        FIGURES.setdefault(title, {}).update(rows)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The figures the browser tests collected (requests per page, accessibility findings)."""
    from browser.browsing import FIGURES

    for title, rows in FIGURES.items():
        terminalreporter.section(title)
        for key, value in rows.items():
            terminalreporter.write_line(f"{key:<24} {value}")


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Make a project folder with the valid dataset, changed by `overrides`."""

    def make(overrides: dict[str, str | bytes | None] | None = None) -> Path:
        write_tree(tmp_path, {**VALID_FILES, **(overrides or {})})
        return tmp_path

    return make


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files in tests/golden/ from the current output",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str | bytes], None]:
    """Compare text (or bytes, kept exactly: a CSV's line ends too) with tests/golden/<name>;
    with --update-golden, rewrite the file instead."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str | bytes) -> None:
        path = ROOT / "tests" / "golden" / name
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run pytest --update-golden and review it")
        if isinstance(actual, str):
            assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"
        else:
            assert actual == path.read_bytes(), f"differs from {path}"

    return check


def write_site(
    root: Path, files: dict[str, str | bytes | None], check_quotes: bool = False
) -> Path:
    """A buildable project in `root`: the real mkdocs.yml, content/ and overrides/ beside the
    data in `files`. With `check_quotes`, the build also checks every quote against sources/."""
    import shutil

    write_tree(root, files)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if check_quotes:
        assert "      data_dir: data\n" in config
        config = config.replace(
            "      data_dir: data\n", "      data_dir: data\n      sources_dir: sources\n", 1
        )
    # An edit link needs a repository address; the real site leaves it unset until it has one.
    config += "repo_url: https://example.org/monitor\nedit_uri: edit/main/content/\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "content", root / "content", dirs_exist_ok=True)
    shutil.copytree(ROOT / "overrides", root / "overrides", dirs_exist_ok=True)
    (root / "scripts" / "monitor").mkdir(parents=True, exist_ok=True)  # a `watch:` folder
    return root


def build_strict(root: Path) -> Path:
    """`mkdocs build --strict` of the project in `root` (e.g. made by write_site); its site/."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


def seeds_or_skip() -> Path:
    """The source texts in ../shared/seeds: outside CI a clone without them skips the tests that
    read them (and says why); in CI (CI=true) their absence fails."""
    if SEEDS.is_dir():
        return SEEDS
    if os.environ.get("CI"):
        pytest.fail(f"the source texts are missing at {SEEDS}; CI must check every quote")
    pytest.skip(f"source texts not found at {SEEDS}: quotes cannot be checked in this clone")
