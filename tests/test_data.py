"""The real data in data/: every record valid, every quote in its source, schemas current.

Parametrized per record, so a failure names the record. The truth test needs the source texts in
../shared/seeds: outside this repository's CI it says so and skips; in CI (CI=true) it fails."""

from __future__ import annotations

from functools import cache

import pytest

from conftest import ROOT, seeds_or_skip
from monitor.data.diagnostics import CODES, format_report
from monitor.data.model import Dataset
from monitor.data.quotes import HEADING, SourceText, quote_problem
from monitor.data.schema import json_schemas
from monitor.data.validate import Validated, validate_data

DATA = ROOT / "data"


@cache
def validated() -> Validated:
    return validate_data(DATA, root=ROOT)


def dataset() -> Dataset:
    result = validated()
    assert result.dataset is not None, format_report(result.diagnostics)
    return result.dataset


RECORD_FILES = sorted(p.relative_to(ROOT).as_posix() for p in DATA.glob("*/*.yaml"))
VOCAB_FILES = sorted(p.relative_to(ROOT).as_posix() for p in DATA.glob("*.yaml"))


@pytest.mark.parametrize("path", RECORD_FILES + VOCAB_FILES)
def test_file_is_valid(path: str) -> None:
    mine = [d for d in validated().diagnostics if d.location.path == path]
    assert not mine, format_report(mine)


def test_whole_dataset_is_valid() -> None:
    assert validated().diagnostics == [], format_report(validated().diagnostics)


@cache
def _texts() -> dict[str, SourceText]:
    seeds = seeds_or_skip()
    ds = validated().records  # records that are valid on their own: one bad file fails alone
    return {
        doc.id: SourceText((seeds / doc.source_text).read_text(encoding="utf-8"))
        for doc in ds.documents.values()
        if doc.source_text
    }


def _citations_by_file() -> dict[str, list[tuple[tuple[str | int, ...], str, str]]]:
    result = validated()
    out: dict[str, list] = {}
    for group, record_id, keypath, cit in result.records.citations():
        out.setdefault(result.records.path_of(group, record_id), []).append(
            (keypath, cit.document, cit.quote)
        )
    return out


@pytest.mark.parametrize("path", RECORD_FILES + VOCAB_FILES)
def test_every_quote_occurs_in_its_source(path: str) -> None:
    """Word for word, within one passage (no heading, list marker or page furniture inside),
    without an ellipsis: the check `make validate` runs."""
    texts = _texts()
    wrong = []
    for keypath, document, quote in _citations_by_file().get(path, []):
        assert document in texts, f"{keypath}: '{document}' has no source text"
        problem = quote_problem(quote, document, texts[document])
        if problem is not None:
            wrong.append(f"{keypath}: {problem[0]} {problem[1]}")
    assert not wrong, "quotes that fail the check:\n" + "\n".join(wrong)


def test_source_headings_are_recognised() -> None:
    """The shapes of the five source texts: numbered and plain headings, headings broken over
    lines, footnotes and letterheads. A heading missed here would let a quote run across it."""
    headings = {
        doc: {
            " ".join(p.first.replace("*", "").replace("#", "").split())
            for p in t.passages
            if p.kind == HEADING
        }
        for doc, t in _texts().items()
    }
    assert {"Werkwijze", "2. Versterken intelligence", "7. Vervolg en financiën"} <= headings[
        "contouren-offensief-ondermijning"
    ]
    assert {"Maatschappelijk", "1. Zorg voor een goede informatiepositie", "Actielijnen"} <= (
        headings["toekomstagenda-ondermijning"]
    )
    assert {"Beleidsreactie", "Tot slot", "Rol van het Openbaar Ministerie"} <= headings[
        "beleidsreactie-koers-bepalen"
    ]
    assert {"Motie Bikker c.s.", "3. Internationale samenwerking", "Tot slot"} <= headings[
        "kamerbrief-2024-aanpak-ondermijning"
    ]


def test_every_tracked_record_has_a_quote() -> None:
    ds = dataset()
    for _group, records in ds.tracked_groups():
        for rec in records:
            assert rec.source.quote and all(e.quote for e in rec.status_history), rec.id


def test_every_source_document_has_its_text() -> None:
    seeds = seeds_or_skip()
    for doc in dataset().documents.values():
        if doc.source_text:
            assert (seeds / doc.source_text).is_file(), doc.id


def test_json_schemas_are_up_to_date() -> None:
    for name, text in json_schemas().items():
        path = DATA / "schema" / name
        assert path.is_file() and path.read_text(encoding="utf-8") == text, (
            f"{path} is out of date: run 'make schema'"
        )


def test_every_record_file_declares_its_schema() -> None:
    singular = {
        "documents": "document",
        "measures": "measure",
        "motions": "motion",
        "commitments": "commitment",
    }
    for rel in RECORD_FILES:
        first = (ROOT / rel).read_text(encoding="utf-8").splitlines()[0]
        folder = rel.split("/")[1]
        assert (
            first == f"# yaml-language-server: $schema=../schema/{singular[folder]}.schema.json"
        ), rel


def test_every_error_code_is_explained_on_the_site() -> None:
    from monitor.site.pages import build_pages

    page = build_pages(Dataset())["bijdragen/foutcodes.md"].markdown()
    for code in CODES.values():
        assert f"## {code.code}: " in page
        assert code.explanation and code.fix
