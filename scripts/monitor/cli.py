"""Command line: `python -m monitor validate | schema | build | release | new | fmt | check-links
| intake | intake-eval | coverage`.

Argument parsing and exit codes only; the work is done by the stages, the same functions the
site build calls (as Datasette's command line calls what its server uses).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .diagnostics import count, format_report
from .schema import json_schemas
from .serve import DEFAULT_ADDR
from .validate import validate_data


def _project_root() -> Path:
    """The folder with mkdocs.yml above the working directory, else the working directory."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


def cmd_validate(args: argparse.Namespace) -> int:
    root = _project_root()
    data_dir = Path(args.data) if args.data else root / "data"
    sources = Path(args.sources) if args.sources else None
    if sources is not None and not sources.is_dir():
        print(f"fout: de map met bronteksten '{sources}' bestaat niet", file=sys.stderr)
        return 2
    if not data_dir.is_dir():
        print(f"fout: de gegevensmap '{data_dir}' bestaat niet", file=sys.stderr)
        return 2
    if args.changed:
        return _validate_changed(args, data_dir, sources)
    started = time.perf_counter()
    result = validate_data(data_dir, root=data_dir.resolve().parent, sources_dir=sources)
    diags = result.diagnostics
    if args.format == "github":
        for d in diags:
            print(d.format_github())
    if diags:
        print(format_report(diags), file=sys.stderr if args.format == "github" else sys.stdout)
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


def _validate_changed(args: argparse.Namespace, data_dir: Path, sources: Path | None) -> int:
    """Validate everything, report the files this branch changes (see `changes`)."""
    from .changes import GitError, changed_files, default_base, narrow

    started = time.perf_counter()
    root = data_dir.resolve().parent
    base = args.base or default_base()
    try:
        paths = changed_files(root, base)
    except GitError as exc:
        print(f"fout: {exc}; geef met --base een branch of commit die bestaat", file=sys.stderr)
        return 2
    prefix = data_dir.resolve().relative_to(root).as_posix() + "/"
    # The JSON Schemas in data/schema/ are generated, not records: `schema --check` covers them.
    data_paths = [p for p in paths if p.startswith(prefix) and not p.startswith(prefix + "schema/")]
    result = validate_data(data_dir, root=root, sources_dir=sources)
    split = narrow(result.diagnostics, data_paths)
    if args.format == "github":
        for d in split.mine:
            print(d.format_github())
    out = sys.stderr if args.format == "github" else sys.stdout
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


def cmd_schema(args: argparse.Namespace) -> int:
    out_dir = Path(args.out) if args.out else _project_root() / "data" / "schema"
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, text in json_schemas().items():
        target = out_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            if args.check:
                print(f"out of date: {target}")
            else:
                target.write_text(text, encoding="utf-8")
                print(f"wrote {target}")
            changed += 1
    if args.check and changed:
        print("run 'python -m monitor schema' to regenerate the JSON Schemas")
        return 1
    if not changed:
        print(f"JSON Schemas in {out_dir} are up to date")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    # Imported here: only this command needs MkDocs, the others work without it.
    from .adapter import build_site

    root = _project_root()
    return build_site(
        root / "mkdocs.yml",
        Path(args.site_dir) if args.site_dir else None,
        strict=not args.no_strict,
        verbose=args.verbose,
    )


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import ServeError, serve

    try:
        return serve(args.config, args.dev_addr, verbose=args.verbose)
    except ServeError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, write_new_record

    data_dir = Path(args.data) if args.data else _project_root() / "data"
    try:
        target = write_new_record(data_dir, args.kind, args.id)
    except ScaffoldError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    print(f"{target} geschreven: vul elk veld in en draai dan 'make validate'")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    from .fmt import data_files, format_files

    root = _project_root()
    files = [Path(f) for f in args.files] if args.files else data_files(root / "data")
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"fout: bestand bestaat niet: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    done = format_files(files, root, check=args.check)
    for rel in done.changed:
        print(f"zou opmaken: {rel}" if args.check else f"opgemaakt: {rel}")
    for problem in done.problems:
        print(problem.format(), file=sys.stderr)
    if args.check and done.changed:
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


def cmd_check_links(args: argparse.Namespace) -> int:
    from .check import (
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
    site_dir = Path(args.site_dir) if args.site_dir else root / "site"
    if not (site_dir / "index.html").is_file():
        print(f"error: no built site in '{site_dir}'; run 'make site' first", file=sys.stderr)
        return 2
    name = site_dir.name
    from .adapter import site_path

    pages = read_site(site_dir)
    links = sum(1 for p in pages.values() for link in p.links if is_internal(link.url))
    problems = check_internal(site_dir, pages, base=site_path(root / "mkdocs.yml"))
    for problem in problems:
        print(problem.format(name))
    status = 1 if problems else 0
    print(
        f"internal: {len(pages)} pages, {links} links and anchors in the site checked, "
        f"{len(problems)} broken."
    )
    if args.external:
        try:
            settings = load_settings(Path(args.config) if args.config else root / _CONFIG)
        except (OSError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        report = check_site_external(site_dir, settings, root / settings.cache_file, pages)
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


_CONFIG = "scripts/monitor/linkcheck.toml"


def cmd_intake(args: argparse.Namespace) -> int:
    """Propose what the data should say about a new letter; write it only with --apply."""
    import json

    from .intake import format_report, propose, select
    from .intake_apply import ApplyError, apply_proposals

    data_dir = Path(args.data) if args.data else _project_root() / "data"
    text_file = Path(args.text)
    if not text_file.is_file():
        print(f"error: no such text file: '{text_file}'", file=sys.stderr)
        return 2
    if args.apply and args.as_new:
        print(
            "error: --as-new is for evaluation; it cannot be combined with --apply", file=sys.stderr
        )
        return 2
    try:
        text = text_file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        print(f"error: '{text_file}' is not UTF-8 text; save it as UTF-8", file=sys.stderr)
        return 2
    validated = validate_data(data_dir, root=data_dir.resolve().parent)
    dataset = validated.records
    if args.document not in dataset.documents:
        print(
            f"error: no valid document '{args.document}' in {data_dir}/documents; make it first "
            f"with 'make new KIND=document ID={args.document}' and fill it in ('make validate')",
            file=sys.stderr,
        )
        return 2
    result = propose(text, args.document, dataset, as_new=args.as_new)
    try:
        chosen = select(result.proposals, args.only, args.min_score)
    except ValueError as exc:
        print(f"error: --only: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([p.as_json() for p in chosen], ensure_ascii=False, indent=2))
    elif not args.apply:
        print("\n".join(format_report(result)))
    if not args.apply:
        return 0
    used = set(dataset.measures) | set(dataset.motions) | set(dataset.commitments)
    used |= {i for g in ("measures", "motions", "commitments") for i in validated.records_ids(g)}
    try:
        done = apply_proposals(chosen, data_dir, args.document, used)
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


def cmd_intake_eval(args: argparse.Namespace) -> int:
    """Precision and recall of intake --as-new on every source text (see intake_eval)."""
    from .intake_eval import evaluate, format_scores

    root = _project_root()
    sources = Path(args.sources)
    if not sources.is_dir():
        print(f"error: sources folder '{sources}' does not exist", file=sys.stderr)
        return 2
    dataset = validate_data(root / "data", root=root).records
    scores = evaluate(dataset, sources)
    print("\n".join(format_scores(scores)))
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from .adapter import build_site
    from .history import GitUnavailable
    from .release import ReleaseError, ReleasePlan, make_release

    root = _project_root()
    plan = ReleasePlan(
        root=root,
        version=args.version,
        sources=Path(args.sources) if args.sources else None,
        checks=tuple(args.check or ()),
    )
    if plan.sources is None:
        print("note: --sources not given: quotes are not checked against the source texts")
    try:
        make_release(plan, build=lambda config: build_site(config, strict=True))
    except (ReleaseError, GitUnavailable) as exc:
        print(f"error: release stopped: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from .coverage import build_coverage, format_coverage

    root = _project_root()
    data_dir = Path(args.data) if args.data else root / "data"
    sources = Path(args.sources)
    if not sources.is_dir() or not data_dir.is_dir():
        missing = sources if not sources.is_dir() else data_dir
        print(f"error: folder '{missing}' does not exist", file=sys.stderr)
        return 2
    result = validate_data(data_dir, root=data_dir.resolve().parent, sources_dir=sources)
    if result.dataset is None:
        print(format_report(result.diagnostics))
        return 1
    coverage = build_coverage(result.dataset, sources)
    print(format_coverage(coverage, only_open=args.open))
    return 1 if args.check and coverage.totals()["open"] else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m monitor",
        description="Monitor aanpak ondermijnende criminaliteit: data tools.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check every data file; exit 1 on errors (no build)")
    v.add_argument("--data", help="data folder (default: data/ beside mkdocs.yml)")
    v.add_argument("--sources", help="folder with the source texts: also check every quote")
    v.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="'github' also prints GitHub Actions annotations",
    )
    v.add_argument(
        "--changed",
        action="store_true",
        help="report only the data files changed since --base (and uncommitted ones)",
    )
    v.add_argument(
        "--base", help="with --changed: branch or commit to compare with (default: main)"
    )
    v.set_defaults(func=cmd_validate)
    s = sub.add_parser("schema", help="regenerate the JSON Schemas in data/schema/")
    s.add_argument("--out", help="output folder (default: data/schema/)")
    s.add_argument("--check", action="store_true", help="only report files that are out of date")
    s.set_defaults(func=cmd_schema)
    b = sub.add_parser("build", help="build the site atomically (a failed build keeps the old one)")
    b.add_argument("--site-dir", help="output folder (default: site/)")
    b.add_argument("--no-strict", action="store_true", help="do not fail on warnings")
    b.add_argument(
        "-v", "--verbose", action="store_true", help="also list every signal's record in the log"
    )
    b.set_defaults(func=cmd_build)
    sv = sub.add_parser("serve", help="preview the site, rebuilt on every edit (mkdocs serve)")
    sv.add_argument(
        "--dev-addr", default=DEFAULT_ADDR, help=f"address to serve on (default: {DEFAULT_ADDR})"
    )
    sv.add_argument(
        "-v", "--verbose", action="store_true", help="also list every signal's record on rebuild"
    )
    sv.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml here"
    )
    sv.set_defaults(func=cmd_serve)
    n = sub.add_parser("new", help="create data/<folder>/<id>.yaml from a commented template")
    n.add_argument("kind", choices=["measure", "motion", "commitment", "document"])
    n.add_argument("id", help="the new record's id: lowercase kebab-case, e.g. pilot-weerbare-wijk")
    n.add_argument("--data", help="data folder (default: data/ beside mkdocs.yml)")
    n.set_defaults(func=cmd_new)
    f = sub.add_parser("fmt", help="format data files in place, keeping comments and key order")
    f.add_argument("files", nargs="*", help="files to format (default: every file in data/)")
    f.add_argument("--check", action="store_true", help="change nothing; exit 1 if any would")
    f.set_defaults(func=cmd_fmt)
    c = sub.add_parser("check-links", help="check the links and anchors of the built site")
    c.add_argument("--site-dir", help="the built site (default: site/)")
    c.add_argument(
        "--external", action="store_true", help="also check links to other sites (network)"
    )
    c.add_argument("--config", help=f"settings of the external check (default: {_CONFIG})")
    c.set_defaults(func=cmd_check_links)
    cv = sub.add_parser(
        "coverage", help="every paragraph of every source text and the records that cite it"
    )
    cv.add_argument("--sources", required=True, help="folder with the source texts")
    cv.add_argument("--data", help="data folder (default: data/ beside mkdocs.yml)")
    cv.add_argument("--open", action="store_true", help="list only paragraphs still open")
    cv.add_argument("--check", action="store_true", help="exit 1 if any paragraph is open")
    cv.set_defaults(func=cmd_coverage)
    r = sub.add_parser(
        "release",
        help="check, tag vX.Y.Z and build a release (see README, Releasing); nothing is pushed",
    )
    r.add_argument("version", help="the new version, X.Y.Z (e.g. 1.0.0)")
    r.add_argument("--sources", help="folder with the source texts: also check every quote")
    r.add_argument(
        "--check",
        action="append",
        metavar="COMMAND",
        help="a command to run on the built site before the release counts (e.g. 'make "
        "linkcheck'); repeatable",
    )
    r.set_defaults(func=cmd_release)
    i = sub.add_parser("intake", help="propose status updates and new records from a new letter")
    i.add_argument("text", help="the letter as plain text or Markdown")
    i.add_argument("--document", required=True, help="its id in data/documents/ (make new first)")
    i.add_argument("--json", action="store_true", help="print the proposals as a JSON list")
    i.add_argument("--apply", action="store_true", help="write the proposals into data/")
    i.add_argument("--only", help="with --apply or --json: proposal numbers, e.g. '1,4-6'")
    i.add_argument("--min-score", type=float, default=0.0, help="leave out lower scores")
    i.add_argument(
        "--as-new",
        action="store_true",
        help="ignore what the data already says from this document (for evaluation)",
    )
    i.add_argument("--data", help="data folder (default: data/ beside mkdocs.yml)")
    i.set_defaults(func=cmd_intake)
    e = sub.add_parser("intake-eval", help="precision and recall of intake on the source texts")
    e.add_argument("--sources", default="../shared/seeds", help="folder with the source texts")
    e.set_defaults(func=cmd_intake_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
