"""`python -m monitor new`: a commented template per record kind that fails validation until an
editor fills it in, and that becomes a valid record once filled."""

from __future__ import annotations

import io
import re

import pytest
from ruamel.yaml import YAML

from monitor.cli import main
from monitor.data.fields import RECORD_KINDS, describe_model
from monitor.data.model import RECORD_FOLDERS
from monitor.data.validate import validate_data
from monitor.editing.scaffold import ScaffoldError, render_template, write_new_record

KINDS = list(RECORD_KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_template_starts_with_its_schema_and_fits_the_line_width(kind: str) -> None:
    text = render_template(kind, "nieuw-record")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schema/{kind}.schema.json"
    assert max(len(line) for line in text.splitlines()) <= 100
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_the_model_is_in_the_template_with_a_comment(kind: str) -> None:
    text = render_template(kind, "nieuw-record")
    lines = text.splitlines()
    model = RECORD_FOLDERS[RECORD_KINDS[kind]]
    for doc in describe_model(model):
        # The key's line, commented out or not, directly under a comment line.
        pattern = re.compile(rf"^[ #]*(- )?{doc.key}:")
        hits = [i for i, line in enumerate(lines) if pattern.match(line)]
        assert hits, f"{doc.path} is missing from the {kind} template"
        assert any(lines[i - 1].lstrip(" #-").strip() and "#" in lines[i - 1] for i in hits)


@pytest.mark.parametrize("kind", KINDS)
def test_a_fresh_template_fails_validation_at_its_placeholders(project, kind: str) -> None:
    root = project()
    write_new_record(root / "data", kind, "nieuw-record")
    result = validate_data(root / "data", root=root)
    path = f"data/{RECORD_KINDS[kind]}/nieuw-record.yaml"
    mine = [d for d in result.diagnostics if d.location.path == path]
    assert mine, "an unfilled template must not validate"
    assert result.dataset is None
    # Only 'fill this in' problems, never a syntax error or an unknown field in the template.
    assert {d.code for d in mine} <= {"E200", "E203", "E206", "E208"}, [d.format() for d in mine]
    assert all(d.location.line > 0 for d in mine)


def test_an_empty_quote_says_it_is_empty(project) -> None:
    root = project()
    write_new_record(root / "data", "measure", "nieuw-record")
    result = validate_data(root / "data", root=root)
    messages = [d.format() for d in result.diagnostics]
    assert any("E206: source.quote is leeg; vul het in: Letterlijk citaat" in m for m in messages)


def test_a_filled_in_measure_template_is_valid(project) -> None:
    root = project()
    target = write_new_record(root / "data", "measure", "pilot-nieuw")
    yaml = YAML()
    record = yaml.load(target.read_text(encoding="utf-8"))
    record["title"] = "Een nieuwe pilot"
    record["summary"] = "Een pilot om mee te testen."
    record["themes"].append("weerbaarheid")
    record["subjects"].append("weerbare-wijken")
    citation = {
        "document": "brief-a",
        "section": "1. Weerbaarheid",
        "quote": "De pilot loopt tot eind 2025.",
    }
    record["source"].update(citation)
    record["status_history"][0].update({**citation, "status": "aangekondigd"})
    out = io.StringIO()
    yaml.dump(record, out)
    target.write_text(out.getvalue(), encoding="utf-8")
    result = validate_data(root / "data", root=root, sources_dir=root / "sources")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert "pilot-nieuw" in result.records.measures


def test_uncommenting_every_optional_field_gives_only_known_fields(project) -> None:
    root = project()
    target = write_new_record(root / "data", "measure", "pilot-nieuw")
    # Remove one level of '# ' from every commented-out key line and the lines of its block.
    text = target.read_text(encoding="utf-8")
    uncommented = re.sub(r"^(\s*)# (\s*(- )?[a-z_]+:)", r"\1\2", text, flags=re.M)
    uncommented = re.sub(r"^(\s*)# (\s+(- )?[a-z_]+:)", r"\1\2", uncommented, flags=re.M)
    target.write_text(uncommented, encoding="utf-8")
    result = validate_data(root / "data", root=root)
    mine = [d for d in result.diagnostics if "pilot-nieuw" in d.location.path]
    assert mine
    assert not {d.code for d in mine} & {"E101", "E201"}, [d.format() for d in mine]
    assert any(d.message.startswith("deadline.quote") for d in mine)


@pytest.mark.parametrize("bad", ["Pilot", "pilot_x", "-pilot", "pilot--x", "pilot x", "a" * 81])
def test_an_invalid_id_is_refused(bad: str) -> None:
    with pytest.raises(ScaffoldError):
        render_template("measure", bad)


def test_the_command_refuses_an_existing_file_and_leaves_it_alone(project, capsys) -> None:
    root = project()
    existing = root / "data" / "measures" / "pilot-weerbare-wijken.yaml"
    before = existing.read_bytes()
    code = main(["new", "measure", "pilot-weerbare-wijken", "--data", str(root / "data")])
    assert code == 2
    assert "bestaat al" in capsys.readouterr().err
    assert existing.read_bytes() == before


def test_the_command_writes_the_file(project, capsys) -> None:
    root = project()
    assert main(["new", "motion", "motie-nieuw", "--data", str(root / "data")]) == 0
    target = root / "data" / "motions" / "motie-nieuw.yaml"
    subjects = ["weerbare-wijken", "politie-en-opsporing"]  # the fixture's data/subjects.yaml
    expected = render_template("motion", "motie-nieuw", ["in-uitvoering"], subjects)
    assert target.read_text(encoding="utf-8") == expected
    assert "geschreven" in capsys.readouterr().out


def test_the_subjects_comment_lists_the_subjects(project) -> None:
    root = project()
    target = write_new_record(root / "data", "commitment", "toezegging-nieuw")
    text = " ".join(target.read_text(encoding="utf-8").replace("#", "").split())
    assert "Kies uit: weerbare-wijken, politie-en-opsporing. subjects: []" in text


def test_the_command_refuses_a_bad_id_with_a_message(project, capsys) -> None:
    root = project()
    assert main(["new", "measure", "Geen_Id", "--data", str(root / "data")]) == 2
    err = capsys.readouterr().err
    assert "geen geldig id" in err and "Traceback" not in err
    assert not (root / "data" / "measures" / "Geen_Id.yaml").exists()


def test_the_status_comment_lists_the_statuses_for_that_kind(project) -> None:
    root = project()
    target = write_new_record(root / "data", "measure", "pilot-nieuw")
    text = " ".join(target.read_text(encoding="utf-8").split())
    # data/statuses.yaml of the fixture: aangekondigd and in-uitvoering apply to measures.
    assert "Status-id uit data/statuses.yaml. (verplicht; id) Kies uit: aangekondigd, " in text
    assert "Kies uit: aangekondigd, in-uitvoering." in text
    motion = write_new_record(root / "data", "motion", "motie-nieuw").read_text(encoding="utf-8")
    assert "Kies uit: in-uitvoering." in motion
    assert "aangekondigd" not in motion


def test_without_a_readable_status_list_the_template_still_works(tmp_path) -> None:
    (tmp_path / "statuses.yaml").write_text("- id: [kapot\n", encoding="utf-8")
    target = write_new_record(tmp_path, "measure", "pilot-nieuw")
    assert "Status-id uit data/statuses.yaml. (verplicht; id)\n" in target.read_text()
