"""Command line: `python -m monitor validate | schema | build | serve | release | new | fmt |
check-links | intake | intake-eval | coverage`, made with click.

Argument parsing and exit codes only; the work is done by the stages, the same functions the
site build calls (as Datasette's command line calls what its server uses). Each command returns
its exit code: 0 done, 1 problems found (in the data, the site, a check), 2 a wrong call (a
folder or file that is not there); a usage error is 2 as well, as click (and argparse before
it) makes it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from .adapter.serve import DEFAULT_ADDR
from .data.diagnostics import count, format_report
from .data.load import ParsedStore
from .data.schema import json_schemas
from .data.validate import validate_data


def _project_root() -> Path:
    """The folder with mkdocs.yml above the working directory, else the working directory."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Monitor aanpak ondermijnende criminaliteit: data tools.",
)
def cli() -> None:
    pass


_CONFIG = "scripts/monitor/linkcheck.toml"
DATA_HELP = "data folder (default: data/ beside mkdocs.yml)"
SOURCES_HELP = "folder with the source texts: also check every quote"


@cli.command("validate", help="check every data file; exit 1 on errors (no build)")
@click.option("--data", help=DATA_HELP)
@click.option("--sources", help=SOURCES_HELP)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    help="'github' also prints GitHub Actions annotations",
)
@click.option(
    "--changed",
    is_flag=True,
    help="report only the data files changed since --base (and uncommitted ones)",
)
@click.option("--base", help="with --changed: branch or commit to compare with (default: main)")
def cmd_validate(
    data: str | None, sources: str | None, output: str, changed: bool, base: str | None
) -> int:
    root = _project_root()
    data_dir = Path(data) if data else root / "data"
    sources_dir = Path(sources) if sources else None
    return _validate(data_dir, sources_dir, output, base, changed)


def _validate(
    data_dir: Path, sources: Path | None, output: str, base: str | None, changed: bool
) -> int:
    if sources is not None and not sources.is_dir():
        print(f"fout: de map met bronteksten '{sources}' bestaat niet", file=sys.stderr)
        return 2
    if not data_dir.is_dir():
        print(f"fout: de gegevensmap '{data_dir}' bestaat niet", file=sys.stderr)
        return 2
    if changed:
        return _validate_changed(data_dir, sources, output, base)
    started = time.perf_counter()
    root = data_dir.resolve().parent
    result = validate_data(data_dir, root=root, sources_dir=sources, store=ParsedStore.at(root))
    diags = result.diagnostics
    if output == "github":
        for d in diags:
            print(d.format_github())
    if diags:
        print(format_report(diags), file=sys.stderr if output == "github" else sys.stdout)
        return 1
    ds = result.dataset
    assert ds is not None
    checked = ", en elk citaat" if sources else ""
    print(
        f"in orde: {count(len(ds.documents), 'document', 'documenten')}, "
        f"{count(len(ds.measures), 'maatregel', 'maatregelen')}, "
        f"{count(len(ds.motions), 'motie', 'moties')}, "
        f"{count(len(ds.commitments), 'toezegging', 'toezeggingen')}{checked} "
        f"(gecontroleerd in {time.perf_counter() - started:.2f} s)."
    )
    return 0


def _validate_changed(data_dir: Path, sources: Path | None, output: str, base: str | None) -> int:
    """Validate everything, report the files this branch changes (see `changes`)."""
    from .editing.changes import GitError, changed_files, default_base, narrow

    started = time.perf_counter()
    root = data_dir.resolve().parent
    base = base or default_base()
    try:
        paths = changed_files(root, base)
    except GitError as exc:
        print(f"fout: {exc}; geef met --base een branch of commit die bestaat", file=sys.stderr)
        return 2
    prefix = data_dir.resolve().relative_to(root).as_posix() + "/"
    # The JSON Schemas in data/schema/ are generated, not records: `schema --check` covers them.
    data_paths = [p for p in paths if p.startswith(prefix) and not p.startswith(prefix + "schema/")]
    result = validate_data(data_dir, root=root, sources_dir=sources, store=ParsedStore.at(root))
    split = narrow(result.diagnostics, data_paths)
    if output == "github":
        for d in split.mine:
            print(d.format_github())
    out = sys.stderr if output == "github" else sys.stdout
    for d in split.mine:
        print(d.format(), file=out)
    elapsed = time.perf_counter() - started
    errors_elsewhere = [d for d in split.elsewhere if d.severity == "error"]
    if errors_elsewhere:
        print(
            f"{count(len(errors_elsewhere), 'fout', 'fouten')} in bestanden die deze wijziging "
            "niet raakt (een verwijderd of hernoemd record kan de oorzaak zijn); 'make validate' "
            "toont ze",
            file=out,
        )
    errors = sum(1 for d in split.mine if d.severity == "error") + len(errors_elsewhere)
    summary = (
        f"{count(len(data_paths), 'gewijzigd gegevensbestand', 'gewijzigde gegevensbestanden')} "
        f"sinds {base} gecontroleerd in {elapsed:.2f} s"
    )
    if errors:
        print(f"{summary}: {count(errors, 'fout', 'fouten')}.", file=out)
        return 1
    print(f"in orde: {summary}; geen fouten.")
    return 0


@cli.command("schema", help="regenerate the JSON Schemas in data/schema/")
@click.option("--out", help="output folder (default: data/schema/)")
@click.option("--check", is_flag=True, help="only report files that are out of date")
def cmd_schema(out: str | None, check: bool) -> int:
    out_dir = Path(out) if out else _project_root() / "data" / "schema"
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, text in json_schemas().items():
        target = out_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            if check:
                print(f"out of date: {target}")
            else:
                target.write_text(text, encoding="utf-8")
                print(f"wrote {target}")
            changed += 1
    if check and changed:
        print("run 'python -m monitor schema' to regenerate the JSON Schemas")
        return 1
    if not changed:
        print(f"JSON Schemas in {out_dir} are up to date")
    return 0


@cli.command("build", help="build the site atomically (a failed build keeps the old one)")
@click.option("--site-dir", help="output folder (default: site/)")
@click.option("--no-strict", is_flag=True, help="do not fail on warnings")
@click.option("-v", "--verbose", is_flag=True, help="also list every signal's record in the log")
def cmd_build(site_dir: str | None, no_strict: bool, verbose: bool) -> int:
    # Imported here: only this command needs MkDocs, the others work without it.
    from .adapter.command import build_site

    root = _project_root()
    return build_site(
        root / "mkdocs.yml",
        Path(site_dir) if site_dir else None,
        strict=not no_strict,
        verbose=verbose,
    )


@cli.command("serve", help="preview the site, rebuilt on every edit (mkdocs serve)")
@click.option(
    "--dev-addr", default=DEFAULT_ADDR, help=f"address to serve on (default: {DEFAULT_ADDR})"
)
@click.option("-v", "--verbose", is_flag=True, help="also list every signal's record on rebuild")
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    default="mkdocs.yml",
    help="default: mkdocs.yml here",
)
def cmd_serve(dev_addr: str, verbose: bool, config: Path) -> int:
    from .adapter.serve import ServeError, serve

    try:
        return serve(config, dev_addr, verbose=verbose)
    except ServeError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2


@cli.command(
    "new",
    short_help="create data/<folder>/<id>.yaml from a commented template",
    help="Create data/<folder>/<id>.yaml from a commented template. ID: the new record's id,"
    " lowercase kebab-case, e.g. pilot-weerbare-wijk.",
)
@click.argument(
    "kind", metavar="KIND", type=click.Choice(["measure", "motion", "commitment", "document"])
)
@click.argument("record_id", metavar="ID")
@click.option("--data", help=DATA_HELP)
def cmd_new(kind: str, record_id: str, data: str | None) -> int:
    from .editing.scaffold import ScaffoldError, write_new_record

    data_dir = Path(data) if data else _project_root() / "data"
    try:
        target = write_new_record(data_dir, kind, record_id)
    except ScaffoldError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    print(f"{target} geschreven: vul elk veld in en draai dan 'make validate'")
    return 0


@cli.command(
    "fmt",
    short_help="format data files in place, keeping comments and key order",
    help="Format data files in place, keeping comments and key order. FILES: the files to"
    " format (default: every file in data/).",
)
@click.argument("names", metavar="[FILES]...", nargs=-1)
@click.option("--check", is_flag=True, help="change nothing; exit 1 if any would")
def cmd_fmt(names: tuple[str, ...], check: bool) -> int:
    from .editing.fmt import data_files, format_files

    root = _project_root()
    files = [Path(f) for f in names] if names else data_files(root / "data")
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"fout: bestand bestaat niet: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    done = format_files(files, root, check=check)
    for rel in done.changed:
        print(f"zou opmaken: {rel}" if check else f"opgemaakt: {rel}")
    for problem in done.problems:
        print(problem.format(), file=sys.stderr)
    if check and done.changed:
        print(
            f"{count(len(done.changed), 'bestand', 'bestanden')} anders op te maken; "
            "draai 'make fmt'"
        )
        return 1
    if done.problems:
        return 1
    if not done.changed:
        print(f"{count(len(done.unchanged), 'bestand was', 'bestanden waren')} al opgemaakt")
    return 0


@cli.command("check-links", help="check the links and anchors of the built site")
@click.option("--site-dir", help="the built site (default: site/)")
@click.option("--external", is_flag=True, help="also check links to other sites (network)")
@click.option("--config", help=f"settings of the external check (default: {_CONFIG})")
def cmd_check_links(site_dir: str | None, external: bool, config: str | None) -> int:
    from .publish.check import (
        BROKEN,
        SKIPPED,
        UNREACHABLE,
        check_internal,
        check_site_external,
        format_external,
        is_internal,
        load_settings,
        read_site,
    )

    root = _project_root()
    site = Path(site_dir) if site_dir else root / "site"
    if not (site / "index.html").is_file():
        print(f"error: no built site in '{site}'; run 'make site' first", file=sys.stderr)
        return 2
    name = site.name
    from .adapter.command import site_path

    pages = read_site(site)
    links = sum(1 for p in pages.values() for link in p.links if is_internal(link.url))
    problems = check_internal(site, pages, base=site_path(root / "mkdocs.yml"))
    for problem in problems:
        print(problem.format(name))
    status = 1 if problems else 0
    print(
        f"internal: {len(pages)} pages, {links} links and anchors in the site checked, "
        f"{len(problems)} broken."
    )
    if external:
        try:
            settings = load_settings(Path(config) if config else root / _CONFIG)
        except (OSError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        report = check_site_external(site, settings, root / settings.cache_file, pages)
        for line in format_external(report, name):
            print(line)
        counts = {k: len(report.of(k)) for k in ("ok", BROKEN, UNREACHABLE, SKIPPED)}
        cached = sum(1 for r in report.results.values() if r.cached)
        print(
            f"external: {len(report.results)} links: {counts['ok']} working, "
            f"{counts[BROKEN]} broken, {counts[UNREACHABLE]} unreachable, "
            f"{counts[SKIPPED]} skipped ({cached} from the cache)."
        )
        if report.outage:
            print(
                "warning: no external link could be reached; the network seems to be down. "
                "Nothing was judged broken; run the check again later."
            )
        if report.failed:
            status = 1
    return status


@cli.command(
    "intake",
    short_help="propose status updates and new records from a new letter",
    help="Propose status updates and new records from a new letter (TEXT: the letter as plain"
    " text or Markdown); nothing is written without --apply.",
)
@click.argument("text")
@click.option("--document", required=True, help="its id in data/documents/ (make new first)")
@click.option("--json", "as_json", is_flag=True, help="print the proposals as a JSON list")
@click.option("--apply", is_flag=True, help="write the proposals into data/")
@click.option("--only", help="with --apply or --json: proposal numbers, e.g. '1,4-6'")
@click.option("--min-score", type=float, default=0.0, help="leave out lower scores")
@click.option(
    "--as-new",
    is_flag=True,
    help="ignore what the data already says from this document (for evaluation)",
)
@click.option("--data", help=DATA_HELP)
def cmd_intake(
    text: str,
    document: str,
    as_json: bool,
    apply: bool,
    only: str | None,
    min_score: float,
    as_new: bool,
    data: str | None,
) -> int:
    import json

    from .editing.intake import format_report, propose, select
    from .editing.intake_apply import ApplyError, apply_proposals

    data_dir = Path(data) if data else _project_root() / "data"
    text_file = Path(text)
    if not text_file.is_file():
        print(f"error: no such text file: '{text_file}'", file=sys.stderr)
        return 2
    if apply and as_new:
        print(
            "error: --as-new is for evaluation; it cannot be combined with --apply", file=sys.stderr
        )
        return 2
    try:
        letter = text_file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        print(f"error: '{text_file}' is not UTF-8 text; save it as UTF-8", file=sys.stderr)
        return 2
    root = data_dir.resolve().parent
    validated = validate_data(data_dir, root=root, store=ParsedStore.at(root))
    dataset = validated.records
    if document not in dataset.documents:
        print(
            f"error: no valid document '{document}' in {data_dir}/documents; make it first "
            f"with 'make new KIND=document ID={document}' and fill it in ('make validate')",
            file=sys.stderr,
        )
        return 2
    result = propose(letter, document, dataset, as_new=as_new)
    try:
        chosen = select(result.proposals, only, min_score)
    except ValueError as exc:
        print(f"error: --only: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps([p.as_json() for p in chosen], ensure_ascii=False, indent=2))
    elif not apply:
        print("\n".join(format_report(result)))
    if not apply:
        return 0
    used = set(dataset.measures) | set(dataset.motions) | set(dataset.commitments)
    used |= {i for g in ("measures", "motions", "commitments") for i in validated.records_ids(g)}
    try:
        done = apply_proposals(chosen, data_dir, document, used)
    except ApplyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in done.changed:
        print(f"updated {path}")
    for path in done.created:
        print(f"wrote {path}")
    print(
        f"{len(done.changed)} status entr(y/ies) added, {len(done.created)} new file(s); "
        "run 'make validate' for what is left to fill in (TODO)"
    )
    return 0


@cli.command("intake-eval", help="precision and recall of intake on the source texts")
@click.option("--sources", default="../shared/seeds", help="folder with the source texts")
def cmd_intake_eval(sources: str) -> int:
    """Precision and recall of intake --as-new on every source text (see intake_eval)."""
    from .editing.intake_eval import evaluate, format_scores

    root = _project_root()
    sources_dir = Path(sources)
    if not sources_dir.is_dir():
        print(f"error: sources folder '{sources_dir}' does not exist", file=sys.stderr)
        return 2
    dataset = validate_data(root / "data", root=root, store=ParsedStore.at(root)).records
    scores = evaluate(dataset, sources_dir)
    print("\n".join(format_scores(scores)))
    return 0


@cli.command(
    "release",
    short_help="check, tag vX.Y.Z and build a release (see README, Releasing)",
    help="Check, tag vX.Y.Z and build a release (see README, Releasing); nothing is pushed."
    " VERSION: the new version, X.Y.Z (e.g. 1.0.0).",
)
@click.argument("version")
@click.option("--sources", help=SOURCES_HELP)
@click.option(
    "--check",
    "checks",
    multiple=True,
    metavar="COMMAND",
    help="a command to run on the built site before the release counts (e.g. 'make "
    "linkcheck'); repeatable",
)
def cmd_release(version: str, sources: str | None, checks: tuple[str, ...]) -> int:
    from .adapter.command import build_site
    from .data.history import GitUnavailable
    from .publish.release import ReleaseError, ReleasePlan, make_release

    root = _project_root()
    plan = ReleasePlan(
        root=root,
        version=version,
        sources=Path(sources) if sources else None,
        checks=checks,
    )
    if plan.sources is None:
        print("note: --sources not given: quotes are not checked against the source texts")
    try:
        make_release(plan, build=lambda config: build_site(config, strict=True))
    except (ReleaseError, GitUnavailable) as exc:
        print(f"error: release stopped: {exc}", file=sys.stderr)
        return 1
    return 0


@cli.command(
    "coverage",
    short_help="the paragraphs of the source texts and the records citing them",
    help="Every paragraph of every source text and the records that cite it.",
)
@click.option("--sources", required=True, help="folder with the source texts")
@click.option("--data", help=DATA_HELP)
@click.option("--open", "only_open", is_flag=True, help="list only paragraphs still open")
@click.option("--check", is_flag=True, help="exit 1 if any paragraph is open")
def cmd_coverage(sources: str, data: str | None, only_open: bool, check: bool) -> int:
    from .data.coverage import build_coverage, format_coverage

    root = _project_root()
    data_dir = Path(data) if data else root / "data"
    sources_dir = Path(sources)
    if not sources_dir.is_dir() or not data_dir.is_dir():
        missing = sources_dir if not sources_dir.is_dir() else data_dir
        print(f"error: folder '{missing}' does not exist", file=sys.stderr)
        return 2
    root = data_dir.resolve().parent
    result = validate_data(data_dir, root=root, sources_dir=sources_dir, store=ParsedStore.at(root))
    if result.dataset is None:
        print(format_report(result.diagnostics))
        return 1
    coverage = build_coverage(result.dataset, sources_dir)
    print(format_coverage(coverage, only_open=only_open))
    return 1 if check and coverage.totals()["open"] else 0


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code. A usage error is printed as click prints it (exit 2)."""
    try:
        code: Any = cli.main(args=argv, prog_name="python -m monitor", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        print("afgebroken", file=sys.stderr)
        return 1
    return int(code or 0)
