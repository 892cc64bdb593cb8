"""Releasing the follow-up steps that fell due: each once, in order, however many copies run.

Due times live in the database, not in broker delays (a six-week wait must
survive restarts and deployments). A copy of the service claims a batch of due
chains, takes one step of each, and writes the events to the outbox in the
same transaction:
- PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two copies take different rows and
  a copy killed mid-batch loses nothing (its transaction rolls back, its rows
  are free again);
- SQLite: writes are serialised, and `FollowUps.save` only moves a chain from
  the version it read, so a step can never be taken twice.
A chain whose next step is also overdue (the service was down for weeks) is
claimed again in a later batch, so its steps go out in their own order.
"""

from __future__ import annotations

import functools
import time

from sqlalchemy import func, select

from mskpeer.platform import metrics
from mskpeer.platform.clock import aware
from services.outcomes import models
from services.outcomes.domain import ACTIVE, Timings
from services.outcomes.repository import FollowUps

# Chains claimed in one transaction. Larger batches share a claim, an update and a commit
# among more chains (200 released 20,000 in 13.6-14.0 s where 100 took 15.9-17.2); smaller
# ones keep each publish well within RELAY_GRACE (2 s) of its commit on a busy machine,
# or the relay would publish it a second time (harmless, but wasted work).
BATCH = 200
BUDGET_SECONDS = 5.0  # then return, so the service can stop; the timer fires again at once


def release_due_steps(db, clock, timings: Timings, batch: int = BATCH, budget=BUDGET_SECONDS):
    """Release what is due now. Returns how many events were released."""
    released = 0
    deadline = time.monotonic() + budget
    # The broker confirms a batch while the next one is claimed.
    with db.published_behind() as behind:
        while True:
            claimed, emitted = _release_a_batch(behind, clock, timings, batch)
            released += emitted
            if claimed < batch or time.monotonic() > deadline:
                return released


def _release_a_batch(db, clock, timings: Timings, batch: int) -> tuple[int, int]:
    """(chains claimed, events emitted) in one transaction."""
    emitted = 0
    with db.transaction() as tx:
        follow_ups = FollowUps(tx.session)
        claimed = follow_ups.due(clock(), limit=batch)
        steps = [(before, *before.advance(timings)) for before in claimed]
        moved = follow_ups.save_all([(before, after) for before, after, _event in steps])
        now = clock()
        for before, _after, event_type in steps:
            if before.id in moved and event_type:
                tx.emit(event_type, before.event_data())
                emitted += 1
                late = metrics.FOLLOW_UP_LATENESS.labels(event_type)
                tx.after_commit(functools.partial(late.observe, _seconds(now - before.due_at)))
    return len(claimed), emitted


def _seconds(delta) -> float:
    return max(0.0, delta.total_seconds())


def overdue_seconds(connection, tables, now) -> float:
    """How long the oldest step that fell due has waited (for Prometheus, at each scrape):
    a few seconds while the timer keeps up; growing when it cannot, or is not running."""
    follow_ups = models.follow_ups
    oldest = connection.execute(
        select(func.min(follow_ups.c.due_at)).where(
            follow_ups.c.status == ACTIVE, follow_ups.c.due_at <= now
        )
    ).scalar()
    return _seconds(now - aware(oldest)) if oldest else 0.0
