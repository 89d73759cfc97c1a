"""`python -m monitor fmt`: one layout for every data file, keeping comments, key order and
every value; `--check` for CI and pre-commit."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from monitor.cli import main
from monitor.data.load import parse_file
from monitor.editing.fmt import FormatError, data_files, format_text

LONG = (
    "Een tekst die veel langer is dan een regel van honderd tekens, zodat de formatter hem als "
    "gevouwen blok moet schrijven, met woorden als ‘Koers bepalen’ en een puntkomma; klaar."
)


def data_of(text: str) -> object:
    parsed, diags = parse_file("x.yaml", text.encode("utf-8"))
    assert parsed is not None, diags
    return parsed.data


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


MESSY = dedent(f"""\
    # yaml-language-server: $schema=../schema/measure.schema.json
    # Een opmerking boven het record.
    title:   Titel eerst   # een opmerking achter een waarde
    id: de-id
    themes: [b, a]
    summary: {LONG}
    source:
        document: brief-a     # welk document
        section: "1. Weerbaarheid"
        quote: 'Een citaat tussen enkele aanhalingstekens.'
    status_history:
    -   status: aangekondigd
        # opmerking in een lijst
        document: brief-a
    notes: |-
      Eerste alinea  met  dubbele spaties.

      Tweede alinea.
    """)


def test_formatting_keeps_comments_key_order_quotes_and_data() -> None:
    out = format_text("data/measures/de-id.yaml", MESSY)
    assert data_of(out) == data_of(MESSY)
    lines = out.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/measure.schema.json"
    assert lines[1] == "# Een opmerking boven het record."
    for comment in ["# een opmerking achter een waarde", "# welk document", "# opmerking in een"]:
        assert comment in out
    keys = [line.split(":")[0] for line in lines if line and line[0].isalpha()]
    assert keys == ["title", "id", "themes", "summary", "source", "status_history", "notes"]
    assert "themes: [b, a]" in out  # a short flow list stays, in its order
    assert 'section: "1. Weerbaarheid"' in out
    assert "quote: 'Een citaat tussen enkele aanhalingstekens.'" in out
    assert "  - status: aangekondigd" in out  # list dashes two in under their key
    assert "    document: brief-a     # welk document" not in out  # mapping indent becomes 2
    assert "  document: brief-a" in out
    assert "Eerste alinea  met  dubbele spaties." in out  # a literal block is never touched


def test_a_long_text_becomes_a_folded_block_within_the_line_width() -> None:
    out = format_text("data/measures/de-id.yaml", MESSY)
    assert "summary: >-\n  Een tekst die" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert all(line == line.rstrip() for line in out.splitlines())


def test_a_long_flow_list_gets_one_item_a_line() -> None:
    items = ", ".join(f"thema-nummer-{i}" for i in range(12))
    text = f"id: x\nthemes: [{items}]\n"
    out = format_text("data/measures/x.yaml", text)
    assert "themes:\n  - thema-nummer-0\n  - thema-nummer-1\n" in out
    assert data_of(out) == data_of(text)


def test_formatting_is_idempotent() -> None:
    once = format_text("data/measures/de-id.yaml", MESSY)
    assert format_text("data/measures/de-id.yaml", once) == once


@pytest.mark.parametrize(
    ("path", "first_line"),
    [
        ("data/measures/x.yaml", "# yaml-language-server: $schema=../schema/measure.schema.json"),
        ("data/documents/x.yaml", "# yaml-language-server: $schema=../schema/document.schema.json"),
        ("data/themes.yaml", "# yaml-language-server: $schema=schema/themes.schema.json"),
    ],
)
def test_the_schema_line_is_added_or_corrected(path: str, first_line: str) -> None:
    body = "- id: x\n" if path.endswith("themes.yaml") else "id: x\n"
    missing = format_text(path, body)
    wrong = format_text(
        path, "# yaml-language-server: $schema=../schema/motion.schema.json\n" + body
    )
    assert missing.splitlines()[0] == first_line
    assert wrong.splitlines()[0] == first_line
    assert wrong.count("yaml-language-server") == 1


def test_windows_line_ends_and_missing_final_newline_are_normalised() -> None:
    out = format_text("data/measures/x.yaml", "id: x\r\ntitle: T")
    assert "\r" not in out and out.endswith("title: T\n")


def test_a_file_that_does_not_parse_is_refused_with_its_location() -> None:
    with pytest.raises(FormatError) as info:
        format_text("data/measures/x.yaml", "id: x\ntitle: 'open\n")
    assert info.value.diagnostic.code == "E101"
    assert info.value.diagnostic.location.line == 2


def write(root: Path, rel: str, text: str) -> Path:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def test_check_lists_files_that_would_change_and_changes_nothing(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    messy = write(tmp_path, "data/measures/de-id.yaml", MESSY)
    tidy = write(
        tmp_path, "data/measures/net.yaml", format_text("data/measures/net.yaml", "id: n\n")
    )
    monkeypatch.chdir(tmp_path)
    assert main(["fmt", "--check"]) == 1
    out = capsys.readouterr().out
    assert "zou opmaken: data/measures/de-id.yaml" in out
    assert "net.yaml" not in out.split("\n1 file")[0]
    assert messy.read_text(encoding="utf-8") == MESSY
    assert main(["fmt"]) == 0
    assert "opgemaakt: data/measures/de-id.yaml" in capsys.readouterr().out
    assert main(["fmt", "--check"]) == 0
    assert data_of(messy.read_text(encoding="utf-8")) == data_of(MESSY)
    assert tidy.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_fmt_of_named_files_only_touches_those(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    one = write(tmp_path, "data/measures/een.yaml", MESSY)
    two = write(tmp_path, "data/measures/twee.yaml", MESSY)
    monkeypatch.chdir(tmp_path)
    assert main(["fmt", "data/measures/een.yaml"]) == 0
    assert one.read_text(encoding="utf-8") != MESSY
    assert two.read_text(encoding="utf-8") == MESSY


def test_a_broken_file_is_reported_and_left_alone(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    broken = write(tmp_path, "data/measures/kapot.yaml", "id: x\n\ttitle: y\n")
    monkeypatch.chdir(tmp_path)
    assert main(["fmt"]) == 1
    assert "data/measures/kapot.yaml:2:1: fout E101" in capsys.readouterr().err
    assert broken.read_text(encoding="utf-8") == "id: x\n\ttitle: y\n"


REAL = data_files(ROOT / "data")


@pytest.mark.parametrize("file", REAL, ids=[f.relative_to(ROOT).as_posix() for f in REAL])
def test_every_real_data_file_is_formatted(file: Path) -> None:
    """The committed data is in the house layout (run `python -m monitor fmt` if this fails)."""
    text = file.read_text(encoding="utf-8")
    rel = file.relative_to(ROOT).as_posix()
    assert format_text(rel, text) == text, f"run: python -m monitor fmt {rel}"


@pytest.mark.parametrize("kind", ["measure", "motion", "commitment", "document"])
def test_a_new_template_is_already_formatted(kind: str) -> None:
    from monitor.data.fields import RECORD_KINDS
    from monitor.editing.scaffold import render_template

    text = render_template(kind, "nieuw", ["aangekondigd", "in-uitvoering"])
    assert format_text(f"data/{RECORD_KINDS[kind]}/nieuw.yaml", text) == text
