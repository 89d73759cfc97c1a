"""Property-based tests: whatever a file holds, the loader and the validator answer with our own
diagnostics, never an exception; and whatever text a field holds, the rendered page shows it as
text (inline fields) or as harmless Markdown (Markdown fields), never as markup.

Hypothesis generates bytes, text, YAML-shaped token soup, arbitrary nested values dumped as YAML
in the place of each record kind, and valid records with fields replaced or removed. Examples are
few (the suite stays fast) and, under CI, derandomized (see the "ci" profile in conftest.py), so a
CI run is reproducible; a failure prints the smallest input that breaks.
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import VALID_FILES, _dedent
from monitor.data.diagnostics import CODES, Diagnostic, format_report
from monitor.data.load import SourceFile, parse_file
from monitor.data.model import RECORD_FOLDERS, VOCABULARY_FILES
from monitor.data.quotes import normalize_text, quote_occurs
from monitor.data.validate import validate_files

# One file of each kind: records by folder, vocabularies by name.
TARGETS = {
    "documents": "data/documents/brief-a.yaml",
    "measures": "data/measures/pilot-weerbare-wijken.yaml",
    "motions": "data/motions/motie-jansen-wijkagenten.yaml",
    "commitments": "data/commitments/voortgang-pilot.yaml",
    **{name: f"data/{name}" for name in VOCABULARY_FILES},
}
assert set(TARGETS) == set(RECORD_FOLDERS) | set(VOCABULARY_FILES)


def parsed_fixture() -> dict[str, SourceFile]:
    files = {}
    for path, text in VALID_FILES.items():
        if path.startswith("data/"):
            file, diags = parse_file(path, _dedent(text).encode())
            assert file is not None and not diags
            files[path] = file
    return files


VALID = parsed_fixture()


def check_diagnostics(diags: list[Diagnostic], path: str | None = None) -> None:
    """Our own diagnostics: a known code, a message, a location in the file that was changed."""
    for d in diags:
        assert isinstance(d, Diagnostic)
        assert d.code in CODES, d
        assert d.message
        if path is not None:
            assert d.location.path == path, d
        d.format()
        d.format_github()
    format_report(diags)


def validate_with(path: str, raw: bytes) -> None:
    """Parse `raw` as the file at `path` and validate it with the rest of the valid fixture."""
    file, diags = parse_file(path, raw)
    check_diagnostics(diags, path)
    assert (file is None) == bool(diags)
    if file is None:
        return
    others = [f for p, f in VALID.items() if p != path]
    result = validate_files([*others, file])
    check_diagnostics(result.diagnostics)
    assert result.ok == (result.dataset is not None)


def dump(value: Any) -> bytes:
    yaml = YAML(typ="safe", pure=True)
    out = io.BytesIO()
    yaml.dump(value, out)
    return out.getvalue()


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=30)
    | st.dates()
    | st.datetimes()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)

YAML_PIECES = [
    "id: x", "title: ", "- ", "? ", ": ", "[", "]", "{", "}", ",", "&a ", "*a",
    "!!python/object:os.system ", "!x ", "!!binary ", "<<: ", "'", '"', "#", "\n", "\n  ",
    "\t", "---\n", "...\n", "|\n  ", ">-\n  ", "%YAML 1.2\n", "@", "`", "\\", "2024-02-30",
    "~", "null", "yes", "0x1F", ".inf", "\ufeff", "\r\n", "é", "\x00", "\x85", "\u2028",
]  # fmt: skip
yaml_soup = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=5), max_size=40).map("".join)


@settings(max_examples=150)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_file_or_diagnostics(raw: bytes) -> None:
    file, diags = parse_file("data/measures/x.yaml", raw)
    check_diagnostics(diags, "data/measures/x.yaml")
    assert (file is None) == bool(diags)


@settings(max_examples=150)
@given(st.text(max_size=300) | yaml_soup)
def test_any_text_gives_a_file_or_diagnostics(text: str) -> None:
    file, diags = parse_file("data/measures/x.yaml", text.encode("utf-8", "surrogatepass"))
    check_diagnostics(diags, "data/measures/x.yaml")
    if file is not None:
        file.locate(("title",))
        file.locate(("status_history", 0, "quote"), key=True)


@settings(max_examples=100)
@given(st.sampled_from(sorted(TARGETS)), yaml_soup)
def test_yaml_soup_in_place_of_any_record_is_validated(kind: str, text: str) -> None:
    validate_with(TARGETS[kind], text.encode("utf-8", "surrogatepass"))


@settings(max_examples=100)
@given(st.sampled_from(sorted(TARGETS)), values)
def test_any_structure_in_place_of_any_record_is_validated(kind: str, value: Any) -> None:
    validate_with(TARGETS[kind], dump(value))


def field_names(record: Any) -> list[str]:
    return sorted(record) if isinstance(record, dict) else []


@settings(max_examples=150)
@given(st.sampled_from(sorted(TARGETS)), st.data())
def test_valid_records_with_fields_changed_are_validated(kind: str, data: st.DataObject) -> None:
    """The most telling inputs are near-valid: a valid record with a few fields replaced by any
    value, removed, or added under any name."""
    path = TARGETS[kind]
    record: Any = VALID[path].data
    record = [dict(item) for item in record] if isinstance(record, list) else dict(record)
    target = (
        record[data.draw(st.integers(0, len(record) - 1))] if isinstance(record, list) else record
    )
    for _ in range(data.draw(st.integers(1, 3))):
        names = [*field_names(target), "extra"]
        name = data.draw(st.sampled_from(names) | st.text(max_size=8))
        if data.draw(st.booleans()) and name in target:
            del target[name]
        else:
            target[name] = data.draw(values)
    validate_with(path, dump(record))


@settings(max_examples=100)
@given(st.text(max_size=200), st.text(max_size=400))
def test_quote_matching_takes_any_text(quote: str, source: str) -> None:
    assert isinstance(quote_occurs(quote, normalize_text(source)), bool)


# --- rendering: any text from the data stays text -------------------------------------------

# The characters Markdown, HTML, Jinja and Python-Markdown's own placeholders (STX, ETX) give a
# meaning to, mixed with ordinary text, so that examples are dense with markup.
MARKUP = st.text(
    alphabet=st.sampled_from(list("<>&\"'`*_[](){}#!|\\:;=/-.+~^$@%\x02\x03\t\n "))
    | st.characters(),
    max_size=80,
)


def site_markdown(text: str) -> str:
    """Python-Markdown with the extensions of mkdocs.yml, as MkDocs renders a page."""
    import markdown

    return markdown.markdown(text, extensions=["tables", "attr_list", "abbr", "md_in_html", "toc"])


def assert_inert(html: str) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(html, "html.parser")
    for element in page.find_all(True):
        assert element.name not in {"script", "img", "iframe", "object", "embed", "style"}, html
        assert not any(a.lower().startswith("on") for a in element.attrs), html
        for attr in ("href", "src"):
            url = "".join(str(element.get(attr) or "").split()).lower()
            assert not url.startswith(("javascript:", "data:", "vbscript:")), html


@settings(max_examples=150)
@given(MARKUP)
def test_escaped_text_is_shown_literally(text: str) -> None:
    """An inline field (`{{ value }}` in a template) shows exactly its text, as one paragraph."""
    from bs4 import BeautifulSoup

    from monitor.site.render import escape_text

    html = site_markdown(f"Titel: {escape_text(text)}")
    assert_inert(html)
    page = BeautifulSoup(html, "html.parser")
    assert [el.name for el in page.find_all(True)] == ["p"], html
    # Python-Markdown drops STX and ETX, its own placeholder marks, so data cannot forge one.
    expected = f"Titel: {text}".replace("\x02", "").replace("\x03", "")
    assert " ".join(page.get_text().split()) == " ".join(expected.split())


@settings(max_examples=150)
@given(MARKUP)
def test_markdown_fields_never_carry_markup_from_the_data(text: str) -> None:
    """A Markdown field may hold emphasis and links, never raw HTML, an image or a script link."""
    from monitor.site.render import render_markdown

    assert_inert(site_markdown(f"Inleiding\n\n{render_markdown(text)}\n\nSlot"))
