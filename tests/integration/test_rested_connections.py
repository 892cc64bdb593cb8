"""A pooled PostgreSQL connection that died while it rested is replaced, never handed out."""

import contextlib

import psycopg2
from sqlalchemy import text

from mskpeer.platform import engine as engines
from tests.support.infra import PG_ADMIN


def backend(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("select pg_backend_pid()")).scalar_one()


def test_a_connection_dropped_while_it_rested_is_replaced_and_one_in_use_is_not_tried(
    database_urls, monkeypatch
):
    engine = engines.make_engine(database_urls["cases"], green=False, pool_size=1)
    tried = []
    engine.dialect.do_ping = lambda connection: tried.append(connection) or True  # not ours
    first = backend(engine)
    assert backend(engine) == first, "a connection used a moment ago is handed out as it is"

    with contextlib.closing(psycopg2.connect(PG_ADMIN)) as admin:
        admin.autocommit = True
        with admin.cursor() as cursor:  # as a restart or a firewall would
            cursor.execute("select pg_terminate_backend(%s)", (first,))
    monkeypatch.setattr(engines, "PING_AFTER", 0.0)  # it has rested long enough

    assert backend(engine) != first, "the dead one was found out and a fresh one given"
    assert not tried, "SQLAlchemy's own ping on every checkout stays off"
    engine.dispose()
