"""The scheduling service: conferences, rota, agendas, minutes and actions."""

from __future__ import annotations

from datetime import datetime, timedelta

from nameko.dependency_providers import Config
from sqlalchemy import select

from contracts import events
from contracts.errors import NotFound
from mskpeer.platform.clock import Clock
from mskpeer.platform.consumer import on_event
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.service import ReliableService
from services.scheduling import (
    agenda,
    experts,
    models,
    views,
)
from services.scheduling.calendar_rpc import CalendarQueries
from services.scheduling.coordination import Coordination
from services.scheduling.meeting_records import MeetingRecords
from services.scheduling.rostering import Rostering
from services.scheduling.staff_copy import StaffCopy

# Longer than any transaction that changes a seat, and than the clocks of two copies differ.
SNAPSHOT_MARGIN = timedelta(minutes=10)


class SchedulingService(
    Coordination, MeetingRecords, Rostering, CalendarQueries, StaffCopy, ReliableService
):
    name = "scheduling"

    db = Database(models.metadata, models.messaging)
    clock = Clock()
    config = Config()

    @rpc
    def conferences_attended(self, clinician_id):
        """Ids of every conference the clinician chairs or sits on, past and planned."""
        a = models.attendees
        with self.db.reading() as tx:
            rows = tx.session.execute(
                select(a.c.conference_id).where(a.c.clinician_id == clinician_id)
            )
            return [row.conference_id for row in rows]

    @rpc
    def seats_after(self, after=None, limit=1000):
        """Every seat (conference, clinician, role) after the seat `after`, in key order: how
        the cases service fills its copy of the seats once. `as_of` is a time by which every
        change the page shows had been made: a change still being committed as the page was
        read is announced by an event at least as new, which then wins over the page."""
        as_of = self.clock() - SNAPSHOT_MARGIN
        with self.db.transaction() as tx:
            items = views.seats_after(tx.session, after, limit)
        return {"items": items, "as_of": as_of.isoformat()}

    @rpc
    def list_conferences(self, start=None, end=None, offset=0, limit=50):
        """Conferences from `start` (default now), soonest first."""
        with self.db.reading() as tx:
            items, total = views.list_conferences(
                tx.session, start or self.clock(), end, offset, limit
            )
        return {"items": items, "total": total}

    @rpc(expected_exceptions=NotFound)
    def get_conference(self, conference_id, presenters=False):
        """A conference; with `presenters`, each agenda item's presenter (the chair's minutes
        name them: asking the cases and staff services per item made the page fan out)."""
        c = models.conferences
        with self.db.reading() as tx:
            row = tx.session.execute(select(c).where(c.c.id == conference_id)).first()
            if row is None:
                raise NotFound("CONFERENCE_NOT_FOUND", f"there is no conference {conference_id}")
            return views.conference_out(tx.session, row, presenters=presenters)

    @rpc
    def get_conferences(self, conference_ids):
        """Several conferences by id in one call, by id; the unknown are left out."""
        with self.db.reading() as tx:
            return views.conferences_by_id(tx.session, conference_ids)

    @on_event(events.CASE_SUBMITTED)
    def handle_case_submitted(self, event, tx):
        if agenda.add_waiting(tx.session, event.data):
            agenda.place_waiting(tx, self.clock())

    @on_event(events.CASE_MATCHED)
    def handle_case_matched(self, event, tx):
        agenda.hold(tx.session, self.clock())  # as placing takes it: one lock order, no deadlock
        matched_at = datetime.fromisoformat(event.data["matched_at"])
        if experts.remember(tx.session, event.data["case_id"], event.data["experts"], matched_at):
            experts.invite_for(tx, event.data["case_id"])

    @on_event(events.CASE_WITHDRAWN)
    def handle_case_withdrawn(self, event, tx):
        agenda.hold(tx.session, self.clock())  # its agenda and panel change: the one lock order
        placed = agenda.conference_of(tx.session, event.data["case_id"])
        if placed:
            experts.release(tx, event.data["case_id"], placed)
        agenda.withdraw(tx.session, event.data["case_id"])

    @on_event(events.CASE_REVISED)
    def handle_case_revised(self, event, tx):
        agenda.hold(tx.session, self.clock())  # a revised case may take longer on its agenda
        agenda.revise(tx.session, event.data)
