"""Command line: `python -m monitor validate | schema | build | release`.

Argument parsing and exit codes only; the work is done by the stages, the same functions the
site build calls (as Datasette's command line calls what its server uses).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import format_report
from .schema import json_schemas
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
        print(f"error: sources folder '{sources}' does not exist", file=sys.stderr)
        return 2
    if not data_dir.is_dir():
        print(f"error: data folder '{data_dir}' does not exist", file=sys.stderr)
        return 2
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
    checked = " and every quote" if sources else ""
    print(
        f"ok: {len(ds.documents)} documents, {len(ds.measures)} measures, "
        f"{len(ds.motions)} motions, {len(ds.commitments)} commitments{checked} valid."
    )
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
    )


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
    v.set_defaults(func=cmd_validate)
    s = sub.add_parser("schema", help="regenerate the JSON Schemas in data/schema/")
    s.add_argument("--out", help="output folder (default: data/schema/)")
    s.add_argument("--check", action="store_true", help="only report files that are out of date")
    s.set_defaults(func=cmd_schema)
    b = sub.add_parser("build", help="build the site atomically (a failed build keeps the old one)")
    b.add_argument("--site-dir", help="output folder (default: site/)")
    b.add_argument("--no-strict", action="store_true", help="do not fail on warnings")
    b.set_defaults(func=cmd_build)
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
