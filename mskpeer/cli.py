"""`mskpeer`: run, migrate, seed-demo, staff create-admin, dead-letters list|replay,
content check, referrals rotate-keys, backup, restore, health."""

from __future__ import annotations

import sys
import warnings

# eventlet's deprecation notice is for whoever chose it (docs: STACK.md), not for operators,
# and it is not a line of JSON.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

# Kubernetes runs `mskpeer health` every few seconds in every pod: it reads one file,
# and eventlet and nameko would cost it about two seconds of CPU each time.
PROBE = sys.argv[1:2] == ["health"]
if not PROBE:
    import eventlet

    eventlet.monkey_patch()  # before anything opens a socket: nameko runs on green threads

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import signal  # noqa: E402

from mskpeer import operations  # noqa: E402
from mskpeer.platform.dead_letters import STATUSES  # noqa: E402
from mskpeer.platform.settings import (  # noqa: E402
    PARTS,
    SERVICES,
    BadSetting,
    base_url,
    database_url,
    env,
    log_format,
    nameko_config,
)


def run(args) -> int:
    from mskpeer import runtime
    from mskpeer.platform import metrics_server
    from mskpeer.platform.heartbeat import Heartbeat

    parts = args.service or list(PARTS)
    config = nameko_config()
    if "gateway" in parts:
        from gateway.auth import secret_key

        try:
            secret_key(config)  # outside the embedded demo: no start on a missing or default key
        except BadSetting as refusal:
            print(f"mskpeer: {refusal}", file=sys.stderr)
            return 2
    try:  # one /metrics for every part this process runs
        metrics = metrics_server.serve(config["METRICS_ADDRESS"])
    except metrics_server.BadSetting as refusal:
        print(f"mskpeer: {refusal}", file=sys.stderr)
        return 2
    runtime.prepare(parts, config)
    embedded_mail = not config["SMTP_HOST"] and {"notifications", "gateway"} <= set(parts)
    sink = runtime.start_mail_sink(config) if embedded_mail else None
    runner = runtime.build_runner(parts, config)
    runner.start()
    # What starting made (modules, templates, the self-help library and its index: some
    # 220,000 objects) lives as long as the process. Frozen out of the collector's sight, a
    # full collection takes a few ms instead of the 80-170 ms every request then in flight
    # waited for (measured here: search p99 50-88 ms before, 15-17 ms after). Full
    # collections then come more often, so none may run in a real thread, where a finalizer
    # waiting for a green lock waits for ever: mskpeer/platform/threads.py sees to that.
    gc.collect()
    gc.freeze()
    heartbeat = Heartbeat(parts, config).start()
    if "gateway" in parts:
        say(f"MSK Peer Support is running at http://{config['WEB_SERVER_ADDRESS']}")
        if sink:
            say(f"Mail is saved under {sink.directory} (list: /dev/mail)")
    stopped = eventlet.event.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.ready() or stopped.send(0))
    # A service container that dies takes the process down with an error, so
    # its supervisor restarts it, rather than leaving a half-alive process.
    watcher = eventlet.spawn(runner.wait)
    watcher.link(lambda gt: stopped.ready() or stopped.send(_died(gt)))
    code = stopped.wait()
    heartbeat.stop()
    runner.stop()
    if sink:
        sink.stop()
    if metrics:
        metrics.stop()
    return code


def say(text: str) -> None:
    """A line for the person who started the product; with JSON logs, a log line like the rest."""
    if log_format() == "console":
        print(text, flush=True)
    else:
        logging.getLogger("mskpeer").info(text)


def _died(greenthread) -> int:
    try:
        greenthread.wait()
    except Exception:
        logging.getLogger("mskpeer").exception("a service died")
    return 1


def migrate(args) -> int:
    if args.wait:
        return operations.wait_for_migrations(args.service or SERVICES, args.timeout)
    from mskpeer import runtime

    runtime.migrate(args.service or SERVICES)
    return 0


def seed_demo(args) -> int:
    from mskpeer import runtime

    runtime.migrate(["staff", "scheduling"])
    seeded = runtime.seed_demo()
    print(json.dumps(seeded or {"seeded": False, "reason": "staff already has people"}))
    return 0


def staff(args) -> int:
    from marshmallow import ValidationError, validate

    from contracts.errors import UserError
    from services.staff.links import url

    try:
        validate.Email()(args.email)
    except ValidationError:
        print(f"mskpeer: {args.email!r} is not an email address", file=sys.stderr)
        return 2
    from mskpeer import runtime

    runtime.migrate(["staff"])
    try:
        token = runtime.create_admin(args.email, " ".join(args.name.split()))
    except UserError as refused:
        print(f"mskpeer: {refused.message}", file=sys.stderr)
        return 1
    print(f"{args.email} is the first admin. To set their password (once, within 7 days):")
    print(url(base_url(nameko_config()), token))
    return 0


def dead_letters(args) -> int:
    from mskpeer import dead_letter_admin

    if args.action == "list":
        print(json.dumps(dead_letter_admin.list_all(args.status), indent=2))
        return 0
    ok = dead_letter_admin.request_replay(args.target_service, args.id)
    print(json.dumps({"service": args.target_service, "id": args.id, "replay_requested": ok}))
    return 0 if ok else 1


def referrals(args) -> int:
    from mskpeer import runtime
    from services.referrals.dependencies import keyring_for
    from services.referrals.keeping import rotate_database

    runtime.migrate(["referrals"])
    counts = rotate_database(database_url("referrals"), keyring_for(nameko_config()))
    print(json.dumps(counts))  # {"rotated": referrals, "drafts": journey drafts}
    return 0


def content(args) -> int:
    """The self-help content check (the build runs it too, in tests/unit)."""
    from datetime import date

    from gateway.self_help import check
    from gateway.self_help import content as self_help

    library = self_help.load()
    found = check.missing_articles(library) + check.check(library, date.today())
    for problem in found:
        print(problem)
    print(f"{len(found)} problems in {len(library.articles())} pages", file=sys.stderr)
    return 1 if found else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="mskpeer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("run", help="run the product (all parts, or --service ...)")
    p.add_argument("--service", action="append", choices=PARTS)
    p.set_defaults(func=run)
    p = commands.add_parser("migrate", help="bring every service's database to the newest schema")
    p.add_argument("--service", action="append", choices=SERVICES)
    p.add_argument(
        "--wait", action="store_true", help="migrate nothing: wait until the migration Job has"
    )
    p.add_argument("--timeout", type=float, default=600, help="seconds --wait waits (600)")
    p.set_defaults(func=migrate)
    operations.add_commands(commands)
    commands.add_parser("seed-demo", help="demo people and conferences").set_defaults(
        func=seed_demo
    )
    p = commands.add_parser("staff", help="the staff list from the command line")
    actions = p.add_subparsers(dest="action", required=True)
    admin = actions.add_parser(
        "create-admin", help="the first admin, with a link to set a password"
    )
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True)
    p.set_defaults(func=staff)
    p = commands.add_parser("dead-letters", help="events handlers could not apply")
    actions = p.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list")
    listing.add_argument("--status", choices=STATUSES)
    replay = actions.add_parser("replay", help="ask the running service to replay one")
    replay.add_argument("target_service", choices=SERVICES)
    replay.add_argument("id", type=int)
    p.set_defaults(func=dead_letters)
    p = commands.add_parser("referrals", help="the referrals service's maintenance")
    p.add_subparsers(dest="action", required=True).add_parser(
        "rotate-keys", help="re-seal patients' details under the current REFERRALS_DATA_KEYS key"
    )
    p.set_defaults(func=referrals)
    p = commands.add_parser("content", help="the self-help content in content/")
    p.add_argument("action", choices=("check",))
    p.set_defaults(func=content)
    args = parser.parse_args(argv)
    if not PROBE:  # the probe prints one line and must stay light: no structlog, no eventlet
        from mskpeer.platform import logs

        try:
            parts = getattr(args, "service", None) or ["mskpeer"]
            logs.configure(env("LOG_LEVEL", "INFO"), log_format(), service=",".join(parts))
        except BadSetting as refusal:
            print(f"mskpeer: {refusal}", file=sys.stderr)
            return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
