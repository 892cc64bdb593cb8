"""Copying one service's database to a file and back: PostgreSQL with pg_dump's custom
format and pg_restore, SQLite (the embedded defaults) with SQLite's online backup.

A password never goes on a command line, where `ps` would show it: libpq reads it
from PGPASSWORD instead.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import make_url, text

from mskpeer.platform.engine import is_sqlite, make_engine

POSTGRESQL, SQLITE = "postgresql", "sqlite"


class DumpFailed(Exception):
    pass


def kind_of(url: str) -> str:
    return SQLITE if is_sqlite(url) else POSTGRESQL


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def tool_version(tool: str) -> str:
    """`pg_dump --version` as `15.20`."""
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True)
    except FileNotFoundError:
        missing = f"{tool} is not installed (Debian: apt-get install postgresql-client)"
        raise DumpFailed(missing) from None
    return re.search(r"(\d+(?:\.\d+)*)", out.stdout).group(1)


def major(version: str) -> int:
    return int(version.split(".")[0])


def _libpq(url: str) -> tuple[str, dict]:
    """A connection URI for libpq without its password, and the environment carrying it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DumpFailed(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def server_version(url: str) -> str:
    if is_sqlite(url):
        return sqlite3.sqlite_version
    engine = make_engine(url, green=False)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SHOW server_version")).scalar_one().split()[0]
    finally:
        engine.dispose()


def dump(url: str, path: Path) -> None:
    if is_sqlite(url):
        # The online backup copies a consistent snapshot while the service keeps writing.
        with (
            sqlite3.connect(sqlite_path(url)) as source,
            sqlite3.connect(path) as target,
        ):
            source.backup(target)
        return
    uri, env = _libpq(url)
    # One snapshot of the whole database (pg_dump reads in one repeatable-read transaction).
    _run(["pg_dump", "--format=custom", "--file", str(path), "--dbname", uri], env)


def load(path: Path, url: str) -> None:
    """Into an empty database (checked before: see `is_empty`)."""
    if is_sqlite(url):
        target_path = sqlite_path(url)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(path) as source, sqlite3.connect(target_path) as target:
            source.backup(target)
        return
    uri, env = _libpq(url)
    # All or nothing; owners and grants are the new cluster's, not the old one's.
    command = ["pg_restore", "--exit-on-error", "--single-transaction", "--no-owner"]
    _run([*command, "--no-privileges", "--dbname", uri, str(path)], env)


def is_empty(url: str) -> bool:
    if is_sqlite(url):
        path = sqlite_path(url)
        if not path.exists():
            return True
        with sqlite3.connect(path) as connection:
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            return connection.execute(query).fetchone()[0] == 0
    engine = make_engine(url, green=False)
    try:
        with engine.connect() as connection:
            query = text(
                "SELECT count(*) FROM pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            )
            return connection.execute(query).scalar_one() == 0
    finally:
        engine.dispose()
