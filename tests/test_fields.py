"""Every field of the schema is documented in Dutch on the contributing page ("Velden"), and the
page is made from the models, so it cannot drift from what validation accepts."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from monitor.data.fields import KIND_LABELS, describe_model, models_by_kind
from monitor.data.model import Dataset
from monitor.site.pages import FIELDS_PAGE, build_pages

ALL_FIELDS = [
    (kind, doc) for kind, model in models_by_kind().items() for doc in describe_model(model)
]
IDS = [f"{kind}:{doc.path}" for kind, doc in ALL_FIELDS]


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, list[str]]]:
    """The field page rendered to HTML: {kind heading: {field path: [cells]}}."""
    text = build_pages(Dataset())[FIELDS_PAGE].markdown()
    html = markdown.markdown(text, extensions=["tables", "attr_list"])
    soup = BeautifulSoup(html, "html.parser")
    out: dict[str, dict[str, list[str]]] = {}
    for heading in soup.find_all("h2"):
        table = heading.find_next("table")
        rows = {}
        for tr in table.find("tbody").find_all("tr"):
            cells = [" ".join(td.get_text().split()) for td in tr.find_all("td")]
            rows[tr.find("td").code.get_text()] = cells
        out[heading.get_text(strip=True)] = rows
    return out


@pytest.mark.parametrize(("kind", "doc"), ALL_FIELDS, ids=IDS)
def test_every_field_has_a_description(kind, doc) -> None:
    assert doc.description.strip(), f"{kind}: add Field(description=...) to '{doc.path}'"


@pytest.mark.parametrize(("kind", "doc"), ALL_FIELDS, ids=IDS)
def test_every_field_is_on_the_page_with_its_description(tables, kind, doc) -> None:
    rows = tables[KIND_LABELS[kind]]
    assert doc.path in rows, f"{doc.path} missing from the table of {KIND_LABELS[kind]}"
    _, required, value, meaning = rows[doc.path]
    assert required == ("ja" if doc.required else "nee")
    assert " ".join(meaning.split()) == " ".join(doc.description.replace("`", "").split())
    for choice in doc.choices:
        assert choice in value


def test_the_page_has_a_table_for_every_kind_and_nothing_else(tables) -> None:
    assert list(tables) == list(KIND_LABELS.values())
    documented = sum(len(rows) for rows in tables.values())
    assert documented == len(ALL_FIELDS)


def test_the_page_is_in_the_navigation() -> None:
    page = build_pages(Dataset())[FIELDS_PAGE]
    assert page.in_nav
