"""Cases' copy of who sits on which conference, kept from scheduling's events.

Who may read a case depends on who chairs or sits on its conference. Scheduling owns
the seats; asking it on every read made each case read, and each clinician's list,
wait on a second service. So cases keeps the seats it needs, from
conference.assignment_changed (one event per person added or removed).

An existing deployment had seats before this copy: `catch_up_seats` fills it once from
scheduling (`seats_after`, page by page), then marks it filled. Until then, and only
then, a read asks scheduling as before (`Attended.unknown`). Every write is versioned by
the time scheduling made the change, so the catch-up and the events may interleave in
any order and the newest word on each seat wins.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import eventlet
from nameko.timer import timer
from sqlalchemy import insert, select

from contracts import events
from mskpeer.platform.consumer import on_event
from mskpeer.platform.engine import upsert
from services.cases import models

log = logging.getLogger(__name__)

READ_MODEL = "conference_seats"
PAGE = 1000  # seats per catch-up call: a year of a region's panels is tens of thousands
CATCH_UP_EVERY = 10.0  # seconds between attempts while scheduling is not answering
RPC_TIMEOUT = 30.0  # for a page of the catch-up
ASK_TIMEOUT = 10.0  # seconds to wait for scheduling before a read fails (copy not filled)


def filled(session) -> bool:
    r = models.read_models
    return session.execute(select(r.c.name).where(r.c.name == READ_MODEL)).first() is not None


def attended(session, clinician_id: str) -> list[str] | None:
    """Every conference the clinician chairs or sits on; None until the copy is filled.

    One statement, as it is asked on every read of a case: the copy's "filled" row,
    joined to their seats (no row at all: not filled; one with no conference: no seats).
    """
    r, s = models.read_models, models.conference_seats
    seats = (s.c.clinician_id == clinician_id) & s.c.seated.is_(True)
    rows = session.execute(
        select(s.c.conference_id)
        .select_from(r.outerjoin(s, seats))
        .where(r.c.name == READ_MODEL)
        .distinct()
    ).all()
    if not rows:
        return None
    return [row.conference_id for row in rows if row.conference_id is not None]


class Attended:
    """The reader's conferences, asked of the copy only when a rule needs them;
    `unknown` when the copy is not filled yet (then scheduling must be asked)."""

    def __init__(self, session, clinician_id: str):
        self.session, self.clinician_id, self.unknown = session, clinician_id, False

    def __call__(self) -> list[str]:
        found = attended(self.session, self.clinician_id)
        self.unknown = found is None
        return found or []


def record(session, seat: dict, seated: bool, at: datetime) -> None:
    """One seat as scheduling had it at `at`; an older word on the seat changes nothing."""
    s = models.conference_seats
    values = {k: seat[k] for k in ("conference_id", "clinician_id", "role")}
    at = at.astimezone(UTC)
    statement = upsert(session, s).values(**values, seated=seated, changed_at=at)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[s.c.conference_id, s.c.clinician_id, s.c.role],
            set_={"seated": statement.excluded.seated, "changed_at": statement.excluded.changed_at},
            where=s.c.changed_at <= statement.excluded.changed_at,
        )
    )


def mark_filled(session, now: datetime) -> None:
    r = models.read_models
    if not filled(session):  # two copies of the service may finish together: both say so
        session.execute(insert(r).values(name=READ_MODEL, filled_at=now))


class SeatsCopy:
    """Mixed into CasesService: needs `self.db`, `self.clock` and `self.scheduling`."""

    def _attended(self, reader) -> list[str]:
        with self.db.reading() as tx:
            known = attended(tx.session, reader["id"])
        return known if known is not None else self._asked_attended(reader)

    def _asked_attended(self, reader) -> list[str]:
        with eventlet.Timeout(ASK_TIMEOUT):
            return self.scheduling.conferences_attended(reader["id"])

    @on_event(events.CONFERENCE_ASSIGNMENT_CHANGED)
    def handle_conference_assignment_changed(self, event, tx):
        seat = {**event.data, "clinician_id": event.data["clinician"]["id"]}
        changed_at = datetime.fromisoformat(event.occurred_at)
        record(tx.session, seat, event.data["change"] == "added", changed_at)

    # Not eager: a start is scheduling's busiest moment (it plans its panels), and reads ask
    # scheduling until the copy is filled anyway.
    @timer(interval=CATCH_UP_EVERY)
    def catch_up_seats(self):
        """Fill the copy from scheduling once (an installation older than the copy)."""
        with self.db.transaction() as tx:
            if filled(tx.session):
                return
        after = None
        while True:
            try:
                with eventlet.Timeout(RPC_TIMEOUT):
                    page = self.scheduling.seats_after(after, PAGE)
            except (eventlet.Timeout, Exception) as error:  # scheduling not up yet: next tick
                log.warning("catching up the conference seats: %r; trying again", error)
                return
            as_of = datetime.fromisoformat(page["as_of"])
            with self.db.transaction() as tx:
                for seat in page["items"]:
                    record(tx.session, seat, True, as_of)
            if len(page["items"]) < PAGE:
                break
            after = page["items"][-1]
        with self.db.transaction() as tx:
            mark_filled(tx.session, self.clock())
