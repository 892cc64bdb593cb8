"""Self-referral burst on real RabbitMQ, PostgreSQL and SMTP; prints one JSON document.

burst: --referrals self-referrals POSTed by --clients concurrent clients as fast as they go,
each with its own Idempotency-Key; --resend of them are sent twice (the back button). Every
one must be accepted once (one row, one reference, the resend answered with the same
reference) and acknowledged by exactly one email at the SMTP sink.
baseline: GET /api/v1/referrals/form (HTTP -> RPC -> one read) by the same clients, measured
in the same run: what the route costs before sealing, hashing and storing.
The product runs in this process (all parts on one runner), as in the e2e tests.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `tests.support` is not installed

import psycopg2  # noqa: E402
import requests  # noqa: E402

from mskpeer.mailsink import MailSink  # noqa: E402
from tests.support.infra import postgres_databases, rabbit_vhost  # noqa: E402
from tests.support.referrals import referral  # noqa: E402
from tests.support.system import product_config, running_product  # noqa: E402


def percentile(values, q):
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


def ours(messages):
    return [m for m in messages if "physiotherapy referral" in m.subject]


def timed(session, method, url, **kwargs):
    started = time.perf_counter()
    response = session.request(method, url, timeout=60, **kwargs)
    return time.perf_counter() - started, response


def main() -> int:
    # Many people in a burst, not one address: the public route's rate limit is per client,
    # and behind a trusted proxy the client is X-Forwarded-For (gateway/limits.py).
    os.environ["TRUSTED_PROXIES"] = "127.0.0.1"
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--resend", type=int, default=100)
    parser.add_argument("--mail-timeout", type=float, default=600)
    args = parser.parse_args()
    with (
        postgres_databases() as urls,
        rabbit_vhost() as amqp,
        tempfile.TemporaryDirectory() as tmp,
        MailSink(Path(tmp) / "mail") as sink,
    ):
        config = product_config(amqp, urls, sink.port)
        with running_product(config) as api:
            base = api.base_url
            pool = eventlet.GreenPool(args.clients)
            sessions = [requests.Session() for _ in range(args.clients)]

            def form(n):
                forwarded = {"X-Forwarded-For": f"10.1.{n // 250}.{n % 250}"}
                return timed(
                    sessions[n % args.clients],
                    "GET",
                    base + "/api/v1/referrals/form",
                    headers=forwarded,
                )

            baseline = [t for t, r in pool.imap(form, range(args.referrals)) if r.ok]

            people = [
                (str(uuid.uuid4()), referral(about_you={"email": f"p{n}@example.org"}))
                for n in range(args.referrals)
            ]

            def post(item):
                """As a careful client does: a 5xx or a dropped connection is sent again with
                the same Idempotency-Key (up to 5 tries), so it never makes a second referral."""
                n, (key, body) = item
                headers = {"Idempotency-Key": key, "X-Forwarded-For": f"10.0.{n // 250}.{n % 250}"}
                spent, tries = 0.0, 0
                while True:
                    tries += 1
                    try:
                        took, response = timed(
                            sessions[n % args.clients],
                            "POST",
                            base + "/api/v1/referrals",
                            json=body,
                            headers=headers,
                        )
                    except requests.RequestException:
                        took, response = 0.0, None
                    spent += took
                    if (response is not None and response.status_code < 500) or tries == 5:
                        return spent, response, tries
                    eventlet.sleep(1)

            started = time.perf_counter()
            answers = list(pool.imap(post, enumerate(people)))
            burst_seconds = time.perf_counter() - started
            resent = list(pool.imap(post, enumerate(people[: args.resend])))
            accepted = [
                r.json()["reference"]
                for _, r, _ in answers
                if r is not None and r.status_code == 201
            ]
            same_again = sum(
                1
                for (_, first, _), (_, again, _) in zip(answers, resent, strict=False)
                if again is not None and first is not None and again.json() == first.json()
            )

            def all_acknowledged(messages):
                return set(accepted) <= {m.subject.rsplit(" ", 1)[-1] for m in ours(messages)}

            with contextlib.suppress(AssertionError):  # reported below as not acknowledged
                sink.wait_for(all_acknowledged, timeout=args.mail_timeout)
            mail_seconds = time.perf_counter() - started
            mail = ours(sink.messages())  # not the demo seed's rota emails
            acknowledged = {m.subject.rsplit(" ", 1)[-1] for m in mail}
        with psycopg2.connect(urls["referrals"]) as db, db.cursor() as cursor:
            cursor.execute("SELECT count(*), count(DISTINCT reference) FROM referrals")
            rows, distinct = cursor.fetchone()
            cursor.execute("SELECT reference FROM referrals")
            stored = {reference for (reference,) in cursor.fetchall()}
    times = [t for t, _, _ in answers]
    result = {
        "referrals": args.referrals,
        "clients": args.clients,
        "burst": {
            "accepted": len(accepted),
            "errors": len(answers) - len(accepted),
            "stored_rows": rows,
            "lost": len(set(accepted) - stored),
            "retried": sum(1 for _, _, tries in answers if tries > 1),
            "duplicated": rows - distinct + (len(accepted) - len(set(accepted))),
            "resent": args.resend,
            "resend_answered_with_same_reference": same_again,
            "acknowledgement_emails": len(mail),
            "emails_per_reference_max": max(Counter(m.subject for m in mail).values(), default=0),
            "acknowledged_references": len(acknowledged & set(accepted)),
            "per_second": round(args.referrals / burst_seconds, 1),
            "post_ms": {
                "p50": percentile(times, 0.5),
                "p99": percentile(times, 0.99),
                "mean": round(statistics.mean(times) * 1000, 1),
            },
            "all_acknowledged_after_s": round(mail_seconds, 1),
        },
        "baseline_get_form_ms": {
            "p50": percentile(baseline, 0.5),
            "p99": percentile(baseline, 0.99),
        },
    }
    ok = (
        result["burst"]["accepted"] == rows == distinct == args.referrals
        and result["burst"]["acknowledged_references"] == args.referrals
        and len(mail) == args.referrals
        and same_again == args.resend
    )
    result["aims_hold"] = ok
    print(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
