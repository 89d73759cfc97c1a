"""`make serve` (`python -m monitor serve`): mkdocs serve with its preview site in memory where
there is room, an edit in data/ shown after a rebuild, and every way of stopping it stopping all
of it: the server gone, the port free, the preview folder removed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, VALID_FILES, write_site
from monitor.adapter.serve import MEMORY_NEEDED, preview_temp_dir


def test_an_explicit_tmpdir_wins(tmp_path: Path) -> None:
    assert preview_temp_dir({"TMPDIR": "/elders"}, memory=tmp_path) == "/elders"


def test_memory_is_used_when_it_has_room(tmp_path: Path, monkeypatch) -> None:
    import shutil

    free = {"room": MEMORY_NEEDED}
    real = shutil.disk_usage

    def usage(path):  # the disk under tmp_path, with as much free as the test says
        return real(path)._replace(free=free["room"])

    monkeypatch.setattr(shutil, "disk_usage", usage)
    assert preview_temp_dir({}, memory=tmp_path) == str(tmp_path)
    free["room"] = MEMORY_NEEDED - 1
    assert preview_temp_dir({}, memory=tmp_path) is None
    assert preview_temp_dir({}, memory=tmp_path / "missing") is None


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


@pytest.mark.build
def test_serve_shows_an_edit_in_data(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site-project", VALID_FILES)
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/maatregelen/pilot-weerbare-wijken/"
    measure = root / "data/measures/pilot-weerbare-wijken.yaml"
    try:
        deadline = time.monotonic() + 120
        while (page := _get(url)) is None:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "mkdocs serve did not start"
            time.sleep(0.2)
        assert "Pilot weerbare wijken" in page
        measure.write_text(
            measure.read_text(encoding="utf-8").replace(
                "title: Pilot weerbare wijken", "title: Pilot sterke wijken"
            ),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 60
        while "Pilot sterke wijken" not in (_get(url) or ""):
            assert time.monotonic() < deadline, "the edit did not show"
            time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


# --- stopping ------------------------------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from /proc (children before grandchildren)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(0), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="module")
def served_project(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("serve") / "project", VALID_FILES)


def _mkdocs_of(top: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for pid in _descendants(top):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"mkdocs" in cmdline and b"serve" in cmdline:
                return pid
        time.sleep(0.1)
    raise AssertionError("no mkdocs serve process below the wrapper")


WAYS = ["sigterm-to-wrapper", "sigint-to-wrapper", "sigterm-to-mkdocs", "ctrl-c", "sigterm-to-make"]


@pytest.mark.build
@pytest.mark.parametrize("way", WAYS)
def test_every_way_of_stopping_serve_stops_the_server_frees_the_port_and_removes_the_preview(
    served_project: Path, tmp_path: Path, way: str
) -> None:
    port = _port()
    temp = tmp_path / "tmp"  # the wrapper makes its preview folder in $TMPDIR
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "NO_MKDOCS_2_WARNING": "1"}
    if way == "sigterm-to-make":
        # The Makefile's own recipe; `-o install` as the environment is installed already.
        cmd = ["make", "-s", "-f", str(ROOT / "Makefile"), "-o", "install", "serve"]
        cmd += [f"PORT={port}", f"PY={sys.executable}"]
    else:
        cmd = [sys.executable, "-m", "monitor", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    # A session of its own, as a terminal gives a command: Ctrl-C is SIGINT to its group.
    proc = subprocess.Popen(
        cmd,
        cwd=served_project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while _get(f"http://127.0.0.1:{port}/") is None:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "mkdocs serve did not start"
            time.sleep(0.2)
        server = _mkdocs_of(proc.pid)
        everything = _descendants(proc.pid)
        assert any(temp.iterdir()), "the preview is not in the wrapper's folder"
        target = {
            "sigterm-to-wrapper": lambda: os.kill(proc.pid, signal.SIGTERM),
            "sigint-to-wrapper": lambda: os.kill(proc.pid, signal.SIGINT),
            "sigterm-to-mkdocs": lambda: os.kill(server, signal.SIGTERM),
            "ctrl-c": lambda: os.killpg(proc.pid, signal.SIGINT),
            "sigterm-to-make": lambda: os.kill(proc.pid, signal.SIGTERM),
        }[way]
        target()
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in everything):
            assert time.monotonic() < deadline, [p for p in everything if _alive(p)]
            time.sleep(0.1)
        proc.wait(timeout=30)
        assert _port_free(port)
        assert list(temp.iterdir()) == []
        err = proc.stderr.read().decode() if proc.stderr else ""
        assert "Traceback" not in err, err
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for pid in _descendants(proc.pid):
            os.kill(pid, signal.SIGKILL)
        if proc.stderr:
            proc.stderr.close()


def test_a_port_in_use_is_one_line_naming_it_and_how_to_choose_another(
    served_project: Path,
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "monitor", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=served_project,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"fout: poort {port} op 127.0.0.1 is al in gebruik")
    assert f"make serve PORT={port + 1}" in lines[0]
