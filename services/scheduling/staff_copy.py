"""Scheduling's copy of the staff list, kept from the staff service's events.

New people change what the rota can do: conferences generated before anyone was
known (a new installation, the demo's first seconds) get their panels as soon as
the people arrive, not at the next half-minute planning round.
"""

from __future__ import annotations

from nameko.extensions import DependencyProvider

from contracts import events
from mskpeer.platform.consumer import on_event
from mskpeer.platform.timers import timer
from services.scheduling import directory, leavers


class StaffArrivals(DependencyProvider):
    """Remembers that people joined since the last planning round (one flag per process)."""

    def setup(self):
        self.joined = False

    def get_dependency(self, worker_ctx):
        return self

    def noted(self) -> None:
        self.joined = True

    def taken(self) -> bool:
        joined, self.joined = self.joined, False
        return joined


class StaffCopy:
    """Mixed into SchedulingService: needs `self.db`, `self.clock`, `plan_conferences` and
    `_quorum_check_before`."""

    staff_arrivals = StaffArrivals()

    @on_event(events.STAFF_JOINED)
    def handle_staff_joined(self, event, tx):
        if directory.keep(tx.session, event.data):
            tx.after_commit(self.staff_arrivals.noted)

    @on_event(events.STAFF_CHANGED)
    def handle_staff_changed(self, event, tx):
        directory.keep(tx.session, event.data)

    @on_event(events.STAFF_LEFT)
    def handle_staff_left(self, event, tx):
        """Off the panels: away on each day they held a seat, and those days planned again."""
        now, leaver = self.clock(), event.data["staff_id"]
        directory.keep(tx.session, event.data)
        seats = leavers.seats_ahead(tx.session, leaver, now)
        leavers.away_from(tx.session, leaver, seats, now)
        if seats:  # planning takes transactions of its own: after this one commits
            close = self._quorum_check_before()
            tx.after_commit(lambda: leavers.replan(self.db, seats, close, now))

    @timer(interval=1)
    def plan_for_new_staff(self):
        """Once a burst of people has joined, plan the conferences still without a panel."""
        if self.staff_arrivals.taken() and not self.plan_conferences():
            self.staff_arrivals.noted()  # another copy was planning, perhaps without them
