"""A corpus of broken and hostile data files, each with the error it must give and where.

Every case goes through the command editors run, `python -m monitor validate`: a non-zero exit,
a located message in the compiler form `file:line:col: error CODE: …`, never a traceback. A
subset, one per code family and every dangerous kind, also goes through `mkdocs build --strict`,
which must fail the same way and write no site. The worst cases run in a child process whose
wall time and peak memory are measured (printed, and held under generous safety limits), and no
case may run code from the data.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import SOURCE_TEXT, VALID_FILES, _dedent, write_site
from monitor.cli import main
from monitor.data import load
from monitor.data.diagnostics import Location
from monitor.data.load import MAX_FILE_BYTES, MAX_NODES

M = "data/measures/pilot-weerbare-wijken.yaml"
D = "data/documents/brief-b.yaml"
MOTION = "data/motions/motie-jansen-wijkagenten.yaml"
MARKER = "code-from-data-ran"  # a file the os.system payloads would create in the project root


def text_of(path: str) -> str:
    return _dedent(VALID_FILES[path])


def edit(path: str, old: str, new: str, count: int = 1) -> dict[str, str | bytes | None]:
    """The valid file at `path` with `old` replaced by `new` (which must be there)."""
    text = text_of(path)
    assert old in text, (path, old)
    return {path: text.replace(old, new, count)}


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def swapped_history() -> str:
    """The measure with its two status entries in the wrong order: the later letter first."""
    head, history = MEASURE.split("status_history:\n")
    history, tail = history.split("subjects:")
    first, second = history.split("  - status: in-uitvoering\n")
    swapped = "status_history:\n  - status: in-uitvoering\n" + second + first
    return head + swapped + "subjects:" + tail


@dataclass(frozen=True)
class Case:
    """Files to write over the valid fixture, and the error that must be reported: its code,
    file and (where the parser knows it) line and column; line 0 means the whole file."""

    files: dict[str, str | bytes | None]
    code: str
    path: str
    line: int = 0
    col: int = 0
    build: bool = False  # also run through `mkdocs build --strict`
    links: dict[str, str] = field(default_factory=dict)  # symbolic links to make: path → target

    @property
    def located(self) -> str:
        return f"{Location(self.path, self.line, self.col)}: fout {self.code}: "


MEASURE = text_of(M)
VOCAB = "data/actors.yaml"

CASES: dict[str, Case] = {
    # --- E100: not text we can read -----------------------------------------------------------
    "E100-latin1": Case(
        {M: MEASURE.replace("Een pilot in *drie*", "Een pilot in één").encode("latin-1")},
        "E100",
        M,
        4,
        23,
    ),
    "E100-cp1252-curly-quotes": Case(
        {M: MEASURE.encode().replace(b"*drie*", b"\x93drie\x94")}, "E100", M, 4, 23
    ),
    "E100-utf16-with-bom": Case({M: MEASURE.encode("utf-16")}, "E100", M),
    "E100-utf16be-without-bom": Case({M: MEASURE.encode("utf-16-be")}, "E100", M),
    "E100-nul-byte": Case({M: MEASURE.encode().replace(b"Een pilot", b"Een\x00pilot")}, "E100", M),
    "E100-truncated-utf8": Case({M: MEASURE.encode() + b"notes: caf\xc3"}, "E100", M, 27, 11),
    # --- E101: YAML syntax ----------------------------------------------------------------
    "E101-unclosed-double-quote": Case(
        edit(M, 'section: "1. Weerbaarheid"', 'section: "1. Weerbaarheid'),
        "E101",
        M,
        9,
        12,
        build=True,
    ),
    "E101-unclosed-single-quote": Case(
        edit(M, "title: Pilot weerbare wijken", "title: 'Pilot weerbare wijken"), "E101", M, 2, 8
    ),
    "E101-tab-indentation": Case(
        edit(M, "\n  document: brief-a", "\n\tdocument: brief-a"), "E101", M, 8, 1
    ),
    "E101-over-indented-key": Case(edit(M, "\ntitle:", "\n  title:"), "E101", M, 2, 8),
    "E101-under-indented-key": Case(
        edit(M, '\n  section: "1. Weerbaarheid"', '\n section: "1. Weerbaarheid"'),
        "E101",
        M,
        9,
        2,
    ),
    "E101-unclosed-flow-sequence": Case(
        edit(M, "themes: [weerbaarheid]", "themes: [weerbaarheid"), "E101", M, 6, 7
    ),
    "E101-unclosed-flow-mapping": Case(
        edit(M, "actors: [gemeenten]", "actors: {name: gemeenten"), "E101", M, 7, 7
    ),
    "E101-colon-in-plain-text": Case(
        edit(M, "title: Pilot weerbare wijken", "title: Pilot: weerbare wijken"), "E101", M, 2, 13
    ),
    "E101-key-without-colon": Case(edit(M, "kind: pilot", "kind pilot"), "E101", M, 4, 1),
    "E101-reserved-indicator": Case(
        edit(M, "title: Pilot weerbare wijken", "title: @pilot"), "E101", M, 2, 8
    ),
    "E101-jinja-unquoted": Case(
        edit(M, "title: Pilot weerbare wijken", "title: {{ 7*7 }}"), "E101", M, 2, 9
    ),
    "E101-key-longer-than-yaml-allows": Case(
        edit(M, "kind: pilot\n", "kind: pilot\n" + "titel" * 300 + ": x\n"), "E101", M, 4, 1501
    ),
    # --- E102: duplicate keys -------------------------------------------------------------
    "E102-duplicate-top-level-key": Case(
        edit(M, "kind: pilot\n", "kind: pilot\nkind: wetgeving\n"), "E102", M, 4, 1
    ),
    "E102-duplicate-nested-key": Case(
        edit(M, "  document: brief-a\n", "  document: brief-a\n  document: brief-b\n"),
        "E102",
        M,
        9,
        3,
    ),
    "E102-duplicate-key-in-vocabulary-item": Case(
        {VOCAB: "- id: gemeenten\n  name: Gemeenten\n  name: G\n  kind: lokaal\n"},
        "E102",
        VOCAB,
        3,
        3,
    ),
    # --- E103: nothing in it --------------------------------------------------------------
    "E103-zero-bytes": Case({M: b""}, "E103", M),
    "E103-whitespace-only": Case({M: b"  \n\n\t\n   "}, "E103", M),
    "E103-comments-only": Case({M: b"# id: pilot-weerbare-wijken\n  # title: x\n"}, "E103", M),
    "E103-byte-order-mark-only": Case({M: b"\xef\xbb\xbf\r\n"}, "E103", M),
    # --- E104: several documents ----------------------------------------------------------
    "E104-two-documents": Case({M: MEASURE + "---\nid: tweede\n"}, "E104", M, 27, 1),
    "E104-document-end-then-more": Case({M: MEASURE + "...\nid: tweede\n"}, "E104", M, 28, 1),
    # --- E105: the wrong shape ------------------------------------------------------------
    "E105-list-instead-of-record": Case({M: "- " + MEASURE.replace("\n", "\n  ")}, "E105", M, 1, 1),
    "E105-scalar-instead-of-record": Case({M: "pilot-weerbare-wijken\n"}, "E105", M, 1, 1),
    "E105-null-record": Case({M: "---\n~\n"}, "E105", M, 2, 1),
    "E105-statuses-not-a-list": Case(
        {"data/statuses.yaml": "aangekondigd: Aangekondigd\n"}, "E105", "data/statuses.yaml", 1, 1
    ),
    "E105-themes-item-is-text": Case(
        {"data/themes.yaml": "- weerbaarheid\n"}, "E105", "data/themes.yaml", 1, 3
    ),
    "E105-glossary-is-text": Case(
        {"data/glossary.yaml": "RIEC: Regionaal Informatie- en Expertisecentrum\n"},
        "E105",
        "data/glossary.yaml",
        1,
        1,
    ),
    # --- E106: a file in the wrong place --------------------------------------------------
    "E106-yml-extension": Case({"data/measures/x.yml": "id: x\n"}, "E106", "data/measures/x.yml"),
    "E106-unknown-folder": Case(
        {"data/maatregelen/x.yaml": "id: x\n"}, "E106", "data/maatregelen/x.yaml"
    ),
    "E106-record-at-data-root": Case(
        {"data/pilot-weerbare-wijken.yaml": MEASURE}, "E106", "data/pilot-weerbare-wijken.yaml"
    ),
    "E106-record-in-subfolder": Case(
        {"data/measures/oud/x.yaml": "id: x\n"}, "E106", "data/measures/oud/x.yaml"
    ),
    "E106-symlink-to-a-file-outside": Case(
        {}, "E106", "data/measures/passwd.yaml", links={"data/measures/passwd.yaml": "/etc/passwd"}
    ),
    # --- E107: YAML features that run code or expand ----------------------------------------
    "E107-python-object-apply-os-system": Case(
        edit(
            M,
            "summary: Een pilot",
            f"summary: !!python/object/apply:os.system ['touch {MARKER}']\nx: Een pilot",
        ),
        "E107",
        M,
        4,
        10,
        build=True,
    ),
    "E107-python-object-new": Case(
        edit(
            M,
            "title: Pilot weerbare wijken",
            f"title: !!python/object/new:os.system ['touch {MARKER}']",
        ),
        "E107",
        M,
        2,
        8,
    ),
    "E107-python-name": Case(
        edit(M, "title: Pilot weerbare wijken", "title: !!python/name:os.system ''"),
        "E107",
        M,
        2,
        8,
    ),
    "E107-python-module": Case(
        edit(M, "title: Pilot weerbare wijken", "title: !!python/module:os ''"), "E107", M, 2, 8
    ),
    "E107-unknown-local-tag": Case(edit(M, "kind: pilot", "kind: !status pilot"), "E107", M, 3, 7),
    "E107-billion-laughs": Case({M: billion_laughs()}, "E107", M, 1, 4, build=True),
    "E107-merge-key": Case(
        {M: MEASURE.replace("source:\n", "source: &bron\n", 1) + "extra:\n  <<: *bron\n"},
        "E107",
        M,
        7,
        9,
    ),
    # --- E108: too big or too deep -----------------------------------------------------------
    "E108-flow-nesting-a-million-deep": Case(
        {M: b"id: x\nsummary: " + b"[" * (MAX_FILE_BYTES - 20)}, "E108", M, build=True
    ),
    "E108-block-sequences-200000-deep": Case({M: b"- " * 200_000 + b"x\n"}, "E108", M),
    "E108-mappings-30-deep": Case(
        {M: "".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30 + "x\n"}, "E108", M
    ),
    "E108-too-many-values": Case({M: b"themes: [" + b"x, " * (MAX_NODES + 1) + b"]\n"}, "E108", M),
    "E108-file-over-the-size-limit": Case(
        {M: b"summary: '" + b"x" * MAX_FILE_BYTES + b"'\n"}, "E108", M
    ),
    # --- E2xx: one record against the schema ----------------------------------------------
    "E200-required-field-missing": Case(
        edit(M, "title: Pilot weerbare wijken\n", ""), "E200", M, 1, 1
    ),
    "E200-vocabulary-item-missing-label": Case(
        {"data/themes.yaml": text_of("data/themes.yaml").replace("  label: Weerbaarheid\n", "")},
        "E200",
        "data/themes.yaml",
        1,
        3,
    ),
    "E201-unknown-field": Case(edit(M, "summary:", "samenvatting:"), "E201", M, 4, 1),
    "E201-unknown-nested-field": Case(
        edit(M, '  section: "1. W', '  sectie: "1. W'), "E201", M, 9, 3
    ),
    "E202-list-where-text-belongs": Case(
        edit(M, "title: Pilot weerbare wijken", "title: [Pilot, weerbare wijken]"),
        "E202",
        M,
        2,
        8,
    ),
    "E202-mapping-where-list-belongs": Case(
        edit(M, "themes: [weerbaarheid]", "themes: {weerbaarheid: ja}"), "E202", M, 5, 9
    ),
    "E202-text-where-record-belongs": Case(
        edit(M, "source:\n", "source: brief-a\nx:\n"), "E202", M, 7, 9
    ),
    "E202-number-where-text-belongs": Case(
        edit(M, "title: Pilot weerbare wijken", "title: 2024"), "E202", M, 2, 8
    ),
    "E107-binary-tag-hides-text": Case(
        edit(M, "title: Pilot weerbare wijken", "title: !!binary aGFsbG8="), "E107", M, 2, 8
    ),
    "E202-statuses-final-is-text": Case(
        {
            "data/statuses.yaml": text_of("data/statuses.yaml").replace(
                "final: false", "final: nee", 1
            )
        },
        "E202",
        "data/statuses.yaml",
        4,
        10,
    ),
    "E203-kind-not-allowed": Case(edit(M, "kind: pilot", "kind: pilott"), "E203", M, 3, 7),
    "E203-actors-kind-not-allowed": Case(
        {VOCAB: text_of(VOCAB).replace("kind: lokaal", "kind: gemeente")}, "E203", VOCAB, 3, 9
    ),
    "E203-statuses-applies-to-unknown-kind": Case(
        {"data/statuses.yaml": text_of("data/statuses.yaml").replace("[measure]", "[measures]", 1)},
        "E203",
        "data/statuses.yaml",
        5,
        16,
    ),
    "E204-february-30": Case(
        edit(D, "date: 2024-10-01", "date: 2024-02-30"), "E204", D, 4, 7, build=True
    ),
    "E204-month-13": Case(edit(D, "date: 2024-10-01", "date: 2024-13-01"), "E204", D, 4, 7),
    "E204-morgen": Case(edit(D, "date: 2024-10-01", "date: morgen"), "E204", D, 4, 7),
    "E204-date-with-time": Case(
        edit(D, "date: 2024-10-01", "date: 2024-10-01 10:00:00"), "E204", D, 4, 7
    ),
    "E204-deadline-by-dutch-order": Case(
        edit(M, "by: 2025-12-31", "by: 31-12-2025"), "E204", M, 13, 7
    ),
    "E205-capitals-in-id-reference": Case(
        edit(M, "themes: [weerbaarheid]", "themes: [Weerbaarheid]"), "E205", M, 5, 10
    ),
    "E206-empty-title": Case(
        edit(M, "title: Pilot weerbare wijken", 'title: "  "'), "E206", M, 2, 8
    ),
    "E207-javascript-url": Case(
        edit(
            "data/documents/kst-1-2.yaml",
            "kind: referentie",
            "kind: referentie\nurl: javascript:alert(1)",
        ),
        "E207",
        "data/documents/kst-1-2.yaml",
        4,
        6,
    ),
    "E208-glossary-from-source-without-quote": Case(
        {
            "data/glossary.yaml": text_of("data/glossary.yaml").replace(
                "algemeen-bekend", "uit-de-bron"
            )
        },
        "E208",
        "data/glossary.yaml",
        1,
        3,
    ),
    "E209-right-to-left-override-in-a-title": Case(
        edit(M, "title: Pilot weerbare wijken", "title: Pilot \u202enekjiw erabreew"),
        "E209",
        M,
        2,
        8,
    ),
    "E209-escaped-control-character": Case(
        edit(M, "summary: Een pilot", 'summary: "Een \\x07\\x1b[2Jpilot"\nx: Een pilot'),
        "E209",
        M,
        4,
        10,
    ),
    # --- E3xx: records against each other ---------------------------------------------------
    "E300-id-does-not-match-file-name": Case(
        edit(M, "id: pilot-weerbare-wijken", "id: pilot-weerbare-wijk"), "E300", M, 1, 5
    ),
    "E300-file-name-that-forges-a-workflow-command": Case(
        {"data/measures/x\n::error file=README.md::vals.yaml": "id: x\n"},
        "E300",
        "data/measures/x\n::error file=README.md::vals.yaml",
        1,
        5,
    ),
    "E301-duplicate-theme-id": Case(
        {"data/themes.yaml": text_of("data/themes.yaml") * 2}, "E301", "data/themes.yaml", 10, 7
    ),
    "E302-dangling-theme": Case(
        edit(M, "themes: [weerbaarheid]", "themes: [weerbaarheidd]"), "E302", M, 5, 10, build=True
    ),
    "E302-dangling-document": Case(
        edit(M, "  document: brief-a", "  document: brief-z"), "E302", M, 8, 13
    ),
    "E302-dangling-parent": Case(
        edit(
            "data/measures/pilot-deel-noord.yaml",
            "parent: pilot-weerbare-wijken",
            "parent: pilot-weerbare",
        ),
        "E302",
        "data/measures/pilot-deel-noord.yaml",
        5,
        9,
    ),
    "E302-dangling-actor": Case(
        edit(MOTION, "actors: [politie]", "actors: [marechaussee]"), "E302", MOTION, 20, 10
    ),
    "E302-dangling-status": Case(
        edit(M, "- status: aangekondigd", "- status: aangekondigt"), "E302", M, 18, 13
    ),
    "E303-status-for-another-kind": Case(
        edit(M, "- status: aangekondigd", "- status: open"), "E303", M, 18, 13
    ),
    "E304-quote-from-a-reference": Case(
        edit(M, "  document: brief-a", "  document: kst-1-2"), "E304", M, 8, 13
    ),
    "E305-own-parent": Case(
        edit(M, "kind: pilot", "kind: pilot\nparent: pilot-weerbare-wijken"), "E305", M, 4, 9
    ),
    "E306-history-out-of-order": Case({M: swapped_history()}, "E306", M, 22, 5),
    "E307-former-id-is-a-live-id": Case(
        edit(M, "kind: pilot\n", "kind: pilot\nformer_ids: [pilot-deel-noord]\n"), "E307", M, 4, 14
    ),
    "E308-two-measures-one-quote": Case(
        edit("data/measures/pilot-deel-noord.yaml", "parent: pilot-weerbare-wijken\n", ""),
        "E308",
        "data/measures/pilot-weerbare-wijken.yaml",
        10,
        10,
    ),
    "E320-kenmerk-in-no-quote": Case(
        edit(
            "data/documents/kst-1-2.yaml", "kind: referentie", 'kind: referentie\nreference: "4711"'
        ),
        "E320",
        "data/documents/kst-1-2.yaml",
        1,
        1,
    ),
    # --- E4xx: data against the source texts ------------------------------------------------
    "E400-quote-not-in-source": Case(
        edit(M, 'quote: "De pilot loopt tot eind 2025."', 'quote: "De pilot loopt tot eind 2026."'),
        "E400",
        M,
        16,
        10,
        build=True,
    ),
    "E410-quote-across-heading": Case(
        edit(
            M,
            'quote: "De pilot loopt tot eind 2025."',
            'quote: "Weerbaarheid We starten een pilot"',
        ),
        "E410",
        M,
        16,
        10,
    ),
    "E411-quote-across-list-marker": Case(
        {"sources/brief-a.txt": SOURCE_TEXT.replace("De pilot loopt tot", "De pilot loopt\n- tot")},
        "E411",
        M,
        16,
        10,
    ),
    "E412-quote-across-letterhead": Case(
        {
            "sources/brief-a.txt": SOURCE_TEXT.replace(
                "De pilot loopt tot", "De pilot loopt\n\n**Datum**\n1 maart 2024\n\ntot"
            )
        },
        "E412",
        M,
        16,
        10,
    ),
    "E413-ellipsis": Case(
        edit(M, 'quote: "De pilot loopt tot eind 2025."', 'quote: "De pilot loopt … 2025."'),
        "E413",
        M,
        16,
        10,
    ),
    "E401-source-text-outside-the-folder": Case(
        edit(D, "source_text: brief-b.txt", "source_text: ../data/documents/brief-a.yaml"),
        "E401",
        D,
        9,
        14,
    ),
    "E401-source-text-absolute-path": Case(
        edit(D, "source_text: brief-b.txt", "source_text: /etc/passwd"), "E401", D, 9, 14
    ),
    "E401-source-text-is-a-device": Case(
        edit(D, "source_text: brief-b.txt", "source_text: /dev/zero"), "E401", D, 9, 14
    ),
    "E100-source-text-not-utf8": Case(
        {"sources/brief-b.txt": "Datum 1 oktober 2024 één\n".encode("latin-1")}, "E100", D, 9, 14
    ),
    "E401-source-text-missing": Case({"sources/brief-b.txt": None}, "E401", D, 9, 14),
    "E402-coverage-headings-out-of-order": Case(
        {
            "data/coverage.yaml": "- document: brief-a\n  sections:\n"
            "    - heading: 2. Moties\n    - heading: 1. Weerbaarheid\n"
        },
        "E402",
        "data/coverage.yaml",
        4,
        16,
    ),
    "E403-coverage-anchor-across-paragraphs": Case(
        {
            "data/coverage.yaml": "- document: brief-a\n  no_records:\n"
            "    - anchor: Moties De motie van het lid Jansen\n      reason: Geen.\n"
        },
        "E403",
        "data/coverage.yaml",
        3,
        15,
    ),
}


def test_the_corpus_is_large_and_covers_every_code() -> None:
    from monitor.data.diagnostics import CODES

    assert len(CASES) >= 40
    assert {c.code for c in CASES.values()} == set(CODES)


def make_case(project, case: Case) -> Path:
    root = project(case.files)
    for link, target in case.links.items():
        (root / link).symlink_to(target)
    return root


def validate_cli(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> tuple[int, str]:
    """`python -m monitor validate --sources sources` in the project folder, as editors run it."""
    monkeypatch.chdir(root)
    code = main(["validate", "--data", "data", "--sources", "sources"])
    out = capsys.readouterr()
    return code, out.out + out.err


DIAGNOSTIC_LINE = re.compile(r"^data/.+?(:\d+:\d+)?: fout E\d{3}: .+")


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_a_located_error_and_no_traceback(
    name: str, project, capsys, monkeypatch
) -> None:
    case = CASES[name]
    root = make_case(project, case)
    code, output = validate_cli(root, capsys, monkeypatch)
    assert code == 1, output
    assert "Traceback" not in output
    assert case.located in output, output
    lines = output.strip().splitlines()
    assert re.fullmatch(r"\d+ (fout|fouten) gevonden in de gegevens\.", lines[-1])
    for line in lines[:-1]:
        assert DIAGNOSTIC_LINE.match(line), line
        assert "; " in line.split(": fout ", 1)[1], f"no hint on how to fix it: {line}"
    assert not (root / MARKER).exists()


# Harmless differences an editor on Windows makes: accepted, with positions still right.
ACCEPTED: dict[str, bytes] = {
    "byte-order-mark": b"\xef\xbb\xbf" + MEASURE.encode(),
    "crlf-line-ends": MEASURE.replace("\n", "\r\n").encode(),
    "byte-order-mark-and-crlf": b"\xef\xbb\xbf" + MEASURE.replace("\n", "\r\n").encode(),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_windows_conventions_are_accepted(name: str, project, capsys, monkeypatch) -> None:
    root = project({M: ACCEPTED[name]})
    code, output = validate_cli(root, capsys, monkeypatch)
    assert code == 0, output
    assert output.startswith("in orde: 3 documenten, 2 maatregelen")


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_windows_conventions_keep_positions(name: str, project, capsys, monkeypatch) -> None:
    broken = ACCEPTED[name].replace(b"kind: pilot", b"kind: pilott")
    root = project({M: broken})
    code, output = validate_cli(root, capsys, monkeypatch)
    assert code == 1
    assert f"{M}:3:7: fout E203: kind: 'pilott' is niet toegestaan" in output


# --- the same inputs through `mkdocs build --strict` ----------------------------------------

BUILD_CASES = [name for name, case in CASES.items() if case.build]


def run_quiet(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def failed_builds(tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Every build case, built at once: each build is a process of its own that fails before
    writing, so running them side by side keeps the suite quick on two cores."""
    from concurrent.futures import ThreadPoolExecutor

    sites = {}
    for name in BUILD_CASES:
        root = tmp_path_factory.mktemp(name)
        sites[name] = write_site(root, {**VALID_FILES, **CASES[name].files}, check_quotes=True)

    def build(name: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
        root = sites[name]
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"]
        return root, run_quiet(cmd, root)

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(BUILD_CASES, pool.map(build, BUILD_CASES), strict=True))


@pytest.mark.build
@pytest.mark.parametrize("name", BUILD_CASES)
def test_bad_input_fails_the_build_without_traceback_or_site(name: str, failed_builds) -> None:
    root, done = failed_builds[name]
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in output
    assert "De gegevens bevatten fouten; er is niets gebouwd." in output
    assert CASES[name].located in output, output
    assert not (root / "out").exists()
    assert not (root / MARKER).exists()


def test_the_build_cases_cover_every_code_family() -> None:
    assert {CASES[n].code[:2] for n in BUILD_CASES} == {"E1", "E2", "E3", "E4"}
    assert {"E107-python-object-apply-os-system", "E107-billion-laughs"} <= set(BUILD_CASES)


# --- no code from the data runs -------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_the_marker_payload_would_run_under_an_unsafe_loader(tmp_path: Path) -> None:
    """The control for the tests above: the same YAML, given to a loader that does construct
    Python objects, does create the marker. So its absence there means the payload was refused,
    not that it was harmless."""
    from ruamel.yaml import YAML

    payload = f"summary: !!python/object/apply:os.system ['touch {MARKER}']\n"
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        YAML(typ="unsafe", pure=True).load(payload)
    finally:
        os.chdir(cwd)
    assert (tmp_path / MARKER).exists()


# --- the worst cases: bounded time and memory ------------------------------------------------

WORST = {
    "billion-laughs": {M: billion_laughs()},
    "a-million-open-brackets": {M: b"a: " + b"[" * (MAX_FILE_BYTES - 4)},
    "500000-levels-of-block-sequence": {M: b"- " * (MAX_FILE_BYTES // 2 - 2) + b"x\n"},
    "one-mebibyte-of-values": {M: b"a: [" + b"x, " * ((MAX_FILE_BYTES - 10) // 3) + b"]\n"},
    "one-mebibyte-of-keys": {
        M: b"".join(b"k%06d: v\n" % i for i in range(MAX_FILE_BYTES // 11)),
    },
    "four-gibibyte-file": {},  # a sparse file, written below
}
# A safety limit against blow-up, not a performance goal. The time is printed, not asserted (a
# shared machine makes any time limit flaky; `measure`'s timeout only stops a runaway).
MAX_RSS_MIB = 500


# Runs `python -m monitor …` and, however it ends, writes the peak resident memory of its own
# process (VmHWM) to $PEAK_FILE. Not ru_maxrss: on Linux that includes the memory of the parent
# at fork time (the test process, ~70 MiB), so every figure would be the parent's.
PEAK_WRAPPER = """
import os, runpy
try:
    runpy.run_module("monitor", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(peak)
"""
ADDRESS_SPACE_CAP = 2 * 1024**3  # a blow-up fails with MemoryError instead of taking the machine


def measure(args: list[str], cwd: Path, timeout: float = 60) -> tuple[int, str, float, float]:
    """Run `python -m monitor *args` in `cwd`; its exit code, output, wall time in seconds and
    peak resident memory in MiB."""
    import resource

    peak_file = cwd / "peak.txt"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEAK_FILE": str(peak_file)}

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))

    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        preexec_fn=cap,
    )
    wall = time.perf_counter() - start
    rss_mib = int(peak_file.read_text()) / 1024  # kB
    return done.returncode, done.stdout + done.stderr, wall, rss_mib


@pytest.mark.parametrize("name", list(WORST))
def test_worst_cases_stay_within_time_and_memory(name: str, project, capsys) -> None:
    root = project(WORST[name])
    if name == "four-gibibyte-file":
        with (root / M).open("wb") as f:
            f.truncate(4 * 1024**3)  # sparse: takes no disk, but reading it would take 4 GiB
    code, output, wall, rss = measure(["validate", "--data", "data"], root)
    with capsys.disabled():
        print(f"\n[worst case] {name}: {wall:.2f} s, peak RSS {rss:.0f} MiB", end="")
    assert code == 1, output
    assert "Traceback" not in output
    assert f"{M}" in output and re.search(r"fout E10[78]: ", output), output
    assert rss < MAX_RSS_MIB


def test_github_annotations_cannot_be_forged_by_a_file_name(project, capsys, monkeypatch) -> None:
    """Each diagnostic is one workflow command: a newline or '::' in a file name from a pull
    request is escaped, never the start of a command of its own."""
    root = project(CASES["E300-file-name-that-forges-a-workflow-command"].files)
    monkeypatch.chdir(root)
    assert main(["validate", "--data", "data", "--format", "github"]) == 1
    commands = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert len(commands) == 7
    assert all(line.startswith("::error file=data/measures/x%0A%3A%3Aerror") for line in commands)


def test_baseline_for_the_worst_cases(project, capsys) -> None:
    """The same command on the valid fixture, for comparison: most of the memory above is
    Python and the libraries, not the input."""
    code, output, wall, rss = measure(["validate", "--data", "data"], project())
    with capsys.disabled():
        print(f"\n[worst case] baseline (valid data): {wall:.2f} s, peak RSS {rss:.0f} MiB", end="")
    assert code == 0, output


def test_a_file_that_cannot_be_read_is_reported(project, capsys, monkeypatch) -> None:
    """No permission (or a file removed while the folder is read): a located error, no
    traceback. Simulated, because the tests may run as root, whom permissions do not stop."""
    root = project()
    real_read = load.read_data_file

    def read_data_file(path: str) -> tuple[bytes, int]:
        if path.endswith("/pilot-weerbare-wijken.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(load, "read_data_file", read_data_file)
    code, output = validate_cli(root, capsys, monkeypatch)
    assert code == 1
    assert f"{M}: fout E100: het bestand kan niet worden gelezen: Permission denied" in output
