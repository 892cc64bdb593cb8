"""Benchmark on real RabbitMQ and PostgreSQL; prints one JSON document.

(a) ceiling: a bare nameko @http route calling a no-op @rpc (bench/ceiling.py);
(b) the gateway's authenticated GET /api/v1/cases/{id}, measured the same way with wrk;
(c) POST /api/v1/cases to the "Case received" email at a real SMTP sink.

Each server under test runs in its own process (`python -m bench.ceiling`, `mskpeer run`),
on its own RabbitMQ vhost (and, for the product, fresh PostgreSQL databases), all removed
at the end. See bench/README.md.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
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
DISTURBED = 25  # percent of one core used by processes outside the benchmark


def child_env(**extra) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.update({name: str(value) for name, value in extra.items()})
    return env


def measure_ceiling(load: loadgen.Load, work: Path) -> dict:
    address = f"127.0.0.1:{free_port()}"
    base = f"http://{address}"
    with rabbit_vhost() as amqp_uri:
        command = [
            sys.executable,
            "-m",
            "bench.ceiling",
            "--amqp-uri",
            amqp_uri,
            "--address",
            address,
        ]
        with server("ceiling", command, child_env(), work / "ceiling.log", base + "/rpc") as proc:
            via_rpc = loadgen.measure(base + "/rpc", load, proc.pid)
            http_only = loadgen.measure(base + "/ping", load, proc.pid)
    return {"via_rpc": via_rpc, "http_only": http_only}


def measure_product(args, load: loadgen.Load, work: Path) -> tuple[dict, dict]:
    address = f"127.0.0.1:{free_port()}"
    base = f"http://{address}"
    with contextlib.ExitStack() as stack:
        amqp_uri = stack.enter_context(rabbit_vhost())
        urls = stack.enter_context(postgres_databases())
        sink = stack.enter_context(MailSink(work / "mail"))
        env = child_env(
            AMQP_URI=amqp_uri,
            WEB_SERVER_ADDRESS=address,
            SMTP_HOST=sink.host,
            SMTP_PORT=sink.port,
            SEED_DEMO="1",
            SECRET_KEY=secrets.token_urlsafe(32),
            DATA_DIR=work / "product-data",
            **{f"{service.upper()}_DATABASE_URL": urls[service] for service in SERVICES},
        )
        env.pop("DEV_MAIL_DIR", None)
        command = [sys.executable, "-m", "mskpeer.cli", "run"]
        log = work / "product.log"
        proc = stack.enter_context(server("product", command, env, log, base + "/health"))

        api = ApiClient(base)
        token = api.token(PHYSIO)
        case = api.submit_case(PHYSIO, title="Bench: the case read under load")
        api.case(PHYSIO, case["id"])  # one good answer before any load
        get_case = loadgen.measure(
            f"{base}/api/v1/cases/{case['id']}", load, proc.pid, authorization=f"Bearer {token}"
        )
        ack = ack_latency.measure(
            base,
            proc.pid,
            token,
            sink.directory,
            cases=args.cases,
            concurrency=args.clients,
            warmup=args.mail_warmup,
            timeout=args.mail_timeout,
        )
    return get_case, ack


def versions() -> dict:
    wrk = subprocess.run([loadgen.ensure_wrk(), "-v"], capture_output=True, text=True)
    git = ["git", "-C", str(ROOT)]
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
    ratio = round(get_case["requests_per_s"] / ceiling["requests_per_s"], 3)
    clean = not ceiling["errors"] and not get_case["errors"]
    p99 = ack["latency_ms"].get("p99")
    return ratio, {
        "b_at_least_half_of_a": {
            "holds": clean and ratio >= AIM_RATIO,
            "want": f"b/a >= {AIM_RATIO}",
            "got": ratio,
        },
        "c_p99_under_250_ms": {
            "holds": ack["emails_missing"] == 0 and p99 is not None and p99 < AIM_ACK_P99_MS,
            "want": f"p99 < {AIM_ACK_P99_MS:g} ms, every email arrived",
            "got": p99,
        },
    }


def disturbance(ceiling: dict, get_case: dict, ack: dict) -> dict:
    """CPU other processes on the machine took while each figure was measured."""
    outside = {
        "a": ceiling["cpu_percent_of_one_core"]["everything_else"],
        "b": get_case["cpu_percent_of_one_core"]["everything_else"],
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

    work = Path(tempfile.mkdtemp(prefix="mskpeer-bench-"))
    try:
        ceiling = measure_ceiling(load, work)
        get_case, ack = measure_product(args, load, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio, verdict = aims(ceiling["via_rpc"], get_case, ack)
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
            "servers": "each under test in its own process; RabbitMQ and PostgreSQL on this host",
        },
        "a_ceiling_http_to_noop_rpc": ceiling["via_rpc"],
        "b_gateway_get_case": get_case,
        "c_case_ack_email": ack,
        "ratio_b_over_a": ratio,
        "aims": verdict,
        "other_load": disturbance(ceiling["via_rpc"], get_case, ack),
        "context": {"ceiling_http_only_no_rpc": ceiling["http_only"]},
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
