"""`python -m monitor intake`: a new letter read into proposals (status updates, new records),
each with a verbatim quote; `--apply` writes them so that only the TODO fields fail validation;
`intake-eval` measures the proposals against what the data says of the five real letters."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, seeds_or_skip
from monitor.cli import main
from monitor.data.model import Dataset, Status
from monitor.data.quotes import normalize_text, quote_occurs
from monitor.data.validate import validate_data
from monitor.editing.intake import (
    JSON_KEYS,
    RecordIndex,
    StatusPicker,
    known_codes,
    propose,
    select,
    tracked_records,
    written_names,
)
from monitor.editing.intake_eval import evaluate, format_scores, max_matching, overlaps
from monitor.editing.intake_text import split_text

DATA = ROOT / "data"
LETTERS = {
    "kamerbrief-2017-toekomstagenda": "000_3b6420001cf121aa.txt",
    "contouren-offensief-ondermijning": "001_fe253d194bc1d14c.txt",
    "toekomstagenda-ondermijning": "002_3c111b7226d92381.txt",
    "beleidsreactie-koers-bepalen": "003_7e6436581eb7aa94.txt",
    "kamerbrief-2024-aanpak-ondermijning": "004_8579fab81faca660.txt",
}


@pytest.fixture(autouse=True)
def _source_texts() -> None:
    """Intake reads the real letters in ../shared/seeds (see seeds_or_skip)."""
    seeds_or_skip()


LETTER_2024 = SEEDS / LETTERS["kamerbrief-2024-aanpak-ondermijning"]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return validate_data(DATA, root=ROOT).records


# --- reading the text -------------------------------------------------------------------------

MARKDOWN_LETTER = """\
**Onze referentie**
123

### **Speerpunten**

Inleidende zin over de aanpak van ondermij-
nende criminaliteit. We starten een pilot in drie gemeenten.<sup>1</sup>

**Onze referentie**
123

#### *Motie Jansen*

De Kamer heeft de motie-Jansen aangenomen. Ik voer deze motie uit.

*Motie Pietersen*

Ik informeer uw Kamer voor de zomer over de uitvoering.

---

<sup>1</sup> Kamerstukken II 2023/24, 29911 nr. 1

**Onze referentie**
123
"""

PLAIN_LETTER = """\
1. Versterken van de aanpak

De eerste zin van de paragraaf staat hier, lang genoeg om een gewone regel van de tekst te zijn
en nog iets langer. Daartoe richten we een team op.

Werkwijze
Het team zal gegevens delen met de gemeenten, o.a. Amsterdam en Rotterdam, en met de politie in
de regio's waar dat nodig is voor de aanpak.

2. Vervolg

Tot slot een zin zonder actie die ook lang genoeg is om een volle regel van deze tekst te vullen.
"""


def test_markdown_headings_furniture_and_footnotes() -> None:
    passages = split_text(MARKDOWN_LETTER)
    by_text = {p.text: p.section for p in passages}
    assert by_text["Inleidende zin over de aanpak van ondermijnende criminaliteit."] == (
        "Speerpunten"
    )
    assert by_text["Ik voer deze motie uit."] == "Speerpunten – Motie Jansen"
    # An italic line of its own is a heading at the level the italic heading above had.
    assert by_text["Ik informeer uw Kamer voor de zomer over de uitvoering."] == (
        "Speerpunten – Motie Pietersen"
    )
    assert by_text["Kamerstukken II 2023/24, 29911 nr. 1"] == (
        "Speerpunten – Motie Pietersen (voetnoot 1)"
    )
    assert not any("referentie" in p.text or p.text == "123" for p in passages)


def test_plain_headings_and_sentences() -> None:
    passages = split_text(PLAIN_LETTER)
    sections = [p.section for p in passages]
    assert sections[0] == "1. Versterken van de aanpak"
    team = next(p for p in passages if p.text.startswith("Het team zal"))
    assert team.section == "1. Versterken van de aanpak – Werkwijze"
    assert "o.a. Amsterdam" in team.text  # an abbreviation does not end the sentence
    assert passages[-1].section == "2. Vervolg"


PARTS_LETTER = """\
1. Versterken van de aanpak

De eerste zin van de paragraaf staat hier, lang genoeg om een gewone regel van de tekst te zijn
en nog iets langer. Daarom zijn er drie uitdagingen voor de jaren die nu komen:

A.  Verbreden van het draagvlak.
B.  Wegnemen van gelegenheid in de aanpak
van criminele markten.
C.  Beter benutten van technologie.

Wij gaan met alle partners aan de slag met deze drie uitdagingen, in elke regio van het land.
2. Vervolg van de aanpak
Een zin die direct onder de kop staat, zonder witregel ertussen, lang genoeg voor een regel.

De uitdagingen toegelicht
A. Verbreden van het draagvlak
Het gaat om een brede beweging in de overheid en de samenleving, lang genoeg voor een regel.

B. Wegnemen van gelegenheid
Hiermee wordt het probleem bij de bron aangepakt, en dat is lang genoeg voor een hele regel.
"""


def test_a_list_of_lettered_lines_and_a_part_with_its_own_sections() -> None:
    by_start = {p.text[:20]: p.section for p in split_text(PARTS_LETTER)}
    # "A. …", "B. …", "C. …" one after the other are a list in the text, not headings.
    assert by_start["A. Verbreden van het"] == "1. Versterken van de aanpak"
    assert by_start["C. Beter benutten va"] == "1. Versterken van de aanpak"
    assert by_start["Wij gaan met alle pa"] == "1. Versterken van de aanpak"
    # A numbered heading right after a paragraph's last sentence.
    assert by_start["Een zin die direct o"] == "2. Vervolg van de aanpak"
    # A heading directly followed by "A. …" starts a part with sections of its own.
    assert (
        by_start["Hiermee wordt het pr"]
        == "De uitdagingen toegelicht – B. Wegnemen van gelegenheid"
    )


@pytest.mark.parametrize("document", sorted(LETTERS))
def test_every_passage_of_a_real_letter_is_verbatim(document: str) -> None:
    text = (SEEDS / LETTERS[document]).read_text(encoding="utf-8")
    normalized = normalize_text(text)
    passages = split_text(text)
    assert len(passages) > 20
    for p in passages:
        for quote in (p.text, *p.items):
            assert quote_occurs(quote, normalized), quote


# --- proposals --------------------------------------------------------------------------------


def test_a_footnote_number_after_a_full_stop_ends_the_sentence() -> None:
    text = (
        "De agenda is vastgesteld en wordt nu uitgevoerd.4 De samenwerking met de regio groeit.\n"
    )
    assert [p.text for p in split_text(text)] == [
        "De agenda is vastgesteld en wordt nu uitgevoerd.",
        "De samenwerking met de regio groeit.",
    ]
    assert [p.text for p in split_text("Zie Kamerstukken II, nr. 4 De brief van mei.\n")] == [
        "Zie Kamerstukken II, nr. 4 De brief van mei."
    ]


def test_statuses_come_from_the_vocabulary_at_run_time() -> None:
    new_status = Status(
        id="afgewezen",
        label="Niet overgenomen",
        definition='Het kabinet zegt dat het de motie "niet overneemt".',
        final=True,
        applies_to=["motion"],
    )
    vague = Status(
        id="onbekend", label="Onbekend", definition="Vaag.", final=False, applies_to=["motion"]
    )
    picker = StatusPicker({"afgewezen": new_status, "onbekend": vague})
    assert picker.pick("Het kabinet zegt dat het de motie niet overneemt.", "motion")[0] == (
        "afgewezen"
    )
    assert picker.pick("Een zin zonder aanwijzing.", "motion")[0] == "onbekend"


def test_a_status_is_one_the_measure_kind_may_have(dataset: Dataset) -> None:
    picker = StatusPicker(dataset.statuses)
    treaty = "Het uitleveringsverdrag is vorig jaar in werking getreden."
    assert picker.pick(treaty, "measure", "verdrag")[0] == "verdrag-in-werking"
    assert picker.pick(treaty, "measure", "maatregel")[0] == "gerealiseerd"
    bill = "Het wetsvoorstel is in consultatie gegaan."
    assert picker.pick(bill, "measure", "wetgeving")[0] == "in-consultatie"
    # 'wordt uitgevoerd' is 'in-uitvoering', a status a study does not have: its step is used
    study = "Het onderzoek wordt uitgevoerd door het WODC."
    assert picker.pick(study, "measure", "onderzoek")[0] == "onderzoek-loopt"
    declined = "De aanbeveling om een nieuwe dienst op te richten ondersteun ik niet."
    assert picker.pick(declined, "measure", "maatregel")[0] == "niet-overgenomen"
    for kind in ("maatregel", "wetgeving", "verdrag", "onderzoek", "pilot"):
        allowed = {s.id for s in picker.allowed("measure", kind)}
        for text in (treaty, bill, study, declined, "Dit loopt sinds 2020."):
            assert picker.pick(text, "measure", kind)[0] in allowed, (kind, text)


def test_a_name_written_out_counts_as_its_abbreviation(dataset: Dataset) -> None:
    names = written_names(dataset)
    assert names[("platform", "veil", "onderneem")] == "PVO"
    index = RecordIndex(tracked_records(dataset), known_codes(dataset), names)
    assert "PVO" in index.named(["financier", "platform", "veil", "onderneem"])
    found = index.match("Ik financier het Platform Veilig Ondernemen voor de jachthavens.")
    assert any("PVO" in reason for _, _, reason in found), found


def test_proposals_quote_verbatim_and_name_existing_records(dataset: Dataset) -> None:
    text = LETTER_2024.read_text(encoding="utf-8")
    result = propose(text, "kamerbrief-2024-aanpak-ondermijning", dataset, as_new=True)
    normalized = normalize_text(text)
    assert result.proposals and not result.rejected
    tracked = set(dataset.measures) | set(dataset.motions) | set(dataset.commitments)
    for p in result.proposals:
        assert quote_occurs(p.quote, normalized)
        assert 0 <= p.score <= 1
        assert p.status in dataset.statuses
        assert p.record_kind in dataset.statuses[p.status].applies_to
        assert (p.record in tracked) if p.action == "update" else p.record is None
        # ... and one the measure's kind may have (`kinds`): a treaty is not 'gerealiseerd'
        kinds = dataset.statuses[p.status].kinds
        if p.record_kind == "measure" and kinds:
            measure = dataset.measures[p.record] if p.record else None
            assert (measure.kind if measure else (p.kind or "maatregel")) in kinds, p
    # The motion on NSOC is reported as new, with the motion's own words as the quote.
    motions = [p for p in result.proposals if p.action == "new" and p.record_kind == "motion"]
    assert any("Michon-Derkzen" in p.quote for p in motions)
    # "dit najaar" is the term of the commitment to offer the elaboration of motion Bikker.
    commitments = [p for p in result.proposals if p.record_kind == "commitment"]
    assert any(p.deadline == "dit najaar" for p in commitments)


def test_select_by_number_and_score(dataset: Dataset) -> None:
    result = propose(LETTER_2024.read_text(encoding="utf-8"), "x", dataset)
    props = result.proposals
    assert select(props, "1,3-4", 0.0) == [props[0], props[2], props[3]]
    assert all(p.score >= 0.6 for p in select(props, None, 0.6))
    with pytest.raises(ValueError):
        select(props, f"{len(props) + 1}", 0.0)


# --- the command ------------------------------------------------------------------------------


def test_json_has_exactly_the_keys_of_the_issue(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["intake", str(LETTER_2024), "--document", "kamerbrief-2024-aanpak-ondermijning",
         "--json", "--as-new", "--data", str(DATA)]
    )  # fmt: skip
    assert code == 0
    items = json.loads(capsys.readouterr().out)
    assert items and all(tuple(item) == JSON_KEYS for item in items)
    assert {item["action"] for item in items} == {"update", "new"}
    assert all(item["record"] is None for item in items if item["action"] == "new")


def test_report_is_grouped_by_section_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = {p: p.read_bytes() for p in data.rglob("*.yaml")}
    assert main(["intake", str(LETTER_2024), "--document", "kamerbrief-2024-aanpak-ondermijning",
                 "--as-new", "--data", str(data)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "== Moties en verzoeken – Motie NSOC" in out
    assert out.index("== 1. Vergroten") < out.index("== Het fundament")
    assert {p: p.read_bytes() for p in data.rglob("*.yaml")} == before


def test_apply_leaves_only_todo_fields_to_fix(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    document = "kamerbrief-2024-aanpak-ondermijning"
    assert main(["intake", str(LETTER_2024), "--document", document, "--data", str(data),
                 "--apply"]) == 0  # fmt: skip
    result = validate_data(data, root=tmp_path, sources_dir=SEEDS)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert errors, "the new records need a summary and themes from the editor"
    for d in errors:
        line = (
            (tmp_path / d.location.path)
            .read_text(encoding="utf-8")
            .splitlines()[d.location.line - 1]
        )
        assert "TODO" in line, d.format()
    # An updated file keeps its comments and gains one entry citing the letter, at the end.
    old = {p: DATA / p.relative_to(data) for p in data.rglob("*.yaml")}
    changed = [p for p, o in old.items() if o.exists() and p.read_bytes() != o.read_bytes()]
    assert changed
    for path in changed:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        assert f"document: {document}" in text.rsplit("- status:", 1)[1]


def test_bad_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["intake", str(tmp_path / "nope.txt"), "--document", "x", "--data", str(DATA)]) == 2
    assert main(["intake", str(LETTER_2024), "--document", "geen-document", "--data",
                 str(DATA)]) == 2  # fmt: skip
    assert "make new KIND=document ID=geen-document" in capsys.readouterr().err
    assert main(["intake", str(LETTER_2024), "--document", "kamerbrief-2024-aanpak-ondermijning",
                 "--as-new", "--apply", "--data", str(DATA)]) == 2  # fmt: skip


# --- evaluation -------------------------------------------------------------------------------


def test_overlap_and_matching() -> None:
    assert overlaps((0, 100), (40, 60))  # a record quoting part of a sentence
    assert not overlaps((0, 100), (90, 200))  # 10 shared characters of a 100-character span
    # One proposal cannot count for two records.
    assert max_matching({0: [0, 1], 1: [0]}) == 2
    assert max_matching({0: [0], 1: [0]}) == 1


# The figures `make intake-eval` printed when this test was written (precision, recall of new
# items; precision, recall of updates), rounded down: a change that does worse on any letter
# fails here. The data is the answer key (dataset v2 of issue 13, with the merged NCBC record and
# the lifecycle statuses, and the four records of the coverage audit #13c in the response).
# Measured again after the rules of issue 14's second round (an update needs a status cue, one
# record per passage, statuses allowed for the measure's kind).
FLOORS = {
    "kamerbrief-2017-toekomstagenda": (0.71, 1.0, 1.0, 0.50),
    "contouren-offensief-ondermijning": (0.84, 0.86, 0.33, 1.0),
    "toekomstagenda-ondermijning": (0.66, 0.61, 1.0, 1.0),
    "beleidsreactie-koers-bepalen": (0.74, 0.86, 0.28, 0.66),
    "kamerbrief-2024-aanpak-ondermijning": (0.67, 0.86, 0.57, 0.66),
}


def test_evaluation_on_the_five_letters_stays_at_its_figures(dataset: Dataset) -> None:
    scores = {s.document: s for s in evaluate(dataset, SEEDS)}
    print("\n".join(format_scores(list(scores.values()))))
    assert set(scores) == set(FLOORS)
    for document, (precision, recall, update_precision, update_recall) in FLOORS.items():
        s = scores[document]
        assert s.new_precision >= precision, (document, s)
        assert s.new_recall >= recall, (document, s)
        assert s.update_precision >= update_precision, (document, s)
        assert s.update_recall >= update_recall, (document, s)
    # A found update proposes the status the data gives (measured: 7 of 9), and so do most found
    # new records (measured: 98 of 142).
    assert sum(s.new_status_agree for s in scores.values()) >= 98
    agree = sum(s.status_agree for s in scores.values())
    matched = sum(s.updates_matched for s in scores.values())
    assert agree >= matched - 2, {
        s.document: (s.status_agree, s.updates_matched) for s in scores.values()
    }


def test_apply_keeps_an_edited_files_comments_and_layout(tmp_path: Path, dataset: Dataset) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    document = "kamerbrief-2024-aanpak-ondermijning"
    proposals = propose(LETTER_2024.read_text(encoding="utf-8"), document, dataset).proposals
    number, update = next((n, p) for n, p in enumerate(proposals, 1) if p.action == "update")
    path = data / "measures" / f"{update.record}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "# Een opmerking van de redactie die moet blijven staan.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["intake", str(LETTER_2024), "--document", document, "--data", str(data),
                 "--apply", "--only", str(number)]) == 0  # fmt: skip
    new = path.read_text(encoding="utf-8").splitlines()
    # Every old line is still there, in order; what was added is the one new status entry.
    it = iter(new)
    assert all(any(line == n for n in it) for line in lines)
    added = [line for line in new if line not in lines]
    assert added[0].strip().startswith(f"- status: {update.status}")
    assert f"document: {document}" in "\n".join(added)
    others = [p for p in data.rglob("*.yaml") if p != path]
    assert all(p.read_bytes() == (DATA / p.relative_to(data)).read_bytes() for p in others)
