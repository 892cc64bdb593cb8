"""Where a service's database stands against this release's migrations, read without
changing anything: for `mskpeer migrate --wait` and for backups."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from mskpeer.platform.engine import is_sqlite, make_engine
from mskpeer.platform.migrate import alembic_config


@dataclass(frozen=True)
class SchemaState:
    service: str
    current: str | None  # None: never migrated
    head: str
    known: bool  # whether this release's migrations know `current`

    @property
    def at_head(self) -> bool:
        return self.current == self.head

    def describe(self) -> str:
        if self.current is None:
            return f"{self.service}: not migrated yet (this release's head is {self.head})"
        if not self.known:
            return (
                f"{self.service}: at revision {self.current}, which this release does not know"
                " (a newer release migrated it)"
            )
        return f"{self.service}: at {self.current}, head {self.head}"


def migrations(service: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(service, "sqlite://"))


def current_revision(url: str) -> str | None:
    if is_sqlite(url) and not Path(url.removeprefix("sqlite:///")).exists():
        return None  # do not create an empty file by looking
    engine = make_engine(url, green=False)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def knows(service: str, revision: str) -> bool:
    try:
        return migrations(service).get_revision(revision) is not None
    except CommandError:
        return False


def state(service: str, url: str) -> SchemaState:
    current = current_revision(url)
    head = migrations(service).get_current_head()
    return SchemaState(service, current, head, current is None or knows(service, current))


class NewerSchema(Exception):
    """The database was migrated by a release newer than this one: waiting cannot help."""


def wait_for_head(
    urls: dict[str, str],
    timeout: float,
    interval: float = 2.0,
    report: Callable[[str], None] = print,
) -> bool:
    """Wait, without migrating, until every database is at this release's head: the
    migration Job does the migrating, once. True when they are; False on the timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        states = []
        for service, url in urls.items():
            try:
                states.append(state(service, url))
            except Exception as error:  # the database not reachable yet, as in a fresh cluster
                states.append(f"{service}: not reachable ({type(error).__name__})")
        waiting = [s for s in states if not isinstance(s, SchemaState) or not s.at_head]
        for s in waiting:
            if isinstance(s, SchemaState) and not s.known:
                raise NewerSchema(s.describe())
        if not waiting:
            return True
        summary = "; ".join(s if isinstance(s, str) else s.describe() for s in waiting)
        if summary != last:
            report(f"waiting for the migrations: {summary}")
            last = summary
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
