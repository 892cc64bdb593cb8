"""Servers under test, each in an OS process of its own, always stopped afterwards."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import requests

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the bench dies, even by SIGKILL, so no server lingers."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def server(
    name: str,
    command: list[str],
    env: dict,
    log: Path,
    ready_url: str,
    timeout: float = 90,
    cwd: Path | None = None,
) -> Iterator[subprocess.Popen]:
    """Start `command` (in `cwd`), wait until `ready_url` answers 200, yield; stop it after."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
    try:
        _wait_ready(name, proc, ready_url, log, timeout)
        yield proc
    finally:
        stop(proc)


def _wait_ready(name: str, proc, url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}; its log:\n{_tail(log)}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{name} not ready at {url} within {timeout}s; its log:\n{_tail(log)}")


def stop(proc: subprocess.Popen, grace: float = 20) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
