"""`mskpeer backup DIR` and `mskpeer restore DIR`: every service's database, one file each,
and a manifest that lets a restore refuse what it cannot restore faithfully.

The manifest is written last, so a folder without one is a backup that did not finish.
It records, per service, the engine, the alembic revision, the file's SHA-256 and size,
and for referrals the ids (never the values) of the keys that sealed patients' details.
Every check is made before anything is written, so a refused restore changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from mskpeer import dumps
from mskpeer.platform.schema import knows, state

FORMAT = 1
MANIFEST = "manifest.json"
SUFFIX = {dumps.POSTGRESQL: "dump", dumps.SQLITE: "sqlite"}


class Refused(Exception):
    """A backup or restore that would not be faithful; the message says why, for a person."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tools(kinds: set[str]) -> dict:
    tools = {"mskpeer": version("mskpeer")}
    if dumps.POSTGRESQL in kinds:
        tools["pg_dump"] = dumps.tool_version("pg_dump")
    if dumps.SQLITE in kinds:
        tools["sqlite"] = sqlite3.sqlite_version
    return tools


def back_up(directory: Path, urls: dict[str, str], now: datetime) -> dict:
    """Every service in `urls` into `directory` (new or empty). Returns the manifest."""
    if directory.exists() and any(directory.iterdir()):
        raise Refused(f"{directory} is not empty: each backup goes into a folder of its own")
    states = {service: state(service, url) for service, url in urls.items()}
    for schema in states.values():
        if schema.current is None:
            raise Refused(f"{schema.describe()}: nothing to back up")
    directory.mkdir(parents=True, exist_ok=True)
    kinds = {dumps.kind_of(url) for url in urls.values()}
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "tools": _tools(kinds),
        "services": {},
    }
    for service, url in urls.items():
        kind = dumps.kind_of(url)
        path = directory / f"{service}.{SUFFIX[kind]}"
        dumps.dump(url, path)
        entry = {
            "engine": kind,
            "server_version": dumps.server_version(url),
            "revision": states[service].current,
            "file": path.name,
            "bytes": path.stat().st_size,
            "sha256": sha256(path),
        }
        if service == "referrals":
            entry["sealed_with_keys"] = sorted(_referral_keys(url))
        manifest["services"][service] = entry
    written = directory / (MANIFEST + ".partial")
    written.write_text(json.dumps(manifest, indent=2) + "\n")
    written.rename(directory / MANIFEST)
    return manifest


def read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    if not path.exists():
        raise Refused(f"{directory} has no {MANIFEST}: not a backup, or one that did not finish")
    try:
        manifest = json.loads(path.read_text())
    except ValueError:
        raise Refused(f"{path} is not readable JSON: the backup is damaged") from None
    if manifest.get("format") != FORMAT:
        raise Refused(f"{path}: format {manifest.get('format')!r}; this release reads {FORMAT}")
    return manifest


def check(directory: Path, manifest: dict, urls: dict[str, str], keys: set[str]) -> list[str]:
    """Why restoring these services from this backup into `urls` would not be faithful."""
    problems = []
    held = manifest["services"]
    tools = manifest["tools"]
    for service, url in urls.items():
        entry = held.get(service)
        if entry is None:
            problems.append(f"{service}: not in this backup (it holds {', '.join(held)})")
            continue
        path = directory / entry["file"]
        if not path.exists():
            problems.append(f"{service}: {entry['file']} is missing from the backup")
        elif path.stat().st_size != entry["bytes"] or sha256(path) != entry["sha256"]:
            problems.append(f"{service}: {entry['file']} is damaged (its checksum differs)")
        if not knows(service, entry["revision"]):
            problems.append(
                f"{service}: backed up at revision {entry['revision']}, which this release"
                f" does not know; restore with mskpeer {tools['mskpeer']}, which made it"
            )
        if dumps.kind_of(url) != entry["engine"]:
            problems.append(
                f"{service}: backed up from {entry['engine']}, but its database here is"
                f" {dumps.kind_of(url)}"
            )
        elif entry["engine"] == dumps.POSTGRESQL:
            problems += _pg_restore_reads(service, tools["pg_dump"])
        missing = set(entry.get("sealed_with_keys", ())) - keys
        if missing:
            problems.append(
                f"{service}: patients' details are sealed with key(s) {', '.join(sorted(missing))}"
                ", which REFERRALS_DATA_KEYS here does not hold: restore the keys from their"
                " own store first"
            )
        try:
            if not dumps.is_empty(url):
                problems.append(f"{service}: its database here is not empty: use a new one")
        except Exception as error:
            problems.append(f"{service}: its database here cannot be reached ({error})")
    return problems


def _pg_restore_reads(service: str, dumped_by: str) -> list[str]:
    # pg_restore reads the archives of its own and older pg_dump versions only.
    ours = dumps.tool_version("pg_restore")
    if dumps.major(ours) < dumps.major(dumped_by):
        return [f"{service}: dumped by pg_dump {dumped_by}; pg_restore here is {ours}"]
    return []


def restore(directory: Path, urls: dict[str, str], keys: set[str]) -> dict[str, str]:
    """Every service in `urls` from the backup. Returns what each is at and what is next."""
    manifest = read_manifest(directory)
    problems = check(directory, manifest, urls, keys)
    if problems:
        raise Refused("restore refused, nothing was changed:\n  " + "\n  ".join(problems))
    done = {}
    for service, url in urls.items():
        entry = manifest["services"][service]
        dumps.load(directory / entry["file"], url)
        restored = state(service, url)
        if restored.current != entry["revision"]:
            raise Refused(f"{service}: restored at {restored.current}, not {entry['revision']}")
        # An older release's backup restores as it was; `mskpeer migrate` brings it forward.
        done[service] = "at head" if restored.at_head else f"at {restored.current}: migrate next"
    return done


def _referral_keys(url: str) -> set[str]:
    from sqlalchemy.orm import Session

    from mskpeer.platform.engine import make_engine
    from services.referrals.keeping import keys_in_use

    engine = make_engine(url, green=False)
    try:
        with Session(engine) as session:
            return keys_in_use(session)
    finally:
        engine.dispose()
