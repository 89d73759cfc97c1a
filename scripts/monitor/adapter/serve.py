"""Serve: `mkdocs serve` as a child this process owns, so that any way of stopping it stops all.

The preview site goes into a folder made here (in memory, /dev/shm, where there is room: a
rebuild writes the whole site again, a second of a 3 s rebuild at 1,000 records on disk) and
removed here, however the server ends: SIGTERM or SIGINT to this process or to the server, Ctrl-C
(SIGINT to the whole process group), or the parent going away (`make` stopped by SIGTERM). The
server runs in a process group of its own, with everything it starts, and is stopped as a group;
if this process is killed outright, the kernel stops the server too (Linux's parent-death
signal). A port in use is one line naming it and how to choose another, not a traceback.
This module starts processes; it knows nothing of the data.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType

MEMORY_DIR = Path("/dev/shm")
MEMORY_NEEDED = 2 << 30
DEFAULT_ADDR = "127.0.0.1:8000"
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class ServeError(Exception):
    """The server cannot start; the message says why and what to do."""


def preview_temp_dir(environ: dict[str, str], memory: Path = MEMORY_DIR) -> str | None:
    """The folder for the preview site's folder: $TMPDIR when set, else a memory-backed
    folder with room to spare, else None (the system's temporary folder)."""
    if environ.get("TMPDIR"):
        return environ["TMPDIR"]
    try:
        usage = shutil.disk_usage(memory)
    except OSError:
        return None
    if usage.free >= MEMORY_NEEDED and os.access(memory, os.W_OK):
        return str(memory)
    return None


def split_addr(addr: str) -> tuple[str, int]:
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ServeError(
            f"'{addr}' is geen adres met poort; schrijf bijvoorbeeld --dev-addr 127.0.0.1:8001"
        )
    return host, int(port)


def check_port(host: str, port: int) -> None:
    """Refuse a port another program listens on, before MkDocs fails on it with a traceback."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            other = port + 1
            raise ServeError(
                f"poort {port} op {host} is al in gebruik ({exc.strerror}): draait er nog een "
                f"preview? Stop die, of kies een andere poort: make serve PORT={other} (of "
                f"python -m monitor serve --dev-addr {host}:{other})"
            ) from None


def _stop_with_parent() -> None:
    """In the child, before it runs: the kernel sends it SIGTERM when this process dies, even
    by SIGKILL (Linux; elsewhere the polling in `serve` is what is left)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve(config: Path, addr: str = DEFAULT_ADDR, verbose: bool = False) -> int:
    """Run `mkdocs serve` until it ends or this process is asked to stop; return its exit code
    (0 when stopped on request). The port is free and the preview folder gone on return."""
    host, port = split_addr(addr)
    check_port(host, port)
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    preview = tempfile.mkdtemp(prefix="monitor-serve-", dir=preview_temp_dir(env))
    env["TMPDIR"] = preview  # mkdocs serve makes its site folder in here
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config)]
    cmd += ["--dev-addr", f"{host}:{port}"] + (["--verbose"] if verbose else [])
    stop: list[int] = []
    previous = {sig: signal.signal(sig, _remember(stop)) for sig in STOP_SIGNALS}
    parent = os.getppid()
    child: subprocess.Popen[bytes] | None = None
    try:
        child = subprocess.Popen(cmd, env=env, process_group=0, preexec_fn=_stop_with_parent)
        while not stop:
            try:
                code = child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                if os.getppid() != parent:  # our parent (make) is gone: nobody watches
                    break
                continue
            return max(code, 0)  # below 0: stopped by a signal from outside, as asked
        return 0
    finally:
        if child is not None:
            _stop_group(child)
        shutil.rmtree(preview, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _remember(stop: list[int]) -> Callable[[int, FrameType | None], None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.append(signum)

    return handler


def _stop_group(child: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, SIGKILL to whatever of it still runs 10 s later
    (the server if stuck, a search indexer it started)."""
    _signal_group(child.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(timeout=10)
    _signal_group(child.pid, signal.SIGKILL)
    child.wait()


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group ended with its last member
        os.killpg(pgid, sig)
