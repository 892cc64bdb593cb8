"""The operator's commands of `mskpeer`: backup, restore, health, and migrate --wait
(docs/operations.md says when to use each)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from mskpeer.platform.settings import PARTS, SERVICES, database_url


def _urls(services) -> dict[str, str]:
    return {service: database_url(service) for service in services or SERVICES}


def backup(args) -> int:
    from mskpeer.backup import Refused, back_up
    from mskpeer.dumps import DumpFailed
    from mskpeer.platform.clock import utc_now

    try:
        manifest = back_up(Path(args.directory), _urls(args.service), utc_now())
    except (Refused, DumpFailed) as refusal:
        print(f"mskpeer: backup refused: {refusal}", file=sys.stderr)
        return 2
    print(json.dumps({s: e["revision"] for s, e in manifest["services"].items()}))
    if "referrals" in manifest["services"]:
        keys = ", ".join(manifest["services"]["referrals"]["sealed_with_keys"]) or "none yet"
        print(
            f"referrals is sealed with key(s) {keys}: keep REFERRALS_DATA_KEYS in the secret"
            " store, never beside this backup",
            file=sys.stderr,
        )
    return 0


def restore(args) -> int:
    from mskpeer.backup import Refused, read_manifest
    from mskpeer.backup import restore as restore_from
    from mskpeer.dumps import DumpFailed
    from mskpeer.platform.settings import nameko_config
    from services.referrals.dependencies import keyring_for
    from services.referrals.sealing import KeysMissing

    directory = Path(args.directory)
    try:
        services = args.service or list(read_manifest(directory)["services"])
        try:
            keys = keyring_for(nameko_config()).ids
        except KeysMissing:
            keys = set()  # then a backup holding sealed details is refused, naming the keys
        done = restore_from(directory, _urls(services), keys)
    except (Refused, DumpFailed) as refusal:
        print(f"mskpeer: {refusal}", file=sys.stderr)
        return 2
    print(json.dumps(done))
    return 0


def health(args) -> int:
    """The kubelet's exec probe: exit 0 when healthy, with a line saying why or why not."""
    from mskpeer.platform.heartbeat import verdict

    ok, line = verdict(args.service, args.alive, time.time())
    print(line)
    return 0 if ok else 1


def wait_for_migrations(services, timeout: float) -> int:
    from mskpeer.platform.schema import NewerSchema, wait_for_head

    try:
        at_head = wait_for_head(_urls(services), timeout, report=lambda line: print(line))
    except NewerSchema as newer:
        print(f"mskpeer: {newer}: this release cannot run on it", file=sys.stderr)
        return 2
    if not at_head:
        print(f"mskpeer: the migrations did not finish within {timeout:.0f}s", file=sys.stderr)
        return 1
    print("every database is at this release's head")
    return 0


def add_commands(commands) -> None:
    p = commands.add_parser("backup", help="every service's database into a new folder")
    p.add_argument("directory")
    p.add_argument("--service", action="append", choices=SERVICES)
    p.set_defaults(func=backup)
    p = commands.add_parser("restore", help="a backup into new, empty databases")
    p.add_argument("directory")
    p.add_argument("--service", action="append", choices=SERVICES)
    p.set_defaults(func=restore)
    p = commands.add_parser("health", help="this container's part: alive, and ready")
    p.add_argument("--service", required=True, choices=PARTS)
    p.add_argument(
        "--alive", action="store_true", help="only whether it runs (liveness), not its checks"
    )
    p.set_defaults(func=health)
