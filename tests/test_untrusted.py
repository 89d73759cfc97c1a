"""Untrusted text comes out inert in the built HTML: every text field of every record kind.

One fixture site is built (once per session) in which every free-text field of every record kind
carries the same hostile payload: script tags, event-handler attributes, `javascript:`, `data:` and
`vbscript:` links (mixed case and entity-encoded too), raw HTML, a Markdown image, attribute-list
injection, an HTML comment and Jinja syntax. Each field's copy starts with a marker of its own, so
that every assertion names the field that failed. The built pages are read through an HTML parser:
nothing from the payload may become an element, an attribute or a comment, `{{ 7*7 }}` must never
become 49, and the payload must be visible as text.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString
from ruamel.yaml import YAML

from conftest import build_strict, write_site

pytestmark = pytest.mark.build

PAYLOAD = (
    "</title><script>x()</script><img src=x onerror=x()>"
    '<a href="javascript:x()" onclick="x()">a</a> [j](JaVaScRiPt:x()) [e](jav&#x09;ascript:x()) '
    "[d](data:text/html,x) [v](vbscript:x) ![i](https://t.example/p.gif) {: onclick=x() } "
    "<!-- verborgen --> {{ 7*7 }} {% raw %}r{% endraw %} {# c #}"
)
# Fields that are Markdown by design (rendered with raw HTML off); all others are plain text.
MARKDOWN_FIELDS = {"summary", "notes", "asks", "response", "what", "description"}
# Fields the site does not show (yet); if a page starts showing them, they are checked too.
NOT_SHOWN = {
    "glossary.yaml/riec:description",
    "glossary.yaml/riec:source.section",
    "glossary.yaml/riec:source.quote",
}

# A paragraph of brief-a's source text that no record cites (see data/coverage.yaml below).
NO_RECORD = "Een alinea zonder iets om vast te leggen."
# marker → field, e.g. "xqzabc" → "measures/pilot-weerbare-wijken:title"
FIELDS: dict[str, str] = {}


def _letters(n: int) -> str:
    out = ""
    for _ in range(3):
        n, r = divmod(n, 26)
        out = chr(ord("a") + r) + out
    return out


def hostile(field: str) -> str:
    """The payload for one field, behind a marker naming it (letters only: no digit can make a
    stray '49')."""
    marker = "xqz" + _letters(len(FIELDS))
    FIELDS[marker] = field
    return f"{marker} {PAYLOAD}"


def citation(owner: str, document: str) -> dict[str, str]:
    return {
        "document": document,
        "section": hostile(f"{owner}.section"),
        "quote": hostile(f"{owner}.quote"),
    }


def hostile_dataset() -> dict[str, Any]:
    """{data path: YAML data}: the valid fixture's records with every text field hostile."""
    a, b = "brief-a", "brief-b"
    kst_source = citation("documents/kst-1-2:kamerstuk.source", a)
    kst_source["quote"] += " nr. 2"
    m = "measures/pilot-weerbare-wijken"
    mo = "motions/motie-jansen-wijkagenten"
    c = "commitments/voortgang-pilot"

    def status(sid: str, kinds: list[str]) -> dict[str, Any]:
        return {
            "id": sid,
            "label": hostile(f"statuses.yaml/{sid}:label"),
            "definition": hostile(f"statuses.yaml/{sid}:definition"),
            "final": False,
            "applies_to": kinds,
        }

    def document(doc_id: str, date: dt.date) -> dict[str, Any]:
        p = f"documents/{doc_id}"
        reference = hostile(f"{p}:reference")
        # The kenmerk must stand in a quote (E320): the quote holds it, behind its own marker.
        reference_source = citation(f"{p}:reference_source", doc_id)
        reference_source["quote"] += f" {reference}"
        kamerstuk_source = citation(f"{p}:kamerstuk.source", doc_id)
        kamerstuk_source["quote"] += " nr. 6"
        return {
            "id": doc_id,
            "title": hostile(f"{p}:title"),
            "kind": "kamerbrief",
            "date": date,
            "date_source": citation(f"{p}:date_source", doc_id),
            "author": hostile(f"{p}:author"),
            "reference": reference,
            "reference_source": reference_source,
            # A Kamerstuk is digits only (dossier, number): nothing hostile fits in it.
            "kamerstuk": {"dossier": "12345", "number": 6, "source": kamerstuk_source},
            "source_text": f"{doc_id}.txt",
            "summary": hostile(f"{p}:summary"),
            "notes": hostile(f"{p}:notes"),
        }

    def history(owner: str, sid: str, doc: str) -> list[dict[str, Any]]:
        entry = citation(f"{owner}:status_history[0]", doc)
        return [{"status": sid, **entry, "note": hostile(f"{owner}:status_history[0].note")}]

    return {
        "statuses.yaml": [
            status("aangekondigd", ["measure"]),
            status("in-uitvoering", ["measure", "motion"]),
            status("open", ["commitment"]),
        ],
        "themes.yaml": [
            {
                "id": "weerbaarheid",
                "label": hostile("themes.yaml/weerbaarheid:label"),
                "kind": "sectie",
                "document": a,
                "code": "<b>{{7*7}}",  # at most 10 characters: no room for a marker
                "description": hostile("themes.yaml/weerbaarheid:description"),
                "source": citation("themes.yaml/weerbaarheid:source", a),
            }
        ],
        "subjects.yaml": [
            {
                "id": "wijken",
                "name": hostile("subjects.yaml/wijken:name"),
                "description": hostile("subjects.yaml/wijken:description"),
                "keywords": ["wijk"],  # only read by a test of the real data, never shown
            }
        ],
        "actors.yaml": [
            {
                "id": "gemeenten",
                "name": hostile("actors.yaml/gemeenten:name"),
                "abbreviation": hostile("actors.yaml/gemeenten:abbreviation"),
                "kind": "lokaal",
                "description": hostile("actors.yaml/gemeenten:description"),
            }
        ],
        "glossary.yaml": [
            {
                "id": "riec",
                "term": hostile("glossary.yaml/riec:term"),
                "expansion": hostile("glossary.yaml/riec:expansion"),
                "basis": "uit-de-bron",
                "source": citation("glossary.yaml/riec:source", a),
                "description": hostile("glossary.yaml/riec:description"),
            }
        ],
        # The editors' coverage page shows a heading and a reason (the anchor only finds the
        # paragraph; the source text below gets both).
        "coverage.yaml": [
            {
                "document": a,
                "sections": [{"heading": hostile("coverage.yaml/brief-a:sections[0].heading")}],
                "no_records": [
                    {
                        "anchor": NO_RECORD,
                        "reason": hostile("coverage.yaml/brief-a:no_records[0].reason"),
                    }
                ],
            }
        ],
        "documents/brief-a.yaml": document(a, dt.date(2024, 3, 1)),
        "documents/brief-b.yaml": document(b, dt.date(2024, 10, 1)),
        "documents/kst-1-2.yaml": {
            "id": "kst-1-2",
            "title": hostile("documents/kst-1-2:title"),
            "kind": "referentie",
            "date_text": hostile("documents/kst-1-2:date_text"),
            "date_note": hostile("documents/kst-1-2:date_note"),
            "kamerstuk": {"dossier": "12345", "number": 2, "source": kst_source},
            "cited_in": [citation("documents/kst-1-2:cited_in[0]", a)],
            "summary": hostile("documents/kst-1-2:summary"),
        },
        f"{m}.yaml": {
            "id": "pilot-weerbare-wijken",
            "former_ids": ["pilot-wijken"],  # a redirect page, which shows the title too
            "title": hostile(f"{m}:title"),
            "kind": "pilot",
            "summary": hostile(f"{m}:summary"),
            "themes": ["weerbaarheid"],
            "subjects": ["wijken"],
            "actors": ["gemeenten"],
            "source": citation(f"{m}:source", a),
            "deadline": {
                "text": hostile(f"{m}:deadline.text"),
                "by": dt.date(2025, 12, 31),
                **citation(f"{m}:deadline", a),
            },
            "status_history": history(m, "aangekondigd", a),
            "notes": hostile(f"{m}:notes"),
        },
        f"{mo}.yaml": {
            "id": "motie-jansen-wijkagenten",
            "title": hostile(f"{mo}:title"),
            "kind": "motie",
            "submitters": [
                {
                    "name": hostile(f"{mo}:submitters[0].name"),
                    "party": hostile(f"{mo}:submitters[0].party"),
                }
            ],
            "date_note": hostile(f"{mo}:date_note"),
            "reference": hostile(f"{mo}:reference"),
            "asks": hostile(f"{mo}:asks"),
            "source": citation(f"{mo}:source", a),
            "response": hostile(f"{mo}:response"),
            "status_history": history(mo, "in-uitvoering", b),
            "measures": ["pilot-weerbare-wijken"],
            "themes": ["weerbaarheid"],
            "subjects": ["wijken"],
            "actors": ["gemeenten"],
            "notes": hostile(f"{mo}:notes"),
        },
        f"{c}.yaml": {
            "id": "voortgang-pilot",
            "title": hostile(f"{c}:title"),
            "who": hostile(f"{c}:who"),
            "actors": ["gemeenten"],
            "what": hostile(f"{c}:what"),
            "term": {"text": hostile(f"{c}:term.text"), **citation(f"{c}:term", a)},
            "source": citation(f"{c}:source", a),
            "status_history": history(c, "open", b),
            "fulfilled_by": [b],
            "measures": ["pilot-weerbare-wijken"],
            "themes": ["weerbaarheid"],
            "subjects": ["wijken"],
            "notes": hostile(f"{c}:notes"),
        },
    }


DATASET = hostile_dataset()


def dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def quotes(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "quote"] + [
            q for v in data.values() for q in quotes(v)
        ]
    if isinstance(data, list):
        return [q for v in data for q in quotes(v)]
    return []


def site_files(data: dict[str, Any]) -> dict[str, str | bytes | None]:
    """The data files and the source texts of a fixture site made from `data`. The source texts
    hold every quote verbatim, and brief-a the coverage file's heading and the paragraph no
    record cites, so the quote and coverage checks pass and the build runs."""
    files: dict[str, str | bytes | None] = {f"data/{k}": dump(v) for k, v in data.items()}
    source = "\n".join(quotes(data)) + "\n"
    heading = data["coverage.yaml"][0]["sections"][0]["heading"]
    files["sources/brief-a.txt"] = f"{source}\n{heading}\n\n{NO_RECORD}\n".encode()
    files["sources/brief-b.txt"] = source.encode()
    return files


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    files = site_files(DATASET)
    return build_strict(write_site(tmp_path_factory.mktemp("hostile"), files, check_quotes=True))


@pytest.fixture(scope="session")
def pages(hostile_site: Path) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(hostile_site).as_posix(): BeautifulSoup(
            p.read_text(encoding="utf-8"), "html.parser"
        )
        for p in sorted(hostile_site.rglob("*.html"))
    }


def test_every_text_field_of_every_record_kind_is_hostile() -> None:
    """The table above misses no free-text field of the model: every str field that is not an
    id, a choice or a file name carries the payload."""
    from monitor.data.model import RECORD_FOLDERS, VOCABULARY_FILES, Citation, Strict

    def text_fields(model: type[Strict], prefix: str = "") -> set[str]:
        names = set()
        for name, info in model.model_fields.items():
            shown = f"{info.annotation} {info.metadata}"
            sub = next(
                (a for a in getattr(info.annotation, "__args__", ()) if isinstance(a, type)), None
            )
            if isinstance(info.annotation, type) and issubclass(info.annotation, Strict):
                names |= text_fields(info.annotation, f"{prefix}{name}.")
            elif sub is not None and issubclass(sub, Strict):
                names |= text_fields(sub, f"{prefix}{name}.")
            elif re.search(r"\bstr\b", shown) and "pattern" not in shown and "Literal" not in shown:
                names.add(prefix + name)
        return names

    covered = {re.sub(r"\[\d+\]", "", f.split(":", 1)[1]) for f in FIELDS.values()}
    models = list(RECORD_FOLDERS.values()) + list(VOCABULARY_FILES.values())
    expected = set().union(*(text_fields(m) for m in models))
    expected -= {"id", "source_text", "url", "code"}  # an id, a file name, a checked URL, 10 chars
    assert Citation.model_fields.keys() >= {"section", "quote"}
    assert expected - covered == set()


def markers_in(page: BeautifulSoup) -> dict[str, list[NavigableString]]:
    """Where each field's marker is shown. The hidden search words of a page (word forms made from
    its text, `search_terms`) are not a field shown: they are words only, checked inert below."""
    found: dict[str, list[NavigableString]] = {}
    for text in page.find_all(string=re.compile("xqz[a-z]{3}")):
        if text.find_parent(class_="search-terms") is not None:
            assert re.fullmatch(r"Zoekwoorden:[ a-zà-ÿ]+", str(text)), text
            continue
        for marker in re.findall(r"xqz[a-z]{3}", text):
            found.setdefault(marker, []).append(text)
    return found


def visible(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("marker", list(FIELDS), ids=list(FIELDS.values()))
def test_field_comes_out_inert_and_visible(marker: str, pages: dict[str, BeautifulSoup]) -> None:
    field = FIELDS[marker]
    markdown = re.split(r"[.:]", field)[-1] in MARKDOWN_FIELDS
    occurrences = [
        (name, text)
        for name, page in pages.items()
        for text in markers_in(page).get(marker, [])
        if not isinstance(text, Comment)
    ]
    if field not in NOT_SHOWN:
        assert occurrences, f"{field} is not on any page"
    for name, text in occurrences:
        if markdown:
            # Markdown by design: the block may hold a link or emphasis, never raw HTML.
            block = text.find_parent("div", class_="md-data")
            assert block is not None, (name, field)
            shown = visible(block.get_text())
            for literal in ("<script>x()</script>", "<!-- verborgen -->", "{: onclick=x() }"):
                assert literal in shown, (name, field, literal)
        else:
            shown = visible(str(text))
            if text.parent.name == "tspan":  # a chart label, wrapped over lines of an SVG <text>
                shown = visible(text.find_parent("text").get_text(" "))
            # Some sentences show a label in lower case ("Stand van zaken: aangekondigd").
            literal = f"{marker} {visible(PAYLOAD)}"
            assert literal.casefold() in shown.casefold(), (name, field, shown)
        assert "{{ 7*7 }}" in shown, (name, field)
        assert "49" not in shown, (name, field)


def test_theme_code_is_inert(pages: dict[str, BeautifulSoup]) -> None:
    page = pages["themas/weerbaarheid/index.html"]
    assert "<b>{{7*7}}" in page.select_one("article").get_text()
    assert page.select_one("article b") is None


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "xlink:href", "data", "poster")
UNSAFE_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)


def squeeze(url: str) -> str:
    """A URL as a browser reads its scheme: control characters and spaces dropped."""
    return re.sub(r"[\x00-\x20]", "", url)


def test_no_event_handler_attribute_anywhere(pages: dict[str, BeautifulSoup]) -> None:
    for name, page in pages.items():
        for element in page.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, (name, element.name, handlers)


def test_no_script_url_anywhere(pages: dict[str, BeautifulSoup]) -> None:
    for name, page in pages.items():
        for element in page.find_all(True):
            for attr in URL_ATTRIBUTES:
                value = element.get(attr)
                if value:
                    assert not UNSAFE_SCHEME.match(squeeze(str(value))), (name, element)


def test_only_the_themes_own_scripts(pages: dict[str, BeautifulSoup]) -> None:
    for name, page in pages.items():
        for script in page.find_all("script"):
            src = script.get("src")
            if src:  # the theme's bundle, the site's own assets, or the Pagefind bundle
                own = r"(/|(\.\./)*)(assets|pagefind)/[\w./-]+\.js"
                assert re.fullmatch(own, src), (name, src)
            assert "x()" not in script.get_text(), (name, script)
            assert not re.search(r"xqz[a-z]{3}", script.get_text()), (name, script)


def test_no_element_or_comment_from_the_payload(pages: dict[str, BeautifulSoup]) -> None:
    for name, page in pages.items():
        for img in page.find_all("img"):
            assert img.get("src") != "x" and "t.example" not in img.get("src", ""), (name, img)
        for comment in page.find_all(string=lambda s: isinstance(s, Comment)):
            assert "verborgen" not in comment, (name, comment)
        assert not page.select("iframe, object, embed"), name
        for bold in page.find_all("b"):  # the theme code is "<b>{{7*7}}"
            assert not bold.get_text().startswith("{{7*7}}"), (name, bold)
        for link in page.find_all("a", href=True):
            assert link.get_text(strip=True) not in {"j", "e", "d", "v"}, (name, link)


def test_search_index_holds_the_payload_as_text(hostile_site: Path) -> None:
    """Search results are shown from Pagefind's fragments: each page's text and title, stored
    as JSON strings (the payload is there as text, to be found), and escaped by Pagefind's
    script before it builds an excerpt with highlights as HTML. The search page then rebuilds
    only the <mark> of that excerpt and puts everything else in as text (the browser test
    tests/browser/test_site_search.py searches this site)."""
    fragments = []
    for path in sorted((hostile_site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        fragments.append(json.loads(raw[len(b"pagefind_dcd") :]))
    hostile_pages = [f for f in fragments if re.search(r"xqz[a-z]{3}", f["content"])]
    assert len(hostile_pages) > 10
    for fragment in hostile_pages:
        assert "{{ 7*7 }}" in fragment["content"] and "49" not in fragment["content"]
    titles = [f["meta"]["title"] for f in hostile_pages if "xqz" in f["meta"].get("title", "")]
    assert titles and all(visible(PAYLOAD) in visible(t) for t in titles)
    script = (hostile_site / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    # Pagefind's own escaping of page text before excerpts are made; if an upgrade drops it,
    # the excerpt of a page like these would carry live markup into the results.
    assert 'content.replace(/</g,"&lt;").replace(/>/g,"&gt;")' in script


def test_redirect_page_of_a_former_id_is_inert(pages: dict[str, BeautifulSoup]) -> None:
    """The page at a former id names the record by its title: as text, like every page."""
    page = pages["maatregelen/pilot-wijken/index.html"]
    (link,) = page.find_all("a")
    assert link["href"] == "../pilot-weerbare-wijken/"
    assert visible(PAYLOAD) in visible(link.get_text())
    assert visible(PAYLOAD) in visible(page.title.get_text())


def test_feeds_carry_the_payload_as_text(hostile_site: Path) -> None:
    """Feed readers render `type="html"` content as markup: the payload may only be in plain
    text (or in escaped text that parses to no element)."""
    feeds = sorted((hostile_site / "open-data").rglob("*.xml"))
    assert feeds
    for feed in feeds:
        root = ElementTree.parse(feed).getroot()  # well-formed, whatever the titles hold
        texts = [el for el in root.iter() if el.text and re.search(r"xqz[a-z]{3}", el.text)]
        assert texts, feed
        for el in texts:
            assert "{{ 7*7 }}" in el.text and "49" not in el.text
            if el.get("type") in ("html", "xhtml"):
                fragment = BeautifulSoup(el.text, "html.parser")
                assert not fragment.find_all(["script", "img", "a"]), (feed.name, el.tag)
        for el in root.iter():
            assert not any(a.lower().startswith("on") for a in el.attrib), (feed.name, el.tag)
