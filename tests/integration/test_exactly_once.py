"""A handler applies an event once: delivered again, or to two workers at the same moment."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from types import SimpleNamespace

import eventlet
import pytest
from sqlalchemy import func, select

from contracts.envelope import Envelope
from mskpeer.platform.consumer import APPLIED, DUPLICATE, apply_once
from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import upgrade
from services.notifications import models
from tests.support.infra import postgres_databases
from tests.support.stores import a_store

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["postgresql", "sqlite"])
def service(request, tmp_path):
    """The notifications service's processed markers, as a handler's service sees them."""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'notifications.db'}"
        else:
            url = stack.enter_context(postgres_databases(["notifications"]))["notifications"]
        upgrade("notifications", url)
        engine = make_engine(url)
        stack.callback(engine.dispose)
        db = a_store(engine, models.messaging, lambda: NOW, service="notifications")
        yield SimpleNamespace(name="notifications", db=db, effects=[])


def an_event() -> Envelope:
    return Envelope.new("case.submitted", {"case_id": "c1"}, now=NOW)


def markers(service) -> int:
    with service.db.transaction() as tx:
        processed = service.db.tables["processed_events"]
        return tx.session.execute(select(func.count()).select_from(processed)).scalar()


def effect(service, envelope, tx):
    eventlet.sleep(0.2)  # long enough for a second worker to arrive meanwhile
    service.effects.append(envelope.event_id)


def test_an_event_delivered_again_is_skipped(service):
    event = an_event()
    assert apply_once(service, "handle", effect, event) == APPLIED
    assert apply_once(service, "handle", effect, event) == DUPLICATE
    assert service.effects == [event.event_id]
    assert markers(service) == 1


def test_two_workers_given_the_same_event_at_once_apply_it_once(service):
    event = an_event()
    workers = [eventlet.spawn(apply_once, service, "handle", effect, event) for _ in range(2)]
    assert sorted(worker.wait() for worker in workers) == [APPLIED, DUPLICATE]
    assert service.effects == [event.event_id]


def test_a_handler_that_fails_leaves_no_marker_so_the_retry_applies_it(service):
    event = an_event()

    def broken(service, envelope, tx):
        raise RuntimeError("the handler's own fault")

    with pytest.raises(RuntimeError):
        apply_once(service, "handle", broken, event)
    assert markers(service) == 0
    assert apply_once(service, "handle", effect, event) == APPLIED
    assert service.effects == [event.event_id]
