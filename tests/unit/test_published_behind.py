"""Events published behind a loop of transactions: all of them, in commit order, bounded."""

from __future__ import annotations

from datetime import UTC, datetime

import eventlet
import pytest
from eventlet.event import Event
from sqlalchemy import MetaData, select

from mskpeer.platform.engine import make_engine
from mskpeer.platform.published_behind import AHEAD, PublishedBehind
from mskpeer.platform.tables import add_messaging_tables
from tests.support.stores import a_store

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
PERSON = {"id": "p1", "name": "Invented Presenter", "email": "presenter@demo.nhs.uk"}


class Broker:
    """Stands in for publish_committed; can be held, as a broker slow to confirm is."""

    def __init__(self):
        self.published: list[list[str]] = []
        self.held: Event | None = None
        self.fail_next = False

    def publish_committed(self, envelopes):
        if self.held is not None:
            self.held.wait()
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError("broker away")
        self.published.append(list(envelopes))


def test_every_batch_is_published_in_commit_order_by_the_time_the_loop_leaves():
    broker = Broker()
    behind = PublishedBehind(broker.publish_committed)
    for batch in range(10):
        behind.publish([f"{batch}-a", f"{batch}-b"])
        eventlet.sleep(0)  # the loop's next transaction waits on the database meanwhile
    behind.finish()

    sent = [event for call in broker.published for event in call]
    assert sent == [f"{batch}-{x}" for batch in range(10) for x in "ab"]


def test_the_loop_goes_on_while_the_broker_confirms_but_only_so_far_ahead():
    broker = Broker()
    broker.held = Event()
    behind = PublishedBehind(broker.publish_committed)
    committed = []

    def loop():
        for batch in range(10):
            behind.publish([batch])
            committed.append(batch)

    looping = eventlet.spawn(loop)
    eventlet.sleep(0.05)
    # What is being published (the batches that were waiting, taken together) and AHEAD
    # more are all the loop may have in front of the broker; then it waits.
    assert AHEAD < len(committed) <= 2 * AHEAD + 1
    assert not looping.dead
    assert broker.published == []

    broker.held.send()
    looping.wait()
    behind.finish()
    assert [event for call in broker.published for event in call] == list(range(10))
    assert len(broker.published) < 10, "batches that waited went out together"


def test_a_batch_the_broker_refused_is_left_to_the_relay_and_the_next_ones_still_go():
    broker = Broker()
    broker.fail_next = True
    behind = PublishedBehind(broker.publish_committed)
    behind.publish(["refused"])
    eventlet.sleep(0)
    behind.publish(["next"])
    behind.finish()

    assert broker.published == [["next"]]


def test_a_killed_worker_leaves_what_is_unpublished_to_the_relay_and_stops_the_thread():
    broker = Broker()
    broker.held = Event()
    behind = PublishedBehind(broker.publish_committed)
    behind.publish(["stuck"])
    eventlet.sleep(0)
    behind.abandon()
    broker.held.send()
    eventlet.sleep(0.01)

    assert broker.published == []
    with pytest.raises(eventlet.queue.Full):  # nobody takes batches any more
        for _ in range(AHEAD + 1):
            behind._waiting.put_nowait(["after"])


def a_store_publishing_to(published: list[str]):
    """The outcomes service's `self.db` on an in-memory SQLite; the broker, a list of titles."""
    metadata = MetaData()
    tables = add_messaging_tables(metadata)
    engine = make_engine("sqlite://")
    metadata.create_all(engine)
    return a_store(
        engine, tables, lambda: NOW, lambda sent: published.extend(e.data["title"] for e in sent)
    )


def release(tx, title: str) -> None:
    data = {"follow_up_id": title, "case_id": title, "title": title, "due_at": NOW.isoformat()}
    tx.emit("follow_up.due", {**data, "presenter": PERSON, "chair": PERSON})


def test_a_store_publishes_each_transaction_behind_it_and_all_by_the_end():
    published: list[str] = []
    db = a_store_publishing_to(published)
    with db.published_behind() as behind:
        for title in ("first", "second", "third"):
            with behind.transaction() as tx:
                release(tx, title)
    assert published == ["first", "second", "third"]

    with db.transaction() as tx:  # the store itself still publishes at once
        release(tx, "fourth")
    assert published[-1] == "fourth"
    with db.transaction() as tx:
        outbox = tx.session.execute(select(db.tables["outbox"].c.event_id)).all()
    assert len(outbox) == 4


def test_a_loop_that_fails_still_publishes_what_it_committed_before():
    published: list[str] = []
    db = a_store_publishing_to(published)
    with pytest.raises(ValueError), db.published_behind() as behind:
        with behind.transaction() as tx:
            release(tx, "committed")
        with behind.transaction() as tx:
            release(tx, "rolled back")
            raise ValueError("the database refused the batch")
    assert published == ["committed"]
