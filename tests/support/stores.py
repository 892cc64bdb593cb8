"""A service's `self.db` as a worker sees it, on a database of the test's own."""

from __future__ import annotations

from types import SimpleNamespace

from mskpeer.platform.database import Store
from mskpeer.platform.engine import GreenLock


def a_store(engine, tables, now, publish_committed=lambda envelopes: None, service="outcomes"):
    """The real Store over `engine`; its broker is `publish_committed`, called after each
    commit with the transaction's envelopes."""
    provider = SimpleNamespace(
        container=SimpleNamespace(service_name=service, config={}),
        tables=tables,
        now=now,
        engine=engine,
        lock=GreenLock(str(engine.url)),
        pins={},
        publish_committed=publish_committed,
    )
    worker = SimpleNamespace(data={}, entrypoint=SimpleNamespace(method_name="handle"))
    return Store(provider, worker)
