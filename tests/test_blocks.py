"""HTML blocks: the overview tables and facet link lists that generated pages carry as HTML beside
their Markdown (`GeneratedPage.blocks`), put back after conversion (`render.expand_blocks`).

The page must come out as if the blocks had been raw HTML in the Markdown all along, and every
link in them must lead where a Markdown link would: to a page that exists."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

import markdown
import pytest
from mkdocs.utils import get_relative_url

from conftest import ROOT, VALID_FILES
from monitor.data.model import Dataset
from monitor.data.validate import validate_data
from monitor.site.originals import OFFICIAL_SITE
from monitor.site.pages import build_pages
from monitor.site.render import abbreviate, escape_html, expand_blocks, page_url, relative_url

TODAY = dt.date(2026, 1, 15)
EXTENSIONS = ["tables", "attr_list", "abbr", "md_in_html", "toc"]
HREF = re.compile(r'href="([^"]*)"')


@pytest.fixture(scope="module")
def real_ds() -> Dataset:
    ds = validate_data(ROOT / "data", root=ROOT).dataset
    assert ds is not None
    return ds


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_urls_and_relative_urls_are_mkdocs_own(directory_urls: bool) -> None:
    from mkdocs.structure.files import File

    srcs = ["index.md", "begrippen.md", "maatregelen/index.md", "maatregelen/x.md",
            "maatregelen/status/in-uitvoering.md", "bijdragen/velden.md"]  # fmt: skip
    urls = {}
    for src in srcs:
        file = File(src, "/docs", "/site", use_directory_urls=directory_urls)
        assert page_url(src, directory_urls) == file.url, src
        urls[src] = file.url
    for target in urls.values():
        for current in urls.values():
            assert relative_url(target, current) == get_relative_url(target, current)


def _convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def _dom(html: str) -> tuple[list[tuple[str, list[tuple[str, str]]]], str]:
    """The elements (name and attributes, in document order) and the text of a page. Inside a
    `markdown="1"` container Python-Markdown re-serialises raw HTML (attributes sorted, and a
    <caption> wrapped in a <p>, which is not valid HTML): that wrapper is left out."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    elements = [
        (el.name, sorted((k, str(v)) for k, v in el.attrs.items()))
        for el in soup.find_all(True)
        if not (el.name == "p" and el.find("caption"))
    ]
    return elements, " ".join(soup.get_text().split())


def test_blocks_put_back_after_conversion_give_the_page_the_markdown_would(
    real_ds: Dataset,
) -> None:
    pages = build_pages(real_ds, today=TODAY)
    with_blocks = [p for p in pages.values() if p.blocks]
    # The three overviews and every facet page; each overview has a form, facet links, a table.
    assert len(with_blocks) > 100
    assert len(pages["maatregelen/index.md"].blocks) == 3
    for page in with_blocks[:40] + with_blocks[-10:]:
        assert "<!-- monitor-block" not in expand_blocks(_convert(page.text), page.blocks)
        assert _dom(expand_blocks(_convert(page.text), page.blocks)) == _dom(
            _convert(page.markdown())
        ), page.path


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_in_a_block_leads_to_a_page_that_exists(
    real_ds: Dataset, directory_urls: bool
) -> None:
    pages = build_pages(real_ds, today=TODAY, directory_urls=directory_urls)
    content = ROOT / "content"
    hand_written = [p.relative_to(content).as_posix() for p in content.glob("**/*.md")]
    exists = {page_url(src, directory_urls) for src in [*pages, *hand_written]}
    checked = 0
    for page in pages.values():
        base = f"https://x/{page_url(page.path, directory_urls)}"
        for block in page.blocks:
            for href in HREF.findall(block):
                if href.startswith(OFFICIAL_SITE + "/"):
                    continue  # another site's page (the original of a document): linkcheck
                target = urljoin(base, href).removeprefix("https://x/").partition("#")[0]
                assert (target or "./") in exists, (page.path, href)
                checked += 1
    assert checked > 5000


def test_markup_in_a_title_cannot_make_a_block_or_a_link(project) -> None:
    evil = 'Titel <!-- monitor-block 0 --> " href="javascript:alert(1)'
    measure = VALID_FILES["data/measures/pilot-weerbare-wijken.yaml"].replace(
        "title: Pilot weerbare wijken", f"title: '{evil}'"
    )
    root = project({"data/measures/pilot-weerbare-wijken.yaml": measure})
    ds = validate_data(root / "data", root=root).dataset
    assert ds is not None
    page = build_pages(ds, today=TODAY)["maatregelen/index.md"]
    table = page.blocks[-1]
    assert "Titel &lt;!-- monitor-block 0 --&gt; &quot; href=&quot;javascript:alert(1)" in table
    assert "javascript:" not in "".join(HREF.findall(table))
    html = expand_blocks(_convert(page.text), page.blocks)
    assert html.count("<table") == 1 and "<!-- monitor-block" not in html


def test_abbreviations_are_explained_in_blocks_as_in_markdown() -> None:
    terms = (("RIEC", "Regionaal Informatie- en Expertise Centrum"), ("R&D", 'A "quoted" b'))
    text = escape_html("Het RIEC en de RIECs, R&D; &amp; RIEC.")
    marked = abbreviate(text, terms)
    assert marked.count('<abbr title="Regionaal Informatie- en Expertise Centrum">RIEC</abbr>') == 2
    assert "RIECs" in marked  # a whole word only
    assert '<abbr title="A &quot;quoted&quot; b">R&amp;D</abbr>' in marked
    assert abbreviate(text, ()) == text


def test_the_real_site_abbreviations_reach_the_tables(real_ds: Dataset) -> None:
    pages = build_pages(real_ds, today=TODAY)
    tables = "".join(b for p in pages.values() for b in p.blocks)
    assert '<abbr title="' in tables


def test_pages_rendered_on_several_cores_are_the_same_pages(real_ds: Dataset, monkeypatch) -> None:
    from monitor import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    serial = build_pages(real_ds, today=TODAY, workers=1)
    forked = build_pages(real_ds, today=TODAY, workers=3)
    assert list(forked) == list(serial)
    assert forked == serial


# In a child process: the test process may have threads (the browser tests leave some), and then
# parallel.run rightly stays in one process.
_PARALLEL_CHILD = """
import pickle, sys
from concurrent.futures import ProcessPoolExecutor
from unittest import mock
from monitor import parallel
items = list(range(1000))
chunks = [list(range(i, 1000, 7)) for i in range(7)]  # interleaved, uneven chunks
with mock.patch("monitor.parallel.ProcessPoolExecutor", wraps=ProcessPoolExecutor) as pool:
    squares = parallel.run(lambda xs: [x * x for x in xs], items, 2, chunks)
    pids = set(parallel.run(lambda xs: [__import__("os").getpid() for _ in xs], items, 2))
pickle.dump((squares, pool.call_count, pids, __import__("os").getpid()), sys.stdout.buffer)
"""


def test_parallel_run_keeps_the_order_of_the_items() -> None:
    import pickle
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _PARALLEL_CHILD], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    squares, pools, pids, parent = pickle.loads(done.stdout)
    assert squares == [x * x for x in range(1000)]
    # Really in worker processes: not in the caller. (Not "in two workers": one worker may take
    # every chunk before the other has started, which failed 2 of 3 full runs on 2 busy cores.)
    assert pools == 2 and pids and parent not in pids


def test_parallel_run_stays_here_with_other_threads_running() -> None:
    import os
    import threading

    from monitor import parallel

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pids = parallel.run(lambda xs: [os.getpid() for _ in xs], list(range(500)), 2)
    finally:
        stop.set()
        thread.join()
    assert set(pids) == {os.getpid()}
