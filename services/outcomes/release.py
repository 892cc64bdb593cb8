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

import time

from services.outcomes.domain import Timings
from services.outcomes.repository import FollowUps

# Small enough that a batch is published within RELAY_GRACE (2 s) of being written even on
# a busy machine, or the relay would publish it a second time (harmless, but wasted work).
BATCH = 100
BUDGET_SECONDS = 5.0  # then return, so the service can stop; the timer fires again at once


def release_due_steps(db, clock, timings: Timings, batch: int = BATCH, budget=BUDGET_SECONDS):
    """Release what is due now. Returns how many events were released."""
    released = 0
    deadline = time.monotonic() + budget
    while True:
        with db.transaction() as tx:
            follow_ups = FollowUps(tx.session)
            claimed = follow_ups.due(clock(), limit=batch)
            steps = [(before, *before.advance(timings)) for before in claimed]
            moved = follow_ups.save_all([(before, after) for before, after, _event in steps])
            for before, _after, event_type in steps:
                if before.id in moved and event_type:
                    tx.emit(event_type, before.event_data())
                    released += 1
        if len(claimed) < batch or time.monotonic() > deadline:
            return released
