"""Benchmark: how the build scales with the number of records. `make bench` runs it.

For each size N (default 100, 1,000 and 10,000 measures) it generates a synthetic project
(`synth`), times the data layer in this process (load, validate, build_pages), runs the real
`mkdocs build --strict` in a subprocess (wall time and peak RSS), measures the site (pages, sizes,
search index), and builds the same pages as plain Markdown with stock mkdocs-material (no data
layer, no overrides) for the ratio. At one size (1,000 by default) it also times an edit in
`mkdocs serve`: from saving a YAML file to the page showing the change.

Results go to benchmarks.json (merged by size, so sizes can be rerun one at a time) and
BENCHMARKS.md, both at the repository root. Benchmarks print figures; they never fail on a
timing. Nothing here is part of the published package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import metadata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from monitor import parallel
from monitor.data.load import load_files
from monitor.data.validate import validate_files
from monitor.site.pages import build_pages

from .search_fetch import query_bytes
from .synth import REPO, generate_project

DEFAULT_SIZES = (100, 1000, 10000)
RESULTS = REPO / "benchmarks.json"
DOCUMENT = REPO / "BENCHMARKS.md"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def time_data_layer(root: Path) -> dict[str, float]:
    """The stages the plugin runs before MkDocs sees a page, timed one by one. Load is cold: no
    parsed files kept on disk (`load.ParsedStore`); CPU time includes the workers'."""
    c0, t0 = parallel.cpu_time(), time.perf_counter()
    loaded = load_files(root / "data", root)
    t1 = time.perf_counter()
    validated = validate_files(loaded.files, data_prefix="data/")
    t2 = time.perf_counter()
    assert validated.dataset is not None, validated.diagnostics[:5]
    pages = build_pages(validated.dataset, workers=parallel.cores())  # as the plugin does
    t3, c3 = time.perf_counter(), parallel.cpu_time()
    return {
        "data_layer_cpu_s": c3 - c0,
        "load_s": t1 - t0,
        "validate_s": t2 - t1,
        "pages_s": t3 - t2,
        "data_layer_s": t3 - t0,
        "generated_pages": len(pages),
    }


def mkdocs_build(config: Path, site: Path, strict: bool = True) -> dict[str, Any]:
    """`mkdocs build --strict` in a subprocess: wall time, CPU time (its own and its workers',
    which on a shared machine says more than the wall clock) and peak RSS of the build process
    (its own VmHWM, see bench.peak; a forked worker shares most of its pages)."""
    cmd = [
        sys.executable,
        "-m",
        "bench.peak",
        "mkdocs",
        "build",
        *(["--strict"] if strict else []),
        "-f",
        str(config),
    ]
    log = config.parent / f"build-{site.name}.log"
    peak_file = config.parent / f"peak-{site.name}.txt"
    env = {**ENV, "BENCH_PEAK_FILE": str(peak_file), "PYTHONPATH": str(REPO / "scripts")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [*cmd, "-d", str(site)], cwd=config.parent, env=env, stdout=out, stderr=out
        )
        _, status, _usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build failed for {config} (exit {proc.returncode}):\n{text}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    figures = {"build_s": wall, "build_cpu_s": cpu}
    if peak_file.is_file():
        figures["peak_rss_mib"] = int(peak_file.read_text(encoding="ascii")) / 1024
    # The plugin reports its own time (load, validate, reports, build_pages) inside the build.
    found = re.search(r"monitor: data layer took ([\d.]+) s \(([\d.]+) s CPU\)", text)
    if found:
        figures["data_layer_in_build_s"] = float(found[1])
        figures["data_layer_in_build_cpu_s"] = float(found[2])
    return figures


def site_figures(site: Path) -> dict[str, Any]:
    sizes = [f.stat().st_size for f in site.rglob("*.html") if f.name != "404.html"]
    figures: dict[str, Any] = {
        "pages": len(sizes),
        "html_total_mib": sum(sizes) / 2**20,
        "html_median_kib": statistics.median(sizes) / 1024 if sizes else 0,
    }
    figures.update(search_figures(site))
    return figures


def search_figures(site: Path) -> dict[str, Any]:
    """The search index on disk, and what a browser fetches for one query.

    mkdocs-material's lunr search fetches search_index.json whole before the first query, so
    that file (gzipped, as a server would send it) is the cost of one query. Pagefind fetches an
    entry file, its WebAssembly, the index chunks for the query's words and a fragment per shown
    result; `pagefind_query_bytes` reproduces those fetches."""
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        raw = lunr.read_bytes()
        return {
            "search": "lunr (mkdocs-material)",
            "search_index_kib": len(raw) / 1024,
            "query_fetch_kib": len(gzip.compress(raw, 6)) / 1024,
        }
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        total = sum(f.stat().st_size for f in pagefind.rglob("*") if f.is_file())
        figures: dict[str, Any] = {"search": "pagefind", "search_index_kib": total / 1024}
        try:
            figures.update(query_bytes(site))
        except Exception as exc:  # no Chromium here: say so and carry on; figures, not a test
            print(f"search query not measured: {exc}", file=sys.stderr)
            figures["query_fetch_kib"] = None
        return figures
    return {"search": "none", "search_index_kib": 0, "query_fetch_kib": None}


def plain_project(root: Path, pages: dict[str, str]) -> Path:
    """The same pages as static Markdown, built by stock mkdocs-material: the site's mkdocs.yml
    without the monitor plugin and without overrides, with material's own search."""
    plain = root / "plain"
    if plain.exists():
        shutil.rmtree(plain)
    shutil.copytree(root / "content", plain / "docs")
    # Stock means the theme's own templates: a page that asks for one of ours gets main.html.
    for page in (plain / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\ntemplate: " in text.split("\n---\n", 1)[0]:
            lines = text.split("\n")
            page.write_text(
                "\n".join(x for x in lines if not x.startswith("template: ")), encoding="utf-8"
            )
    for path, text in pages.items():
        target = plain / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    yaml = YAML(typ="safe")
    # site_url: !ENV [SITE_URL, null]: unset here, as in an ordinary build.
    yaml.constructor.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {k: v for k, v in config.items() if v is not None}
    config["docs_dir"] = "docs"
    config.pop("watch", None)
    config["theme"].pop("custom_dir", None)
    plugins = [p for p in config.get("plugins", []) if _plugin_name(p) != "monitor"]
    if not any(_plugin_name(p) == "search" for p in plugins):
        plugins.insert(0, {"search": {"lang": "nl"}})
    config["plugins"] = plugins
    # Record pages are out of the navigation in the real site too; say so, as the plugin does.
    config["not_in_nav"] = "\n".join(f"/{folder}/*" for folder in _record_folders())
    with (plain / "mkdocs.yml").open("w", encoding="utf-8") as out:
        yaml.dump(config, out)
    return plain / "mkdocs.yml"


def _plugin_name(entry: str | dict[str, Any]) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _record_folders() -> list[str]:
    from monitor.site.pages import FOLDERS

    return list(FOLDERS.values())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def time_serve_edit(root: Path, edits: int = 3, startup_timeout: float = 900) -> dict[str, Any]:
    """Start `mkdocs serve`, change one measure's title in its YAML file, and time until the
    served page shows the new title. Repeated `edits` times; the server is always stopped."""
    measures = sorted((root / "data" / "measures").glob("*.yaml"))
    record = measures[len(measures) // 2]
    url_path = f"maatregelen/{record.stem}/"
    port = free_port()
    # What `make serve` runs: mkdocs serve, its preview site in memory where there is room.
    cmd = [sys.executable, "-m", "monitor", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    log = (root / "serve.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [*cmd, "--config", str(root / "mkdocs.yml")],
        cwd=root,
        env=ENV,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/{url_path}"
    original = record.read_text(encoding="utf-8")
    times = []
    try:
        start = time.perf_counter()
        while fetch(url) is None:
            if proc.poll() is not None or time.perf_counter() - start > startup_timeout:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.2)
        startup = time.perf_counter() - start
        for i in range(edits):
            # An editor saves, looks, edits again: a few seconds apart, not back to back (the
            # search index of the previous build finishes in that time).
            time.sleep(5)
            marker = f"Bewerkt{i}x{int(time.time())}"
            text = original.replace("title: ", f"title: {marker} ", 1)
            saved = time.perf_counter()
            record.write_text(text, encoding="utf-8")
            while True:
                page = fetch(url)
                if page is not None and marker in page:
                    break
                if time.perf_counter() - saved > 120:
                    tail = (root / "serve.log").read_text(encoding="utf-8")[-2000:]
                    raise SystemExit(f"the edit did not appear within 120 s; serve said:\n{tail}")
                time.sleep(0.05)
            times.append(time.perf_counter() - saved)
    finally:
        record.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    return {"serve_startup_s": startup, "serve_edit_s": times}


def bench_size(n: int, workdir: Path, serve: bool) -> dict[str, Any]:
    root = workdir / f"n{n}"
    print(f"[{n}] generating…", file=sys.stderr, flush=True)
    counts = generate_project(root, n)
    result: dict[str, Any] = {"measures": n, "records": counts}
    result.update(time_data_layer(root))
    print(f"[{n}] mkdocs build…", file=sys.stderr, flush=True)
    result.update(mkdocs_build(root / "mkdocs.yml", root / "site"))
    result.update(site_figures(root / "site"))
    if "query_requests" in result:
        result["query_shape"] = f"{result['query_requests']} / {result['query_results_shown']}"
    wall = result.get("data_layer_in_build_s", result["data_layer_s"])
    cpu = result.get("data_layer_in_build_cpu_s", result["data_layer_cpu_s"])
    result["data_layer_share"] = wall / result["build_s"]
    result["data_layer_cpu_share"] = cpu / result["build_cpu_s"]

    loaded = load_files(root / "data", root)
    dataset = validate_files(loaded.files, data_prefix="data/").dataset
    assert dataset is not None
    pages = {p.path: p.markdown() for p in build_pages(dataset).values()}
    plain = plain_project(root, pages)
    print(f"[{n}] stock mkdocs-material build of the same pages…", file=sys.stderr, flush=True)
    # Not strict: the nav names report pages (signals, changes, open data) that the plugin adds
    # outside build_pages; the stock build has the record and overview pages only.
    stock = mkdocs_build(plain, plain.parent / "site", strict=False)
    stock.update(site_figures(plain.parent / "site"))
    result["stock"] = stock
    result["build_ratio"] = result["build_s"] / stock["build_s"]
    result["build_cpu_ratio"] = result["build_cpu_s"] / stock["build_cpu_s"]
    if serve:
        print(f"[{n}] mkdocs serve edit…", file=sys.stderr, flush=True)
        result.update(time_serve_edit(root))
    shutil.rmtree(root, ignore_errors=True)
    return result


def machine() -> dict[str, Any]:
    mem_kib = 0
    with open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    cpu = ""
    with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    names = (
        "mkdocs",
        "mkdocs-material",
        "jinja2",
        "markdown",
        "pydantic",
        "ruamel.yaml",
        "pagefind",
    )
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": os.getloadavg(),
        "packages": versions,
    }


ROWS: list[tuple[str, str, str]] = [
    # (label, key, format)
    ("records (measures+motions+commitments+documents)", "records_total", "{:,}"),
    ("load (s)", "load_s", "{:.2f}"),
    ("validate (s)", "validate_s", "{:.2f}"),
    ("build_pages (s)", "pages_s", "{:.2f}"),
    ("mkdocs build, whole: wall (s)", "build_s", "{:.1f}"),
    ("mkdocs build, whole: CPU (s)", "build_cpu_s", "{:.1f}"),
    ("data layer inside the build: wall (s)", "data_layer_in_build_s", "{:.2f}"),
    ("data layer share of the build, wall", "data_layer_share", "{:.1%}"),
    ("data layer share of the build, CPU", "data_layer_cpu_share", "{:.1%}"),
    ("peak RSS of the build (MiB)", "peak_rss_mib", "{:.0f}"),
    ("HTML pages", "pages", "{:,}"),
    ("HTML total (MiB)", "html_total_mib", "{:.1f}"),
    ("HTML median page (KiB)", "html_median_kib", "{:.1f}"),
    ("search", "search", "{}"),
    ("search index on disk (KiB)", "search_index_kib", "{:,.0f}"),
    ("one query: KiB fetched (compressed text)", "query_fetch_kib", "{:,.0f}"),
    ("one query: KiB fetched (uncompressed)", "query_fetch_raw_kib", "{:,.0f}"),
    ("one query: requests / results shown", "query_shape", "{}"),
    ("stock material, same pages: wall (s)", "stock.build_s", "{:.1f}"),
    ("stock material, same pages: CPU (s)", "stock.build_cpu_s", "{:.1f}"),
    ("stock material peak RSS (MiB)", "stock.peak_rss_mib", "{:.0f}"),
    ("stock material search fetch (KiB)", "stock.query_fetch_kib", "{:,.0f}"),
    ("build / stock material, wall", "build_ratio", "{:.2f}×"),
    ("build / stock material, CPU", "build_cpu_ratio", "{:.2f}×"),
    ("serve: start to first page (s)", "serve_startup_s", "{:.1f}"),
    ("serve: YAML saved → page shows it (s)", "serve_edit_s", "{}"),
]


def _value(result: dict[str, Any], key: str) -> Any:
    value: Any = result
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def table(results: dict[str, dict[str, Any]]) -> str:
    sizes = sorted(results, key=int)
    for r in results.values():
        r["records_total"] = sum(
            r["records"][k] for k in ("measures", "motions", "commitments", "documents")
        )
    header = "| measures | " + " | ".join(f"{int(s):,}" for s in sizes) + " |"
    lines = [header, "|---|" + "---:|" * len(sizes)]
    for label, key, fmt in ROWS:
        cells = []
        for s in sizes:
            value = _value(results[s], key)
            if value is None:
                cells.append("–")
            elif isinstance(value, list):
                cells.append(", ".join(f"{v:.1f}" for v in value))
            else:
                cells.append(fmt.format(value))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_document(
    results: dict[str, dict[str, Any]],
    info: dict[str, Any],
    baseline: dict[str, Any] | None = None,
    previous: dict[str, Any] | None = None,
) -> None:
    packages = ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    runs = ", ".join(
        f"{int(s):,}: {r['when']}" for s, r in sorted(results.items(), key=lambda x: int(x[0]))
    )
    load = ", ".join(f"{x:.1f}" for x in info["load_average"])
    DOCUMENT.write_text(
        f"""# Benchmarks

Generated by `make bench` (`python -m bench`; `--sizes 100,1000` to choose sizes). Figures come
from synthetic projects (`scripts/bench/synth.py`: N measures, plus motions, commitments and
documents in proportion, every quote backed by a generated source text). Raw figures:
`benchmarks.json`. Benchmarks print figures; they never fail on a timing.

## Machine

- {info["nproc"]} cores ({info["cpu"]}), {info["memory_gib"]} GiB memory, shared with other
  work (load average at the start of the last run: {load})
- Python {info["python"]} on {info["platform"]}
- {packages}
- Runs (UTC): {runs}

## Results

{table(results)}

- *data layer*: load, validate and build_pages timed one by one in the benchmark's process; the
  share is what the plugin itself reports inside the real build (load, validate, reports, open
  data, build_pages; "data layer inside the build") over the whole `mkdocs build --strict`
  (subprocess), in wall and in CPU time (CPU time includes the worker processes).
- *peak RSS*: the build process's own high-water mark (VmHWM, `scripts/bench/peak.py`); forked
  workers share most of its pages and are not added. Runs before 25 November 2026, 13:00 UTC
  reported the benchmark's own peak instead (wait4 carries it across exec).
- *stock material*: the same generated pages written as static Markdown and built with the
  site's mkdocs.yml minus the monitor plugin and the overrides (material's own search plugin).
- *bytes fetched for one query*: lunr loads `search/search_index.json` whole (gzipped size shown).
- *serve*: `mkdocs serve` at that size; the time from saving one measure's YAML file to the
  served page showing the new title (each edit separately).

## Goals (issue 7)

{_goals(results)}

## What makes it fast

- *Load*: ruamel's C parser with safe types, one loader for all files; the event-stream
  pre-check (against deep or huge documents) runs only on files that could need it; files are
  parsed on every core; line positions are found only for a file that has a diagnostic. Parsed
  files are kept in `.cache/monitor/` by the sha256 of their bytes, so a second build of the same
  data skips parsing (the figures here are cold: each size is a fresh project).
- *Open data*: each record's JSON, CSV row and feed entry is made once and reused in every
  download and feed (a test pins the output to the straightforward code).
- *build_pages*: generated pages are rendered on every core. Overview and facet tables, the
  record tables on document, theme and actor pages, and each record's facts table and status
  timeline are HTML blocks we write (every value escaped, glossary abbreviations marked up as
  the abbr extension would): the Markdown keeps a marker and the adapter puts the block in after
  conversion, so Python-Markdown never parses them. Rows shown on many pages are made once per
  build. A facet value's rows are picked by position, not by a pass over every row.
- *mkdocs build*: the generated pages' Markdown and their templates are rendered in forked
  worker processes on every core (`scripts/monitor/adapter/fast_render.py`, `parallel.py`, objects
  frozen before the fork so the workers' garbage collectors do not copy them); MkDocs still runs
  every event and writes every file, and warnings from the workers are replayed so `--strict`
  holds. Record pages stay out of the navigation (a navigation with every page is quadratic).
- *Search*: Pagefind (chunked index, Dutch stemming) instead of lunr, with a small interface of
  our own on Pagefind's JavaScript API instead of its default one (29 KB less script), which
  fetches the `soort` filter only when a reader picks one.
- *mkdocs serve* (`make serve`, `python -m monitor serve`): parsed files, open-data pieces, each
  generated page's HTML and its template output are kept between rebuilds and reused when
  unchanged; compiled templates are kept; Pagefind runs after the page has reloaded; the preview
  site is written to memory (`/dev/shm`) where there is room, since mkdocs serve writes every
  page again after each edit.

{_baseline_section(previous)}{_baseline_section(baseline)}""",
        encoding="utf-8",
    )


def _goals(results: dict[str, dict[str, Any]]) -> str:
    big, mid = results.get("10000", {}), results.get("1000", {})

    def pct(r: dict[str, Any], key: str) -> str:
        return f"{r[key]:.1%}" if r.get(key) is not None else "not measured"

    def ratio(r: dict[str, Any], key: str) -> str:
        return f"{r[key]:.2f}×" if r.get(key) is not None else "not measured"

    rss = ", ".join(
        f"{results[k]['peak_rss_mib']:.0f} MiB at {int(k):,}"
        for k in sorted(results, key=int)
        if results[k].get("peak_rss_mib")
    )
    slope = ""
    if big.get("peak_rss_mib") and mid.get("peak_rss_mib"):
        per = (big["peak_rss_mib"] - mid["peak_rss_mib"]) * 1024 / 9000
        slope = f" (≈ {per:.0f} KiB per extra measure from 1,000 to 10,000)"
    edits = mid.get("serve_edit_s") or []
    serve = (
        f"{statistics.median(edits):.1f} s median of {len(edits)} edits"
        f" ({', '.join(f'{e:.1f}' for e in edits)})"
        if edits
        else "not measured"
    )
    query = big.get("query_fetch_kib")
    fetch = f"{query * 1.024:,.0f} KB" if query else "not measured"
    rows = [
        ("data layer share of the build at 10,000 records", "≤ 5%",
         f"{pct(big, 'data_layer_share')} of wall time, {pct(big, 'data_layer_cpu_share')} of CPU"),
        ("whole build at 10,000 records vs stock mkdocs-material, same pages", "≤ 0.6×",
         f"{ratio(big, 'build_ratio')} wall, {ratio(big, 'build_cpu_ratio')} CPU"),
        ("memory (peak RSS of the build process)", "linear", rss + slope),
        ("a YAML edit visible in `mkdocs serve` at 1,000 records", "≤ 3 s", serve),
        ("one search query at 10,000 records, Dutch stemming", "≤ 300 KB", fetch),
    ]  # fmt: skip
    lines = ["| goal | target | measured |", "|---|---|---|"]
    lines += [f"| {goal} | {target} | {measured} |" for goal, target, measured in rows]
    return "\n".join(lines)


def _baseline_section(baseline: dict[str, Any] | None) -> str:
    """Earlier figures kept in benchmarks.json ("previous", "baseline"), with their note."""
    if not baseline:
        return ""
    return f"""## {baseline.get("title", "Before the optimisations")}

{baseline["note"]}

{table(baseline["results"])}

"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated numbers of measures (default: 100,1000,10000)",
    )
    parser.add_argument(
        "--serve-size", type=int, default=1000, help="size at which to time mkdocs serve (0: off)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; keep the files")
    parser.add_argument(
        "--report", action="store_true", help="only rewrite BENCHMARKS.md from benchmarks.json"
    )
    args = parser.parse_args(argv)
    if args.report:
        stored = json.loads(RESULTS.read_text(encoding="utf-8"))
        write_document(
            stored["results"], stored["machine"], stored.get("baseline"), stored.get("previous")
        )
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    stored: dict[str, Any] = {}
    if RESULTS.is_file():
        stored = json.loads(RESULTS.read_text(encoding="utf-8"))
    results: dict[str, dict[str, Any]] = stored.get("results", {})
    fresh: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="monitor-bench-") as tmp:
        for n in sizes:
            result = bench_size(n, Path(tmp), serve=n == args.serve_size)
            result["when"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
            fresh[str(n)] = result
            print(table({str(n): result}), flush=True)
    print()
    print(table(fresh))
    if not args.no_write:
        results.update(fresh)
        stored.update(machine=info, results=results)
        RESULTS.write_text(json.dumps(stored, indent=2, default=str) + "\n", encoding="utf-8")
        write_document(results, info, stored.get("baseline"), stored.get("previous"))
        print(f"\nwrote {RESULTS.name} and {DOCUMENT.name}")
    return 0
