"""Every validation rule, one failing fixture each; the exact output is in tests/golden/diagnostics/.

Run `pytest --update-golden` after an intended change of wording, and review the diff."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import LIFECYCLE_STATUSES, SOURCE_TEXT, VALID_FILES
from monitor.data.diagnostics import CODES, format_report
from monitor.data.validate import validate_data

M = "data/measures/pilot-weerbare-wijken.yaml"
MEASURE = """
    id: pilot-weerbare-wijken
    title: Pilot weerbare wijken
    summary: Een pilot.
    themes: [weerbaarheid]
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
"""


def measure(**replace: str) -> str:
    text = MEASURE
    for old, new in replace.items():
        old = old.replace("__", " ").replace("_colon", ":")
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def sub(old: str, new: str, text: str = MEASURE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# case id → (files to change, the code that must be reported)
CASES: dict[str, tuple[dict[str, str | bytes | None], str]] = {
    "E100-not-utf8": ({M: MEASURE.encode().replace(b"Een pilot.", b"Een pil\xf6t.")}, "E100"),
    "E101-unclosed-quote": (
        {M: sub('section: "1. Weerbaarheid"', 'section: "1. Weerbaarheid')},
        "E101",
    ),
    "E101-tab-indent": ({M: sub("\n      document: brief-a", "\n\tdocument: brief-a")}, "E101"),
    "E101-bad-indentation": ({M: sub("    title: Pilot", "      title: Pilot")}, "E101"),
    "E102-duplicate-key": (
        {M: sub("    summary: Een pilot.", "    summary: Een pilot.\n    summary: Twee.")},
        "E102",
    ),
    "E103-empty-file": ({M: "# nothing here\n"}, "E103"),
    "E104-two-documents": ({M: MEASURE + "\n    ---\n    id: x\n"}, "E104"),
    "E105-list-not-mapping": ({M: "- id: pilot-weerbare-wijken\n"}, "E105"),
    "E105-vocabulary-not-list": ({"data/actors.yaml": "id: politie\nname: Politie\n"}, "E105"),
    "E106-wrong-extension": ({"data/measures/x.yml": "id: x\n"}, "E106"),
    "E106-unknown-folder": ({"data/maatregelen/x.yaml": "id: x\n"}, "E106"),
    "E107-python-tag": (
        {M: sub("    summary: Een pilot.", "    summary: !!python/object/apply:os.system [ls]")},
        "E107",
    ),
    "E107-alias": (
        {M: sub("    themes: [weerbaarheid]", "    themes: &t [weerbaarheid]\n    actors: *t")},
        "E107",
    ),
    "E108-too-deep": (
        {M: sub("    summary: Een pilot.", "    summary: " + "[" * 40 + "]" * 40)},
        "E108",
    ),
    "E200-missing-field": ({M: sub("    title: Pilot weerbare wijken\n", "")}, "E200"),
    "E200-empty-history": (
        {
            M: MEASURE.split("    status_history:")[0]
            + "    status_history: []\n    subjects: [weerbare-wijken]\n"
        },
        "E200",
    ),
    "E201-unknown-field": ({M: sub("    title:", "    titel: x\n    title:")}, "E201"),
    "E202-wrong-type": ({M: sub("    title: Pilot weerbare wijken", "    title: [Pilot]")}, "E202"),
    "E203-value-not-allowed": ({M: sub("    summary:", "    kind: pilott\n    summary:")}, "E203"),
    "E204-invalid-date": (
        {
            "data/documents/brief-a.yaml": sub(
                "date: 2024-03-01", "date: 01-03-2024", VALID_FILES["data/documents/brief-a.yaml"]
            )
        },
        "E204",
    ),
    "E204-impossible-date": (
        {
            "data/documents/brief-b.yaml": """
        id: brief-b
        title: Tweede brief
        kind: kamerbrief
        date: 2024-02-30
        date_source:
          document: brief-b
          section: Briefhoofd
          quote: "Datum 1 oktober 2024"
        source_text: brief-b.txt
    """
        },
        "E204",
    ),
    "E205-invalid-id": ({M: sub("themes: [weerbaarheid]", "themes: [Weerbaar Heid]")}, "E205"),
    "E206-quote-too-long": (
        {
            M: sub(
                'quote: "We starten een pilot weerbare wijken in drie gemeenten."',
                "quote: " + "x" * 700,
            )
        },
        "E206",
    ),
    "E207-invalid-url": (
        {
            "data/documents/kst-1-2.yaml": """
        id: kst-1-2
        title: Een aangehaald Kamerstuk
        kind: referentie
        url: www.example.org/kst
        cited_in:
          - document: brief-a
            section: "2. Moties"
            quote: "De motie van het lid Jansen (XYZ)"
    """
        },
        "E207",
    ),
    "E208-date-without-note": (
        {
            "data/documents/brief-b.yaml": """
        id: brief-b
        title: Tweede brief
        kind: kamerbrief
        source_text: brief-b.txt
    """
        },
        "E208",
    ),
    "E209-direction-override": (
        {M: sub("    title: Pilot weerbare wijken", '    title: "Pilot \\u202Enekjiw erabreew"')},
        "E209",
    ),
    "E320-kamerstuk-not-in-a-quote": (
        {
            "data/documents/kst-1-2.yaml": """
        id: kst-1-2
        title: Een aangehaald Kamerstuk
        kind: referentie
        kamerstuk: {dossier: "12345", number: 3}
        cited_in:
          - document: brief-a
            section: "2. Moties"
            quote: "De motie van het lid Jansen (XYZ)"
    """
        },
        "E320",
    ),
    "E300-id-mismatch": ({M: sub("id: pilot-weerbare-wijken", "id: pilot-weerbare-wijk")}, "E300"),
    "E301-duplicate-id": (
        {
            "data/actors.yaml": "- id: politie\n  name: Politie\n  kind: opsporing\n- id: politie\n  name: Politie 2\n  kind: opsporing\n- id: gemeenten\n  name: G\n  kind: lokaal\n"
        },
        "E301",
    ),
    "E302-unknown-theme": ({M: sub("themes: [weerbaarheid]", "themes: [weerbaarheidd]")}, "E302"),
    "E302-unknown-document": (
        {M: sub("      document: brief-a", "      document: brief-c")},
        "E302",
    ),
    "E303-status-wrong-kind": (
        {M: sub("      - status: aangekondigd", "      - status: open")},
        "E303",
    ),
    "E303-lifecycle-step-for-another-kind": (
        {
            "data/statuses.yaml": VALID_FILES["data/statuses.yaml"] + LIFECYCLE_STATUSES,
            M: sub("      - status: aangekondigd", "      - status: ondertekend"),
        },
        "E303",
    ),
    "E304-quote-from-reference": (
        {M: sub("      document: brief-a", "      document: kst-1-2")},
        "E304",
    ),
    "E305-parent-cycle": (
        {M: sub("    summary:", "    parent: pilot-deel-noord\n    summary:")},
        "E305",
    ),
    "E306-history-out-of-order": (
        {
            M: MEASURE.replace(
                "    status_history:\n",
                """    status_history:
      - status: aangekondigd
        document: brief-b
        section: Brief
        quote: "De pilot weerbare wijken is inmiddels in alle drie gemeenten gestart."
""",
            )
        },
        "E306",
    ),
    "E307-former-id-in-use": (
        {M: sub("    summary:", "    former_ids: [pilot-deel-noord]\n    summary:")},
        "E307",
    ),
    "E307-former-id-claimed-twice": (
        {
            M: sub("    summary:", "    former_ids: [pilot-wijken]\n    summary:"),
            "data/measures/pilot-deel-noord.yaml": sub(
                "        summary:",
                "        former_ids: [pilot-wijken]\n        summary:",
                VALID_FILES["data/measures/pilot-deel-noord.yaml"],
            ),
        },
        "E307",
    ),
    "E308-two-records-one-quote": (
        {
            "data/measures/pilot-deel-noord.yaml": VALID_FILES[
                "data/measures/pilot-deel-noord.yaml"
            ].replace("        parent: pilot-weerbare-wijken\n", "")
        },
        "E308",
    ),
    "E400-quote-not-in-source": (
        {
            M: sub(
                '      quote: "We starten een pilot weerbare wijken in drie gemeenten."\n    status_history',
                '      quote: "We starten een pilot sterke wijken in vier gemeenten."\n    status_history',
            )
        },
        "E400",
    ),
    "E401-source-text-missing": ({"sources/brief-b.txt": None}, "E401"),
    "E402-coverage-heading-not-in-source": (
        {
            "data/coverage.yaml": "- document: brief-a\n  sections:\n"
            "    - heading: 2. Moties\n    - heading: 1. Weerbaarheid\n"
        },
        "E402",
    ),
    "E403-coverage-anchor-not-in-source": (
        {
            "data/coverage.yaml": "- document: brief-a\n  no_records:\n"
            "    - anchor: Datum 2 maart 2024\n      reason: Briefhoofd.\n"
        },
        "E403",
    ),
    "E410-quote-across-heading": (
        {
            M: sub(
                '      quote: "We starten een pilot weerbare wijken in drie gemeenten."\n    status_history',
                '      quote: "1. Weerbaarheid We starten een pilot weerbare wijken"\n    status_history',
            )
        },
        "E410",
    ),
    "E411-quote-across-list-marker": (
        {
            "sources/brief-a.txt": SOURCE_TEXT.replace(
                "gang van de pilot.\n",
                "gang van de pilot.\nDe pilot kent twee delen:\n- een deel in het noorden;\n"
                "- een deel in het zuiden.\n",
            ),
            M: sub(
                '      quote: "We starten een pilot weerbare wijken in drie gemeenten."\n    status_history',
                '      quote: "De pilot kent twee delen: een deel in het noorden"\n    status_history',
            ),
        },
        "E411",
    ),
    "E412-quote-across-page-furniture": (
        {
            "sources/brief-a.txt": SOURCE_TEXT.replace(
                "Ik voer deze motie uit.",
                "Ik voer deze\n\n**Datum**\n1 maart 2024\n\nmotie uit.",
            ),
        },
        "E412",
    ),
    "E413-ellipsis-in-quote": (
        {
            M: sub(
                '      quote: "We starten een pilot weerbare wijken in drie gemeenten."\n    status_history',
                '      quote: "We starten een pilot ... in drie gemeenten."\n    status_history',
            )
        },
        "E413",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_reports_its_error(case: str, project, golden) -> None:
    overrides, code = CASES[case]
    root = project(overrides)
    result = validate_data(root / "data", root=root, sources_dir=root / "sources")
    assert result.dataset is None
    codes = {d.code for d in result.diagnostics}
    assert code in codes, format_report(result.diagnostics)
    golden(f"diagnostics/{case}.txt", format_report(result.diagnostics) + "\n")


def test_every_code_has_a_failing_fixture() -> None:
    covered = {code for _, code in CASES.values()}
    assert covered == set(CODES), f"codes without a fixture: {sorted(set(CODES) - covered)}"


def test_valid_dataset_has_no_diagnostics(project) -> None:
    root = project()
    result = validate_data(root / "data", root=root, sources_dir=root / "sources")
    assert result.diagnostics == []
    ds = result.dataset
    assert ds is not None
    assert set(ds.measures) == {"pilot-weerbare-wijken", "pilot-deel-noord"}
    assert ds.current_status(ds.measures["pilot-weerbare-wijken"]).status == "in-uitvoering"


def test_all_problems_are_reported_in_one_run_sorted_by_file_and_line(project) -> None:
    root = project(
        {
            M: sub(
                "themes: [weerbaarheid]",
                "themes: [onbekend-thema]",
                sub("    title: Pilot weerbare wijken", "    title: [x]"),
            ),
            "data/measures/pilot-deel-noord.yaml": "- not a mapping\n",
            "data/commitments/voortgang-pilot.yaml": "id: voortgang-pilot\nwho: [\n",
        }
    )
    result = validate_data(root / "data", root=root)
    shown = [(d.location.path, d.location.line, d.code) for d in result.diagnostics]
    assert shown == sorted(shown)
    # The unknown theme beside the wrong title: a schema error hides nothing else of the file.
    assert {d.code for d in result.diagnostics} == {"E101", "E105", "E202", "E302"}
    assert len({d.location.path for d in result.diagnostics}) == 3


def test_every_problem_of_a_file_in_one_run_schema_errors_included(project) -> None:
    """A bad date, a bad status, an unknown document and a bad quote in one file: all four
    reported at once, each at its place, not one per fix."""
    text = textwrap.dedent(VALID_FILES[M]).lstrip("\n")
    for old, new in (
        ("by: 2025-12-31", "by: 2025-13-31"),
        ("- status: aangekondigd", "- status: klaar"),
        ("  document: brief-a\n  section:", "  document: brief-z\n  section:"),
        ("in alle drie gemeenten gestart.", "in alle vier gemeenten gestart."),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    root = project({M: text})
    result = validate_data(root / "data", root=root, sources_dir=root / "sources")
    shown = [(d.location.line, d.code, d.message.split(":")[0]) for d in result.diagnostics]
    assert shown == [
        (8, "E302", "onbekend document 'brief-z'"),
        (13, "E204", "deadline.by"),
        (18, "E302", "onbekende status 'klaar'"),
        (25, "E400", "citaat niet gevonden in de tekst van 'brief-b'"),
    ]
    assert result.dataset is None
    assert "pilot-weerbare-wijken" not in result.records.measures  # never on a page


def test_a_bad_list_item_keeps_the_items_before_it_checked_at_their_place(project) -> None:
    text = textwrap.dedent(VALID_FILES[M]).lstrip("\n")
    text = text.replace("- status: aangekondigd", "- status: klaar", 1)
    text = text.replace(
        '"De pilot weerbare wijken is inmiddels in alle drie gemeenten gestart."', "x"
    )
    root = project({M: text})
    result = validate_data(root / "data", root=root)
    shown = [(d.location.line, d.code) for d in result.diagnostics]
    assert shown == [(18, "E302"), (25, "E206")]


def test_messages_name_file_line_and_column(project) -> None:
    root = project({M: sub("    summary:", "    kind: pilott\n    summary:")})
    (diag,) = validate_data(root / "data", root=root).diagnostics
    assert diag.format() == (
        f"{M}:3:7: fout E203: kind: 'pilott' is niet toegestaan; kies uit maatregel, wetgeving, "
        "pilot, programma, onderzoek, verkenning, organisatie, financiering, samenwerking, "
        "verdrag; bedoelde u 'pilot'?"
    )


def test_github_annotation_format(project) -> None:
    root = project({M: sub("themes: [weerbaarheid]", "themes: [weerbaarheidd]")})
    (diag,) = validate_data(root / "data", root=root).diagnostics
    assert diag.format_github() == (
        f"::error file={M},line=4,col=10,title=E302::onbekend thema 'weerbaarheidd'; "
        "kies uit weerbaarheid; bedoelde u 'weerbaarheid'?"
    )


def test_quotes_match_across_line_break_hyphenation_and_markup(project) -> None:
    root = project(
        {
            "sources/brief-a.txt": """\
        Datum 1 maart 2024
        ## 1. **Weerbaarheid**
        We starten een pilot weer-
        bare wijken in drie gemeenten.<sup>3</sup> De pilot loopt tot eind 2025.
        Ik informeer uw Kamer voor de zomer over de voortgang van de pilot.
        De motie van het lid Jansen (XYZ) verzoekt de regering om meer wijkagenten. Ik voer deze motie uit.
    """
        }
    )
    result = validate_data(root / "data", root=root, sources_dir=root / "sources")
    assert result.diagnostics == []


def test_validation_does_not_need_positions_when_data_is_valid(project, monkeypatch) -> None:
    from monitor.data.load import SourceFile

    def fail(self: SourceFile) -> None:
        raise AssertionError("positions computed for a valid file")

    monkeypatch.setattr(SourceFile, "_index_positions", fail)
    root = project()
    assert validate_data(root / "data", root=root).diagnostics == []


def test_data_outside_project_root_is_shown_relative(tmp_path: Path, project) -> None:
    root = project({M: "[\n"})
    result = validate_data(root / "data")
    assert result.diagnostics[0].location.path == M
