"""Where the CPU went during a measurement: the server, RabbitMQ, PostgreSQL, the whole box.

Read from /proc; figures are percent of one core (100 = one core busy all the time).
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the command name may contain spaces
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _pids_named(command: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == command:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def pids_with_argument(argument: str) -> list[int]:
    """Processes whose command line includes `argument` (e.g. the mail sink's directory)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if argument.encode() in (entry / "cmdline").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _own_seconds() -> float:
    """This process plus its children already waited for (wrk, once it has finished)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _busy_and_total() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


class CpuWatch:
    """`with CpuWatch(server=pid) as watch: ...` then `watch.result`.

    `bench_and_wrk` is this script plus wrk; `everything_else` is the whole machine's use
    less every figure above it: other people's work on the machine, if it is large.
    """

    def __init__(self, **pids: int):
        self.groups = {name: lambda pid=pid: [pid] for name, pid in pids.items()}
        self.groups["rabbitmq"] = lambda: _pids_named("beam.smp")
        self.groups["postgresql_all"] = lambda: _pids_named("postgres")
        self.result: dict = {}

    def _snapshot(self) -> dict[str, dict[int, float]]:
        snapshot = {}
        for name, pids in self.groups.items():
            seconds = {pid: _cpu_seconds(pid) for pid in pids()}
            snapshot[name] = {pid: s for pid, s in seconds.items() if s is not None}
        return snapshot

    def __enter__(self) -> CpuWatch:
        self._own = _own_seconds()
        self._start = self._snapshot()
        self._system = _busy_and_total()
        self._clock = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        wall = time.monotonic() - self._clock
        end = self._snapshot()
        busy, total = _busy_and_total()
        for name, after in end.items():
            before = self._start.get(name, {})
            used = sum(s - before.get(pid, 0.0) for pid, s in after.items())
            self.result[name] = round(100 * used / wall)
        self.result["bench_and_wrk"] = round(100 * (_own_seconds() - self._own) / wall)
        cores = os.cpu_count() or 1
        share = (busy - self._system[0]) / max(1, total - self._system[1])
        whole = round(100 * share * cores)
        self.result["everything_else"] = max(0, whole - sum(self.result.values()))
        self.result["whole_machine"] = whole
        self.result["cores"] = cores
