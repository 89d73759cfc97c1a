"""Lifecycle statuses: a bill, a treaty and a study have their own steps, each for its kinds of
measure, and each step counts in charts, counts and filters as the general status it maps to."""

from __future__ import annotations

import datetime as dt

from conftest import LIFECYCLE_STATUSES as STEPS
from conftest import VALID_FILES
from monitor.data.validate import validate_data
from monitor.site.facets import record_facets
from monitor.site.pages import build_pages, summarize

M = "data/measures/pilot-weerbare-wijken.yaml"


def treaty(status: str) -> dict[str, str]:
    text = VALID_FILES[M].replace("kind: pilot", "kind: verdrag")
    text = text.replace("          - status: in-uitvoering", f"          - status: {status}")
    return {"data/statuses.yaml": VALID_FILES["data/statuses.yaml"] + STEPS, M: text}


def test_a_step_counts_as_its_public_status_in_charts_counts_and_filters(project) -> None:
    root = project(treaty("ondertekend"))
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    record = ds.measures["pilot-weerbare-wijken"]
    assert ds.current_status(record).status == "ondertekend"
    assert ds.public_status("ondertekend") == "in-voorbereiding"
    assert ds.public_status("aangekondigd") == "aangekondigd"
    counts = dict(ds.status_counts(ds.measures.values()))
    assert counts == {"aangekondigd": 1, "in-voorbereiding": 1}  # pilot-deel-noord: aangekondigd
    assert dict(summarize(ds).measures_by_status) == counts
    assert record_facets(ds, "measure", record)["status"] == ["in-voorbereiding"]
    # The record's own page still says where the treaty stands, coloured as it counts.
    page = build_pages(ds, today=dt.date(2026, 1, 15))["maatregelen/pilot-weerbare-wijken.md"]
    assert 'class="status status--in-voorbereiding">Ondertekend<' in page.text


def test_the_status_page_lists_each_lifecycle_in_order(project) -> None:
    root = project(treaty("verdrag-in-werking"))
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    ((name, kinds, steps),) = ds.lifecycles()
    assert (name, kinds) == ("verdrag", ["verdrag"])
    assert [s.id for s in steps] == ["in-voorbereiding", "ondertekend", "verdrag-in-werking"]
    text = build_pages(ds, today=dt.date(2026, 1, 15))["statussen.md"].text
    assert "Een verdrag (soort maatregel: verdrag):" in text
    assert "telt deze status mee als" in text


def test_a_step_for_another_kind_is_refused_with_the_allowed_ones(project) -> None:
    files = treaty("ondertekend")
    files[M] = files[M].replace("kind: verdrag", "kind: wetgeving")
    root = project(files)
    (diag,) = validate_data(root / "data", root=root).diagnostics
    assert diag.code == "E303"
    assert "alleen voor maatregelen van de soort 'verdrag'" in diag.message
    assert "kies voor 'wetgeving' uit aangekondigd, in-uitvoering, in-voorbereiding" in diag.hint


def test_a_step_must_count_as_a_general_status(project) -> None:
    files = treaty("ondertekend")
    files["data/statuses.yaml"] = files["data/statuses.yaml"].replace(
        "public: in-uitvoering", "public: ondertekend"
    )
    root = project(files)
    (diag,) = validate_data(root / "data", root=root).diagnostics
    assert diag.code == "E303"
    assert diag.location.path == "data/statuses.yaml"
    assert "zelf een stap" in diag.message
