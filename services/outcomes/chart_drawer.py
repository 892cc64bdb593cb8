"""Outcome charts drawn by a child process, so drawing can never hang the outcomes service.

Drawing is CPU work of a few hundred milliseconds, too long for the eventlet
hub. It once ran in a real thread (eventlet.tpool), and hung the service for
good now and then: matplotlib, logging and the garbage collector's finalizers
take locks that eventlet has made green, and a real thread that has to wait for
a green lock waits forever. A child process without eventlet has no green
locks. It is started on the first chart, kept for the next (starting one costs
over a second, a chart about 0.3 s), and started again if it dies or stalls.
"""

from __future__ import annotations

import json
import sys

import eventlet
import eventlet.semaphore
from eventlet.green import subprocess

TAKES_AT_MOST = 60.0  # seconds: a chart is about 0.3 s; much longer means the drawer is stuck


class ChartNotDrawn(RuntimeError):
    pass


class _DrawerGone(Exception):
    pass


class ChartDrawer:
    def __init__(self, command=(sys.executable, "-m", "services.outcomes.charts")):
        self._command = list(command)
        self._child: subprocess.Popen | None = None
        # One chart at a time: the child answers in turn, and its one core is busy anyway.
        self._one_at_a_time = eventlet.semaphore.Semaphore(1)

    def png_base64(self, report: dict, title: str) -> str:
        """The chart as the child sends it, base64: as RPC carries it, so never decoded here."""
        asked = json.dumps({"report": report, "title": title}) + "\n"
        with self._one_at_a_time:
            try:
                answer = self._ask(asked)
            except (OSError, ValueError, _DrawerGone):
                # It died or stalled since the last chart: a new drawer gets one more try.
                try:
                    answer = self._ask(asked)
                except (OSError, ValueError, _DrawerGone) as again:
                    raise ChartNotDrawn(f"the chart drawer failed twice: {again}") from again
        if "error" in answer:
            raise ChartNotDrawn(answer["error"])
        return answer["png"]

    def _ask(self, asked: str) -> dict:
        child = self._started()
        try:
            with eventlet.Timeout(TAKES_AT_MOST, _DrawerGone("no chart in time")):
                child.stdin.write(asked)
                child.stdin.flush()
                line = child.stdout.readline()
            if not line:
                raise _DrawerGone("the drawer stopped")
            return json.loads(line)
        except BaseException:
            # Also when this greenthread is killed: an answer left unread must never be
            # taken for the next chart's.
            self.stop()
            raise

    def _started(self) -> subprocess.Popen:
        if self._child is None or self._child.poll() is not None:
            # Its stderr is the service's: matplotlib's warnings reach the service log.
            self._child = subprocess.Popen(
                self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
        return self._child

    def stop(self) -> None:
        if self._child is not None and self._child.poll() is None:
            self._child.kill()
            self._child.wait()
        self._child = None


# One per process, started on the first chart; it ends with the process (its stdin closes).
DRAWER = ChartDrawer()
