"""Adapter, command part: `mkdocs build` run as a child process, checked, and swapped into place.

`build_site` is what `python -m monitor build` and `release` run: MkDocs builds into a fresh folder,
the internal link check (`check.check_internal`) reads the result, and only a build that passed
replaces the previous site. A failed build leaves the old site as it was, never half-written.
`site_path` reads where the site lives on its server from mkdocs.yml, as MkDocs reads it.
No event handlers here and no logic about the data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.utils.yaml import yaml_load

from ..publish.check import check_internal


def site_path(config_file: Path) -> str:
    """The site's path on its server, from `site_url` ('/' when it is not set): where the
    absolute links MkDocs writes (on the 404 page) start."""
    try:
        with config_file.open("rb") as stream:
            config = yaml_load(stream)  # MkDocs' own reading: !ENV SITE_URL resolved
    except OSError:
        return "/"
    url = config.get("site_url") if isinstance(config, dict) else None
    return (urlsplit(url).path or "/") if isinstance(url, str) else "/"


def build_site(
    config_file: Path, site_dir: Path | None = None, strict: bool = True, verbose: bool = False
) -> int:
    """Build with MkDocs into a fresh folder beside `site_dir`, and move it into place only when
    the build succeeded: a failed build leaves the previous site as it was, never half-written.

    Strict also means no broken link or anchor anywhere in the built site, generated pages
    included: MkDocs checks only links between Markdown files, so the finished folder goes
    through the link check (`check.check_internal`) before it replaces the old site. The build
    date (SOURCE_DATE_EPOCH) is the plugin's business, so plain `mkdocs build` is the same."""
    root = config_file.resolve().parent
    target = (site_dir or root / "site").resolve()
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        cmd = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--config-file",
            str(config_file),
            "--site-dir",
            str(staging),
        ]
        if strict:
            cmd.append("--strict")
        if verbose:
            cmd.append("--verbose")
        done = subprocess.run(cmd, cwd=root, env=env)
        if done.returncode != 0:
            print(f"De bouw is mislukt; {target} is gebleven zoals het was.", file=sys.stderr)
            return done.returncode
        if strict:
            problems = check_internal(staging, base=site_path(config_file))
            for problem in problems:
                print(problem.format(target.name), file=sys.stderr)
            if problems:
                print(
                    f"De bouw is mislukt: {len(problems)} kapotte link(s) of anker(s) in de "
                    f"gebouwde site; {target} is gebleven zoals het was.",
                    file=sys.stderr,
                )
                return 1
        old = target.with_name(f".{target.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
