"""`make serve` (`python -m monitor serve`): mkdocs serve with its preview site in memory where
there is room, and an edit in data/ shown after a rebuild."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import VALID_FILES, write_site
from monitor.cli import MEMORY_NEEDED, preview_temp_dir


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
