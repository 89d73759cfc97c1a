"""The contributing guide (content/bijdragen/index.md) stays true: the commands it tells editors
to run exist, and the error it shows is the one a new template really gives."""

from __future__ import annotations

import re

from conftest import ROOT
from monitor.cli import cli
from monitor.data.validate import validate_data
from monitor.editing.scaffold import write_new_record

GUIDE = (ROOT / "content" / "bijdragen" / "index.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def test_every_make_target_in_the_guide_exists() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, flags=re.M))
    used = set(re.findall(r"`make ([a-z-]+)", GUIDE))
    assert used, "the guide names make targets"
    assert used <= targets, used - targets


def test_every_monitor_command_in_the_guide_exists() -> None:
    used = set(re.findall(r"python -m monitor ([a-z-]+)", GUIDE))
    assert used <= set(cli.commands), used - set(cli.commands)


def test_the_error_shown_in_the_guide_is_what_a_new_template_gives(project) -> None:
    root = project()
    write_new_record(root / "data", "measure", "pilot-weerbare-wijken-2")
    shown = next(line for line in GUIDE.splitlines() if ": fout E206: source.quote" in line)
    result = validate_data(root / "data", root=root)
    actual = [d.format() for d in result.diagnostics if "source.quote" in d.message]
    assert actual == [shown.replace("pilot-weerbare-wijken", "pilot-weerbare-wijken-2")]
