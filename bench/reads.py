"""Reads without fan-out: what a list, a case, a conference and the home page cost; one JSON.

    .venv/bin/python bench/reads.py [--before main] [--rounds 3] [--duration 5] [--cases 50]

In one run, each in its own process on its own RabbitMQ vhost (bench/run.py's servers):
the ceiling (bench/ceiling.py: a bare nameko @http route calling a no-op @rpc), the product
as it is here ("after") and, with --before REF, the product as it was at REF ("before",
exported from git into a temporary folder), both seeded and given --cases cases.
  1. Calls between the parts per request, counted on the broker: every message published
     to an `rpc-<service>` queue of the product's vhost (the gateway's calls and the ones
     services make while answering, e.g. cases asking scheduling), over --count sequential
     requests of each read, divided by their number. The broker's statistics lag by about
     5 s, so each count waits until two readings 6 s apart agree; calls in an idle window
     of the same wait are shown as `background`.
  2. Requests/s and latency with wrk (--connections), the ceiling and every read of each
     product measured alternately for --rounds rounds; the median round is shown.
Aims: every read <= 3 calls; GET case >= 0.6 x the ceiling's requests/s.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import quote, unquote  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from bench import loadgen  # noqa: E402
from bench.run import ceiling_server, median_round, product_server, versions  # noqa: E402
from tests.support.api import ApiClient, eventually  # noqa: E402
from tests.support.infra import RABBIT_API  # noqa: E402

PHYSIO = "physio@demo.nhs.uk"
LEADS = {PHYSIO, "coordinator@demo.nhs.uk", "admin@demo.nhs.uk"}
AIM_CALLS = 3
AIM_GET_CASE_RATIO = 0.6
STATS_LAG = 6.0  # seconds: RabbitMQ's statistics interval is 5 s


def rpc_published(amqp_uri: str) -> int:
    vhost = quote(unquote(amqp_uri.rsplit("/", 1)[1]), safe="")
    queues = requests.get(f"{RABBIT_API}/queues/{vhost}", timeout=10).json()
    return sum(
        q.get("message_stats", {}).get("publish", 0) for q in queues if q["name"].startswith("rpc-")
    )


def settled(amqp_uri: str) -> int:
    """The broker's count once two readings a statistics interval apart agree."""
    last = None
    while True:
        time.sleep(STATS_LAG)
        now = rpc_published(amqp_uri)
        if now == last:
            return now
        last = now


def export(ref: str, work: Path) -> Path:
    """The code at `ref`, in a folder of its own (with this checkout's built web assets)."""
    folder = work / f"code-{ref.replace('/', '_')}"
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True)
    if archive.returncode:
        raise SystemExit(f"bench: no such ref {ref}: {archive.stderr.decode()}")
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    if (ROOT / "web" / "static").exists():
        (folder / "web" / "static").symlink_to(ROOT / "web" / "static")
    return folder


def web_cookie(base: str, email: str) -> str:
    """A signed-in web session, as the Cookie header a browser would send."""
    web = requests.Session()
    form = web.get(f"{base}/login", timeout=30).text
    csrf = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    cookies = {c.name: c.value for c in web.cookies}  # the session that holds the form token
    done = web.post(
        f"{base}/login",
        data={"email": email, "password": "demo", "csrf_token": csrf},
        cookies=cookies,
        allow_redirects=False,
        timeout=30,
    )
    assert done.status_code == 303, done.text
    return "; ".join(f"{c.name}={c.value}" for c in done.cookies)


def prepared(product, cases: int) -> dict:
    """Cases to read, a conference with a panel, and who reads: URL and credentials per read."""
    api = ApiClient(product.base)
    made = [api.submit_case(PHYSIO, title=f"Bench reads {n}: a stiff knee") for n in range(cases)]
    case = api.wait_for_case(PHYSIO, made[0]["id"], "scheduled", timeout=120)
    conference_url = f"/api/v1/conferences/{case['conference_id']}"
    conference = eventually(
        lambda: api.get(conference_url, PHYSIO).json(),
        lambda c: c["chair"] is not None,
        120,
        "a panel on the case's conference",
    )
    member = next(a["email"] for a in conference["attendees"] if a["email"] not in LEADS)
    physio = f"Bearer {api.token(PHYSIO)}"
    return {
        "list_cases_page_size_50": ("/api/v1/cases?page_size=50", physio, None),
        "get_case_as_presenter": (f"/api/v1/cases/{case['id']}", physio, None),
        "get_case_as_panel_member": (
            f"/api/v1/cases/{case['id']}",
            f"Bearer {api.token(member)}",
            None,
        ),
        "get_conference": (conference_url, physio, None),
        "web_home_page": ("/", None, web_cookie(product.base, PHYSIO)),
    }


def calls_per_request(product, reads: dict, count: int) -> dict:
    counts = {}
    before = settled(product.amqp_uri)
    counts["background_in_an_idle_wait"] = settled(product.amqp_uri) - before
    for name, (path, authorization, cookie) in reads.items():
        start = settled(product.amqp_uri)
        headers = {"Authorization": authorization} if authorization else {"Cookie": cookie}
        for _ in range(count):
            answer = requests.get(product.base + path, headers=headers, timeout=30)
            assert answer.status_code == 200, (name, answer.status_code, answer.text[:300])
        counts[name] = round((settled(product.amqp_uri) - start) / count, 2)
    return counts


def measure(product, reads: dict, load) -> dict:
    return {
        name: loadgen.measure(product.base + path, load, product.pid, authorization, (), cookie)
        for name, (path, authorization, cookie) in reads.items()
    }


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", metavar="REF", help="also measure the product as at REF")
    parser.add_argument("--duration", type=float, default=5, help="seconds per wrk measurement")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", type=int, default=50, help="cases each product holds")
    parser.add_argument("--count", type=int, default=20, help="requests per call count")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    started, started_at = time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds")
    load = loadgen.Load(args.connections, 1, args.duration, args.warmup)
    machine = versions()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with contextlib.ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="mskpeer-bench-reads-"))
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        ceiling = stack.enter_context(ceiling_server(work))
        products = {"after": stack.enter_context(product_server(work, ROOT, "after"))}
        if args.before:
            code = export(args.before, work)
            products["before"] = stack.enter_context(product_server(work, code, "before"))
        reads = {name: prepared(product, args.cases) for name, product in products.items()}
        calls = {
            name: calls_per_request(product, reads[name], args.count)
            for name, product in products.items()
        }
        ceiling_runs, runs = [], {name: [] for name in products}
        for _ in range(args.rounds):
            ceiling_runs.append(loadgen.measure(ceiling.base + "/rpc", load, ceiling.pid))
            for name, product in products.items():
                runs[name].append(measure(product, reads[name], load))

    a = median_round(ceiling_runs)
    report = {
        "benchmark": "MSK Peer Support: reads without fan-out, calls per request and requests/s",
        "started_at": started_at,
        "run_seconds": round(time.monotonic() - started, 1),
        "machine": machine,
        "load": {"tool": "wrk", "connections": load.connections, "duration_s": load.duration},
        "ceiling_http_to_noop_rpc": _brief(a),
    }
    verdict = {}
    for name in products:
        figures = {}
        for read in reads[name]:
            shown = median_round([run[read] for run in runs[name]])
            figures[read] = {
                "rpc_calls_per_request": calls[name][read],
                **_brief(shown),
                "ratio_to_ceiling": round(shown["requests_per_s"] / a["requests_per_s"], 3),
            }
        figures["background_rpc_calls_in_an_idle_wait"] = calls[name]["background_in_an_idle_wait"]
        report[name if args.before else "product"] = {
            "code": args.before if name == "before" else machine["commit"],
            "reads": figures,
        }
        if name == "after":
            most = max(f["rpc_calls_per_request"] for k, f in figures.items() if k in reads[name])
            ratio = figures["get_case_as_presenter"]["ratio_to_ceiling"]
            verdict = {
                "at_most_3_rpc_calls_per_read": {"holds": most <= AIM_CALLS, "got": most},
                "get_case_at_least_0_6_of_ceiling": {
                    "holds": ratio >= AIM_GET_CASE_RATIO,
                    "got": ratio,
                },
            }
    report["aims"] = verdict
    print(json.dumps(report, indent=2))
    return 0


def _brief(run: dict) -> dict:
    keep = ("requests_per_s", "requests_per_s_by_round", "latency_ms", "errors")
    return {k: run[k] for k in keep if k in run}


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("bench: interrupted; servers, vhosts and databases removed", file=sys.stderr)
        sys.exit(130)
