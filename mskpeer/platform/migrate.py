"""Alembic migrations, one history per service, run from code (`mskpeer migrate`).

Two copies of a service starting together both migrate its database. On
PostgreSQL the second waits for the first on an advisory lock held for the
migration's transaction, then finds the schema at head and does nothing; on
SQLite the product is one process.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from mskpeer.platform.engine import is_sqlite, make_engine, serialised
from mskpeer.platform.settings import database_url

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(service: str, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "services" / service / "migrations"))
    config.set_main_option("version_table", "alembic_version")
    config.attributes["url"] = url or database_url(service)
    config.attributes["service"] = service
    return config


def upgrade(service: str, url: str | None = None, revision: str = "head") -> None:
    url = url or database_url(service)
    if is_sqlite(url):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(service, url), revision)


def reached(service: str, url: str, revision: str) -> bool:
    """Whether a service's database is at `revision` or past it."""
    if is_sqlite(url) and not Path(url.removeprefix("sqlite:///")).exists():
        return False
    engine = make_engine(url, green=False)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    if current is None:
        return False
    script = ScriptDirectory.from_config(alembic_config(service, url))
    return any(r.revision == revision for r in script.iterate_revisions(current, "base"))


def run_env(context) -> None:
    """The body of every service's migrations/env.py."""
    config = context.config
    service = config.attributes["service"]
    metadata = importlib.import_module(f"services.{service}.models").metadata
    engine = make_engine(config.attributes["url"], green=False)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=is_sqlite(config.attributes["url"]),  # SQLite alters by copying
            compare_type=True,
        )
        with context.begin_transaction():
            serialised(connection, f"mskpeer.migrate.{service}")
            context.run_migrations()
    engine.dispose()
