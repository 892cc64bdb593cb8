"""What a wedged product is doing, for the message of a failing test.

The services run as green threads in the test process, so their stacks can be
read here; PostgreSQL says what each of their connections is waiting for.
"""

from __future__ import annotations

import collections
import gc
import traceback

import greenlet
from sqlalchemy import text

from mskpeer.platform.engine import make_engine


def green_thread_stacks(top: int = 6, depth: int = 12) -> str:
    """The most common stacks of live green threads, with how many share each."""
    stacks = collections.Counter()
    for thing in gc.get_objects():
        if isinstance(thing, greenlet.greenlet) and thing.gr_frame is not None:
            stacks["".join(traceback.format_stack(thing.gr_frame)[-depth:])] += 1
    return "\n".join(f"--- {n} green thread(s):\n{stack}" for stack, n in stacks.most_common(top))


def database_activity(url: str) -> str:
    """What every connection to this database is doing and waiting for."""
    engine = make_engine(url, green=False)
    query = text(
        "select state, wait_event_type, wait_event, now() - xact_start as in_transaction_for,"
        " left(query, 100) as query from pg_stat_activity"
        " where datname = current_database() and pid <> pg_backend_pid()"
    )
    try:
        with engine.connect() as connection:
            return "\n".join(str(tuple(row)) for row in connection.execute(query))
    finally:
        engine.dispose()
