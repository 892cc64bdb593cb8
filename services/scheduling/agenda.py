"""Putting submitted cases on the agenda of the next conference with room."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select, update

from contracts import events
from contracts.errors import Conflict, Invalid, NotFound
from mskpeer.platform.clock import aware
from services.scheduling import experts, models
from services.scheduling.directory import addressee, people_by_id
from services.scheduling.domain import SLOT_MINUTES, Opening, opening_for, slot
from services.scheduling.presenters_away import days_away

SCHEDULED = "scheduled"
OPENINGS_AHEAD = 60  # conferences looked at for a place, soonest first


def hold(session, now: datetime) -> None:
    """Hold the agenda: the rows of the upcoming conferences, taken in one order by everyone.

    Placing a case reads how full each meeting is, so no other placement may
    change that before this one commits. Every change of an agenda or a panel
    takes these locks first and in the same order (start, then id), so two of
    them queue instead of deadlocking.
    """
    c = models.conferences
    session.execute(
        select(c.c.id)
        .where(c.c.status == SCHEDULED, c.c.starts_at > now, c.c.chair_id.is_not(None))
        .order_by(c.c.starts_at, c.c.id)
        .limit(OPENINGS_AHEAD)
        .with_for_update()
    ).all()


def openings(session, now: datetime, lock: bool = False) -> list[Opening]:
    c, a, s = models.conferences, models.agenda_items, models.series
    if lock:
        # Locks first, counts after, in a statement of its own: a statement that
        # waited for a lock still sees the minutes used before it waited (seen:
        # 15 cases in one 60-minute meeting when 300 arrived together).
        hold(session, now)
    used = (
        select(a.c.conference_id, func.coalesce(func.sum(a.c.minutes), 0).label("used"))
        .group_by(a.c.conference_id)
        .subquery()
    )
    query = (
        select(
            c.c.id,
            c.c.starts_at,
            c.c.ends_at,
            c.c.capacity_minutes,
            s.c.focus,
            func.coalesce(used.c.used, 0).label("used"),
        )
        .join(s, s.c.id == c.c.series_id)
        .outerjoin(used, used.c.conference_id == c.c.id)
        .where(c.c.status == SCHEDULED, c.c.starts_at > now, c.c.chair_id.is_not(None))
        .order_by(c.c.starts_at, c.c.id)
        .limit(OPENINGS_AHEAD)
    )
    return [
        Opening(
            row.id,
            aware(row.starts_at),
            aware(row.ends_at),
            int(row.used),
            row.capacity_minutes,
            row.focus,
        )
        for row in session.execute(query).all()
    ]


def add_waiting(session, data: dict) -> bool:
    """Remember a submitted case (case.submitted v2); False when it was already known."""
    a = models.agenda_items
    escalation = data.get("red_flag_escalation") or {"flags": [], "pathway": None}
    if session.execute(select(a.c.id).where(a.c.case_id == data["case_id"])).first():
        return False
    session.execute(
        insert(a).values(
            case_id=data["case_id"],
            conference_id=None,
            kind=data["kind"],
            title=data["title"],
            question=data["question"],
            urgency=data["urgency"],
            presenter=data["presenter"],
            minutes=SLOT_MINUTES[data["kind"]],
            submitted_at=datetime.fromisoformat(data["submitted_at"]),
            preferred_conference_id=data.get("preferred_conference_id"),
            body_region=data.get("body_region"),
            red_flags=escalation["flags"],
            escalation_pathway=escalation["pathway"],
        )
    )
    return True


def revise(session, data: dict) -> bool:
    """Show a case as its presenter corrected it; False when there was nothing to correct."""
    a = models.agenda_items
    item = session.execute(
        select(a.c.id, a.c.revised_at).where(a.c.case_id == data["case_id"])
    ).first()
    if item is None:
        # Withdrawn meanwhile (its item is gone), or its submission is not
        # here yet: either way there is no agenda entry to correct.
        return False
    revised_at = datetime.fromisoformat(data["revised_at"])
    if item.revised_at is not None and aware(item.revised_at) >= revised_at:
        return False  # a newer revision was applied already; this one came late
    session.execute(
        update(a)
        .where(a.c.id == item.id)
        .values(
            kind=data["kind"],
            title=data["title"],
            question=data["question"],
            urgency=data["urgency"],
            body_region=data.get("body_region"),
            # A group or topic takes longer to present than one patient.
            minutes=SLOT_MINUTES[data["kind"]],
            revised_at=revised_at,
        )
    )
    return True


def place_waiting(tx, now: datetime) -> int:
    """Give every waiting case a slot, urgent ones and older ones first."""
    a = models.agenda_items
    # The locks before the waiting list: a case another worker placed meanwhile is not
    # waiting any more, and is not placed (nor announced) a second time.
    available = {o.conference_id: o for o in openings(tx.session, now, lock=True)}
    waiting = tx.session.execute(
        select(a)
        .where(a.c.conference_id.is_(None))
        .order_by((a.c.urgency == "soon").desc(), a.c.submitted_at)
    ).all()
    if not waiting:
        return 0
    away = days_away(tx.session, {item.presenter["id"] for item in waiting}, now)
    meetings: dict[str, tuple[str, dict]] = {}  # each conference read once, however many land
    placed = 0
    for item in waiting:
        opening = opening_for(
            available.values(),
            item.minutes,
            now,
            item.preferred_conference_id,
            item.body_region,
            away.get(item.presenter["id"], frozenset()),
        )
        if opening is None:
            continue
        starts, ends = slot(opening, item.minutes)
        taken = tx.session.execute(
            update(a)
            .where(a.c.id == item.id, a.c.conference_id.is_(None))
            .values(conference_id=opening.conference_id, moved_from=None, position=None)
        )
        if taken.rowcount == 0:
            continue  # withdrawn meanwhile (a withdrawal needs no place on any agenda)
        available[opening.conference_id] = opening.with_item(item.minutes)
        if opening.conference_id not in meetings:
            meetings[opening.conference_id] = _where_and_chair(tx.session, opening.conference_id)
        location, chair = meetings[opening.conference_id]
        announced = {
            "case_id": item.case_id,
            "conference_id": opening.conference_id,
            "title": item.title,
            "starts_at": opening.starts_at.isoformat(),
            "ends_at": opening.ends_at.isoformat(),
            "slot_starts_at": starts.isoformat(),
            "slot_ends_at": ends.isoformat(),
            "location": location,
            "chair": chair,
            "presenter": item.presenter,
            "red_flags": item.red_flags or [],  # escalated already: the chair should know
        }
        if item.moved_from:  # it had a place before: the presenter hears it moved
            tx.emit(
                events.CASE_RESCHEDULED, {**announced, "previous_conference_id": item.moved_from}
            )
        else:
            tx.emit(events.CASE_SCHEDULED, announced)
        if item.moved_from:  # its expert was invited to the meeting it left
            experts.release(tx, item.case_id, item.moved_from)
        experts.invite_for(tx, item.case_id)
        placed += 1
    return placed


def _where_and_chair(session, conference_id: str) -> tuple[str, dict]:
    c = models.conferences
    row = session.execute(select(c.c.location, c.c.chair_id).where(c.c.id == conference_id)).one()
    return row.location, addressee(people_by_id(session, [row.chair_id])[row.chair_id])


def conference_of(session, case_id: str) -> str | None:
    """The conference a case is placed on (None while it waits, or once it is gone)."""
    a = models.agenda_items
    return session.execute(select(a.c.conference_id).where(a.c.case_id == case_id)).scalar()


def withdraw(session, case_id: str) -> None:
    """A withdrawn case leaves its agenda; the cases after it move up a slot."""
    session.execute(delete(models.agenda_items).where(models.agenda_items.c.case_id == case_id))


def unplace_all(session, conference_id: str) -> int:
    """Send a conference's cases back to wait for the next suitable one (it was cancelled)."""
    a = models.agenda_items
    moved = session.execute(
        update(a)
        .where(a.c.conference_id == conference_id)
        .values(conference_id=None, moved_from=conference_id, position=None)
    )
    return moved.rowcount


def reorder(session, conference_id: str, case_ids: list[str]) -> None:
    """The chair's order of discussion: every case on the agenda, each once."""
    a = models.agenda_items
    on_agenda = set(
        session.execute(select(a.c.case_id).where(a.c.conference_id == conference_id)).scalars()
    )
    if set(case_ids) != on_agenda or len(case_ids) != len(on_agenda):
        raise Invalid(
            "AGENDA_MISMATCH",
            "list every case on this agenda once, in the order to discuss them",
            {"case_ids": ["must be exactly the cases on this agenda"]},
        )
    for position, case_id in enumerate(case_ids):
        session.execute(update(a).where(a.c.case_id == case_id).values(position=position))


def move_item(tx, conference_id: str, case_id: str, to_id: str, now: datetime) -> None:
    """The chair moves a case to another conference with room; it announces case.rescheduled."""
    a = models.agenda_items
    item = tx.session.execute(
        select(a).where(a.c.case_id == case_id, a.c.conference_id == conference_id)
    ).first()
    if item is None:
        raise NotFound("AGENDA_ITEM_NOT_FOUND", "this case is not on this conference's agenda")
    target = next(
        (o for o in openings(tx.session, now, lock=True) if o.conference_id == to_id), None
    )
    if target is None or target.minutes_free < item.minutes:
        raise Conflict("NO_ROOM", "that conference is not ahead, has no chair or has no room left")
    tx.session.execute(
        update(a)
        .where(a.c.id == item.id)
        .values(conference_id=None, moved_from=conference_id, preferred_conference_id=to_id)
    )
    place_waiting(tx, now)


def carry_forward(tx, conference_id: str, case_ids: list[str], now: datetime) -> None:
    """Cases the meeting did not reach wait for the next suitable conference; placing them
    again tells each presenter where (case.rescheduled)."""
    a = models.agenda_items
    tx.session.execute(
        update(a)
        .where(a.c.conference_id == conference_id, a.c.case_id.in_(case_ids))
        .values(conference_id=None, moved_from=conference_id, position=None)
    )
    place_waiting(tx, now)


def in_order(session, conference_id: str) -> list:
    """A conference's agenda items in the chair's order, then in order of arrival."""
    return agendas_in_order(session, [conference_id]).get(conference_id, [])


def agendas_in_order(session, conference_ids) -> dict[str, list]:
    """`in_order` for several conferences in one statement."""
    a = models.agenda_items
    found: dict[str, list] = {}
    for item in session.execute(
        select(a)
        .where(a.c.conference_id.in_(list(conference_ids)))
        .order_by(a.c.conference_id, a.c.position.is_(None), a.c.position, a.c.id)
    ):
        found.setdefault(item.conference_id, []).append(item)
    return found
