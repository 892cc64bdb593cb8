"""Benchmark on real RabbitMQ and PostgreSQL; prints one JSON document.

(a) ceiling: a bare nameko @http route calling a no-op @rpc (bench/ceiling.py);
(b) the gateway's authenticated GET /api/v1/cases/{id}, measured the same way with wrk;
(c) POST /api/v1/cases to the "Case received" email at a real SMTP sink.

Each server under test runs in its own process (`python -m bench.ceiling`, `mskpeer run`),
on its own RabbitMQ vhost (and, for the product, fresh PostgreSQL databases), all removed
at the end. a and b are measured alternately for --rounds rounds; the median round counts.
See bench/README.md.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import base64  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `tests.support` is not installed; `bench` is not either

import requests  # noqa: E402

from bench import ack_latency, loadgen  # noqa: E402
from bench.processes import server  # noqa: E402
from mskpeer.mailsink import MailSink  # noqa: E402
from mskpeer.platform import errors  # noqa: E402,F401  (our errors cross RPC as themselves)
from mskpeer.platform.settings import SERVICES  # noqa: E402
from tests.support.api import ApiClient  # noqa: E402
from tests.support.infra import free_port, postgres_databases, rabbit_vhost  # noqa: E402

PHYSIO = "physio@demo.nhs.uk"
AIM_RATIO = 0.5  # (b) should reach at least half the ceiling's requests/s
AIM_ACK_P99_MS = 250.0
# Percent of one core used outside the figures we attribute. Some is ours: kernel work for
# PostgreSQL commits and connections that come and go (about 20 during b on a quiet machine).
DISTURBED = 40


def child_env(root: Path = ROOT, **extra) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    env.update({name: str(value) for name, value in extra.items()})
    return env


@dataclass
class Running:
    base: str  # http://host:port
    pid: int
    mail_dir: Path | None = None
    amqp_uri: str | None = None


@contextlib.contextmanager
def ceiling_server(work: Path) -> Iterator[Running]:
    """bench/ceiling.py in a process of its own, on a RabbitMQ vhost of its own."""
    address = f"127.0.0.1:{free_port()}"
    base = f"http://{address}"
    with rabbit_vhost() as amqp_uri:
        command = [sys.executable, "-m", "bench.ceiling", "--amqp-uri", amqp_uri]
        command += ["--address", address]
        with server("ceiling", command, child_env(), work / "ceiling.log", base + "/rpc") as proc:
            yield Running(base, proc.pid, amqp_uri=amqp_uri)


@contextlib.contextmanager
def product_server(work: Path, root: Path = ROOT, name: str = "product") -> Iterator[Running]:
    """`mskpeer run` (every part in one process) on fresh databases, a vhost and an SMTP sink;
    the code under `root` (another checkout, for a before-and-after in one run)."""
    address = f"127.0.0.1:{free_port()}"
    base = f"http://{address}"
    with contextlib.ExitStack() as stack:
        amqp_uri = stack.enter_context(rabbit_vhost())
        urls = stack.enter_context(postgres_databases())
        sink = stack.enter_context(MailSink(work / "mail"))
        env = child_env(
            root,
            AMQP_URI=amqp_uri,
            WEB_SERVER_ADDRESS=address,
            SMTP_HOST=sink.host,
            SMTP_PORT=sink.port,
            SEED_DEMO="1",
            SECRET_KEY=secrets.token_urlsafe(32),
            # On a broker the referrals service will not start without keys: fresh ones.
            REFERRALS_DATA_KEYS="k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
            DATA_DIR=work / f"{name}-data",
            **{f"{service.upper()}_DATABASE_URL": urls[service] for service in SERVICES},
        )
        env.pop("DEV_MAIL_DIR", None)
        command = [sys.executable, "-m", "mskpeer.cli", "run"]
        log = work / f"{name}.log"
        # Migrating and seeding six databases took over 90 s on a busy 2-core machine.
        # In `root`: `python -m` puts the working folder first on the path.
        ready = server(name, command, env, log, base + "/health", timeout=300, cwd=root)
        proc = stack.enter_context(ready)
        yield Running(base, proc.pid, sink.directory, amqp_uri)


def median_round(runs: list[dict]) -> dict:
    """The round with the median requests/s (the lower one of two), with every round's figure."""
    chosen = sorted(runs, key=lambda run: run["requests_per_s"])[(len(runs) - 1) // 2]
    shown = {
        **chosen,
        "rounds": len(runs),
        "requests_per_s_by_round": [run["requests_per_s"] for run in runs],
        "shown": "the round with the median requests/s",
    }
    if any(run["errors"] for run in runs):
        shown["errors_by_round"] = [run["errors"] for run in runs]
    return shown


def versions() -> dict:
    wrk = subprocess.run([loadgen.ensure_wrk(), "-v"], capture_output=True, text=True)
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]  # read-only: never touches the index
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    return {
        "commit": commit.stdout.strip() or None,
        "uncommitted_changes": bool(changed.stdout.strip()),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "wrk": (wrk.stdout + wrk.stderr).split("\n", 1)[0].strip(),
        "loadavg_1m_at_start": round(os.getloadavg()[0], 2),
    }


def aims(ceiling: dict, get_case: dict, ack: dict) -> tuple[float, dict]:
    """The aims, judged on the median rounds of a and b."""
    ratio = round(get_case["requests_per_s"] / ceiling["requests_per_s"], 3)
    clean = "errors_by_round" not in ceiling and "errors_by_round" not in get_case
    p99 = ack["latency_ms"].get("p99")
    return ratio, {
        "b_at_least_half_of_a": {
            "holds": clean and ratio >= AIM_RATIO,
            "want": f"b/a >= {AIM_RATIO} (median rounds), no HTTP errors",
            "got": ratio,
        },
        "c_p99_under_250_ms": {
            "holds": ack["emails_missing"] == 0 and p99 is not None and p99 < AIM_ACK_P99_MS,
            "want": f"p99 < {AIM_ACK_P99_MS:g} ms, every email arrived",
            "got": p99,
        },
    }


def disturbance(http_runs: list[dict], ack: dict) -> dict:
    """CPU that processes outside the benchmark took: the most in any a/b round, and during c."""
    outside = {
        "a_and_b": max(run["cpu_percent_of_one_core"]["everything_else"] for run in http_runs),
        "c": ack["cpu_percent_of_one_core_while_submitting"]["everything_else"],
    }
    return {
        "cpu_percent_of_one_core_outside_the_benchmark": outside,
        "disturbed": any(value > DISTURBED for value in outside.values()),
    }


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk measurement")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of wrk before each")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=3, help="a and b measured alternately")
    parser.add_argument("--cases", type=int, default=500, help="cases for (c)")
    parser.add_argument(
        "--clients", type=int, default=1, help="(c): concurrent submitters; 1 = sequential"
    )
    parser.add_argument("--mail-warmup", type=int, default=20, help="(c): cases not counted")
    parser.add_argument("--mail-timeout", type=float, default=120, help="(c): wait for email")
    parser.add_argument("--check", action="store_true", help="exit 1 when an aim does not hold")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    load = loadgen.Load(args.connections, args.threads, args.duration, args.warmup)
    machine = versions()
    # SIGTERM unwinds like Ctrl-C, so servers, vhosts and databases are still removed.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    with contextlib.ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="mskpeer-bench-"))
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        ceiling = stack.enter_context(ceiling_server(work))
        product = stack.enter_context(product_server(work))

        api = ApiClient(product.base)
        token = api.token(PHYSIO)
        case = api.submit_case(PHYSIO, title="Bench: the case read under load")
        api.case(PHYSIO, case["id"])  # one good answer before any load
        case_url = f"{product.base}/api/v1/cases/{case['id']}"

        # a and b alternate, so a slow spell of the machine falls on both alike.
        a_runs, b_runs = [], []
        for _ in range(args.rounds):
            a_runs.append(loadgen.measure(ceiling.base + "/rpc", load, ceiling.pid))
            b_runs.append(loadgen.measure(case_url, load, product.pid, f"Bearer {token}"))
        http_only = loadgen.measure(ceiling.base + "/ping", load, ceiling.pid)
        ack = ack_latency.measure(
            product.base,
            product.pid,
            token,
            product.mail_dir,
            cases=args.cases,
            concurrency=args.clients,
            warmup=args.mail_warmup,
            timeout=args.mail_timeout,
        )

    a, b = median_round(a_runs), median_round(b_runs)
    ratio, verdict = aims(a, b, ack)
    pairs = zip(a_runs, b_runs, strict=True)
    by_round = [
        round(b_run["requests_per_s"] / a_run["requests_per_s"], 3) for a_run, b_run in pairs
    ]
    report = {
        "benchmark": "MSK Peer Support: gateway read vs bare nameko ceiling; case ack email",
        "started_at": started_at,
        "run_seconds": round(time.monotonic() - started, 1),
        "machine": {**machine, "loadavg_1m_at_end": round(os.getloadavg()[0], 2)},
        "http_load": {
            "tool": "wrk (separate process)",
            "connections": load.connections,
            "threads": load.threads,
            "duration_s": load.duration,
            "warmup_s": load.warmup,
            "rounds": args.rounds,
            "servers": "each under test in its own process; RabbitMQ and PostgreSQL on this host",
        },
        "a_ceiling_http_to_noop_rpc": a,
        "b_gateway_get_case": b,
        "c_case_ack_email": ack,
        "ratio_b_over_a": ratio,
        "ratio_b_over_a_by_round": by_round,
        "aims": verdict,
        "other_load": disturbance(a_runs + b_runs, ack),
        "context": {"ceiling_http_only_no_rpc": http_only},
    }
    print(json.dumps(report, indent=2))
    failed = not all(aim["holds"] for aim in verdict.values())
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("bench: interrupted; servers, vhosts and databases removed", file=sys.stderr)
        sys.exit(130)
    except requests.ConnectionError as error:
        print(f"bench: {error}\nIs RabbitMQ up? Run scripts/ensure-services", file=sys.stderr)
        sys.exit(2)
