"""HTTP load with wrk, a separate process, so the load never shares a hub with the servers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.cpu import CpuWatch

SCRIPT = Path(__file__).resolve().parent / "report.lua"
MARKER = "BENCH_JSON "


def ensure_wrk() -> str:
    """wrk's path; installs the Debian package when it is missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("bench: wrk is not installed; run `sudo apt-get install -y wrk`")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("bench: `apt-get install wrk` did not provide a wrk binary")
    return found


@dataclass(frozen=True)
class Load:
    connections: int = 10
    threads: int = 1
    duration: float = 10.0
    warmup: float = 3.0
    timeout: float = 5.0


def _wrk(
    url: str,
    seconds: float,
    load: Load,
    authorization: str | None,
    paths: tuple[str, ...] = (),
    cookie: str | None = None,
) -> dict:
    command = [
        ensure_wrk(),
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={max(1, round(load.timeout))}s",
        "-s",
        str(SCRIPT),
        url,
    ]
    env = {
        **os.environ,
        "BENCH_AUTHORIZATION": authorization or "",
        "BENCH_PATHS": "\n".join(paths),
        "BENCH_COOKIE": cookie or "",
    }
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    raise RuntimeError(f"wrk printed no summary: {done.stdout}")


def measure(
    url: str,
    load: Load,
    server_pid: int,
    authorization: str | None = None,
    paths: tuple[str, ...] = (),
    cookie: str | None = None,
) -> dict:
    """Warm up, then measure: requests/s and latency (ms) at a fixed number of connections.
    With `paths`, the requests go to each of them in turn on `url`'s host; with `cookie`,
    each request sends it (a signed-in web session)."""
    if load.warmup > 0:
        _wrk(url, load.warmup, load, authorization, paths, cookie)
    with CpuWatch(server=server_pid) as cpu:
        raw = _wrk(url, load.duration, load, authorization, paths, cookie)
    seconds = raw["duration_us"] / 1e6
    errors = {name: count for name, count in raw["errors"].items() if count}
    latency = raw["latency_us"]
    return {
        "url": url,
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "requests_per_s": round(raw["requests"] / seconds, 1),
        "latency_ms": {
            key: round(latency[key] / 1000, 2) for key in ("p50", "p90", "p99", "max", "mean")
        },
        "errors": errors,
        "cpu_percent_of_one_core": cpu.result,
    }
