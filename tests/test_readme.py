"""README.md and the Makefile stay true to each other and to the tool: the make targets README
names are the Makefile's documented ones, its commands work as written (outside the virtual
environment too), its example error is what `validate` prints, and a missing system tool is
named with the command that installs it, also for a user who is not root."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, VALID_FILES, write_tree

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_make_targets_are_what_the_readme_tells_people_to_run() -> None:
    documented = set(re.findall(r"^([a-z][a-z-]*):.*##", MAKEFILE, flags=re.M))
    named = set(re.findall(r"make ([a-z][a-z-]*)", README))
    assert named <= set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, flags=re.M)), named
    assert documented - {"install"} <= named, documented - named
    assert "validate-changed" in named


def test_monitor_commands_in_the_readme_name_the_environment() -> None:
    """A bare `python -m monitor` fails outside .venv ("No module named monitor")."""
    for match in re.finditer(r"python -m monitor", README):
        before = README[match.start() - 10 : match.start()]
        assert before.endswith((".venv/bin/", "uv run ")), README[match.start() - 30 : match.end()]


def test_the_readme_example_error_is_what_validate_prints(tmp_path: Path) -> None:
    """The example line in README, made by running validate on a measure `x` with a misspelt
    status, against the real statuses of data/statuses.yaml."""
    shown = next(line for line in README.splitlines() if ": fout E" in line)
    measure = VALID_FILES["data/measures/pilot-weerbare-wijken.yaml"]
    measure = measure.replace("id: pilot-weerbare-wijken", "id: x")
    # A record of its own quote (two records on one quote would be E308).
    measure = measure.replace("pilot weerbare wijken in drie", "pilot x in drie", 1)
    measure = measure.replace("- status: in-uitvoering", "- status: gerealiseert")
    files = {**VALID_FILES, "data/measures/x.yaml": measure}
    files["data/statuses.yaml"] = (ROOT / "data/statuses.yaml").read_text(encoding="utf-8")
    files = {
        path: text.replace("status: open", "status: onbekend")
        .replace("status: in-uitvoering", "status: ingediend")
        .replace("status: aangekondigd", "status: aangekondigd")
        if path.startswith("data/motions/") or path.startswith("data/commitments/")
        else text
        for path, text in files.items()
    }
    root = write_tree(tmp_path, files)
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "validate", "--data", "data"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    printed = [line for line in done.stdout.splitlines() if line.startswith("data/")]
    assert printed == [shown], f"README should show: {printed}"


def test_the_error_codes_page_shows_what_validate_prints(project) -> None:
    """The example on the page Foutcodes is a line the tool prints."""
    from monitor.data.validate import validate_data

    page = (ROOT / "scripts/monitor/templates/error_codes.md.j2").read_text(encoding="utf-8")
    shown = next(line for line in page.splitlines() if ": fout E" in line)
    measure = "data/measures/pilot-weerbare-wijken.yaml"
    text = VALID_FILES[measure].replace("kind: pilot", "kind: maatregl")
    root = project(
        {"data/measures/voorbeeld.yaml": text.replace("id: pilot-weerbare-wijken", "id: voorbeeld")}
    )
    (diag,) = validate_data(root / "data", root=root).diagnostics
    assert diag.format() == shown


NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def as_user(cmd: list[str], path: str) -> subprocess.CompletedProcess[str]:
    """`cmd` as a user who is not root (nobody, when the tests run as root)."""
    prefix = NOBODY if os.geteuid() == 0 else []
    env = {"PATH": path, "HOME": "/"}
    return subprocess.run(
        prefix + cmd, cwd="/", env=env, capture_output=True, text=True, timeout=60
    )


def test_a_missing_tool_is_named_with_the_command_that_installs_it(tmp_path: Path) -> None:
    """Without root, apt-get is not run (its refusal says nothing useful): the message says
    what to install and how."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ran = tmp_path / "apt-get-ran"
    fake = bin_dir / "apt-get"
    fake.write_text(f"#!/bin/sh\ntouch {ran}\nexit 100\n")
    fake.chmod(0o755)
    tmp_path.chmod(0o755)
    path = f"{bin_dir}:/usr/bin:/bin"
    script = str(ROOT / "scripts/need-tools.sh")
    done = as_user(["sh", script, "/nonexistent/chromium=chromium", "no-such-npm=npm"], path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "ontbreekt: chromium npm (nodig voor de browsertests).",
        "Installeer het als beheerder: sudo apt-get install chromium npm",
    ]
    assert not ran.exists()
    # Present tools: nothing to say.
    assert as_user(["sh", script, "sh=dash", f"{shutil.which('make')}=make"], path).stderr == ""


def test_make_browsers_as_a_user_who_is_not_root_says_what_to_install() -> None:
    make = ["make", "-s", "-C", str(ROOT), "-o", "tests/browser/node_modules/.package-lock.json"]
    done = as_user(
        [*make, "browsers", "BROWSER_TOOLS=/nonexistent/chromium=chromium"], "/usr/bin:/bin"
    )
    assert done.returncode != 0
    assert "sudo apt-get install chromium" in done.stderr
    assert "Permission denied" not in done.stderr and "are you root" not in done.stderr
