"""Publishing a run of transactions' events behind them, in commit order.

A loop that commits batch after batch (the follow-up release) waited for the
broker to confirm each batch's events before it claimed the next one: about a
third of its time. Here one green thread publishes each committed batch while
the loop goes on with the next. It publishes in commit order, so a chain's
later step never goes out before its earlier one, and batches that wait meanwhile
go out together, sharing one round of confirms.

Only AHEAD batches may wait behind those being published; then the loop waits
too. So an event is published well inside the relay's grace (RELAY_GRACE) after
its commit, or the relay would publish it as well (harmless, every consumer
being idempotent, but wasted work).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import eventlet
from eventlet.queue import LightQueue

from contracts.envelope import Envelope

log = logging.getLogger(__name__)

AHEAD = 2  # committed batches waiting to be published before the loop waits for them
_DONE = None


class PublishedBehind:
    def __init__(self, publish_committed: Callable[[list[Envelope]], None]):
        self._publish_committed = publish_committed
        self._waiting: LightQueue = LightQueue(AHEAD)
        self._thread = eventlet.spawn(self._run)

    def publish(self, envelopes: list[Envelope]) -> None:
        """Called right after a commit: returns at once unless AHEAD batches are waiting."""
        self._waiting.put(list(envelopes))

    def finish(self) -> None:
        """Once every batch handed over has been published (or left to the relay)."""
        self._waiting.put(_DONE)
        self._thread.wait()

    def abandon(self) -> None:
        """The worker is being killed: what is not published stays in the outbox, where
        the relay finds it."""
        self._thread.kill()

    def _run(self) -> None:
        finished = False
        while not finished:
            envelopes: list[Envelope] = []
            for batch in self._taken():
                if batch is _DONE:
                    finished = True
                    break
                envelopes += batch
            if envelopes:
                self._publish(envelopes)

    def _taken(self):
        yield self._waiting.get()
        while self._waiting.qsize():
            yield self._waiting.get_nowait()

    def _publish(self, envelopes: list[Envelope]) -> None:
        # This thread must outlive a failure: the loop would wait on a full queue for ever.
        try:
            self._publish_committed(envelopes)
        except Exception:
            log.exception("publishing %d committed events: left to the relay", len(envelopes))
