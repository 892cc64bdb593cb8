"""Inviting the colleague best matched to a case to the conference that discusses it.

The cases service matches each case to contact cards (case.matched). Here the
best-matched colleague who is free joins the case's conference as its expert:
not already on that panel, and not sitting on another conference within
MIN_GAP of it, so expertise spreads without loading the same few people.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import delete, insert, select, update

from contracts import events
from mskpeer.platform.clock import aware
from mskpeer.platform.engine import upsert
from services.scheduling import models
from services.scheduling.directory import addressee, people_by_id
from services.scheduling.rota_inputs import local_day

EXPERT = "expert"
MIN_GAP = timedelta(days=14)


def first_free(matches: list[dict], on_panel: set[str], busy: set[str]) -> str | None:
    """The best-matched colleague not on the panel already and not busy nearby."""
    for match in matches:
        if match["clinician_id"] not in on_panel | busy:
            return match["clinician_id"]
    return None


def too_close(day: date, other_days) -> bool:
    """Another conference within MIN_GAP of that day, counted in London days as the rota's
    maximum counts them (rota.rules), so an invitation never breaks that rule."""
    return any(abs(other - day) < MIN_GAP for other in other_days)


def _busy_near(session, conference_id: str, starts_at: datetime) -> set[str]:
    """Who sits, stands by or is invited on another conference too close to this one."""
    a, c = models.attendees, models.conferences
    rows = session.execute(
        select(a.c.clinician_id, c.c.starts_at)
        .join(c, c.c.id == a.c.conference_id)
        .where(
            c.c.id != conference_id,
            c.c.status != "cancelled",  # as the rota's history leaves them out
            c.c.starts_at > starts_at - MIN_GAP - timedelta(days=1),
            c.c.starts_at < starts_at + MIN_GAP + timedelta(days=1),
        )
    ).all()
    days = defaultdict(list)
    for row in rows:
        days[row.clinician_id].append(local_day(row.starts_at))
    day = local_day(starts_at)
    return {person_id for person_id, other in days.items() if too_close(day, other)}


def remember(session, case_id: str, experts: list[dict], matched_at: datetime) -> bool:
    """Keep the newest matches of a case; False when these are older than what we have."""
    m = models.case_matches
    known = session.execute(select(m).where(m.c.case_id == case_id)).first()
    if known is None:
        session.execute(insert(m).values(case_id=case_id, experts=experts, matched_at=matched_at))
    elif aware(known.matched_at) < matched_at:
        session.execute(
            update(m).where(m.c.case_id == case_id).values(experts=experts, matched_at=matched_at)
        )
    else:
        return False
    return True


def invite_for(tx, case_id: str) -> str | None:
    """Invite the case's best free match to its conference, once. Returns who was invited.

    They are told as anyone given a seat is (conference.assignment_changed): an
    email with the calendar invite, and why they were asked.
    """
    session = tx.session
    m, items, c, a = models.case_matches, models.agenda_items, models.conferences, models.attendees
    row = session.execute(
        select(m.c.experts, m.c.invited_id, items.c.conference_id, items.c.title)
        .add_columns(c.c.id, c.c.starts_at, c.c.ends_at, c.c.location)  # for the announcement
        .join(items, items.c.case_id == m.c.case_id)
        .join(c, c.c.id == items.c.conference_id)
        .where(m.c.case_id == case_id)
    ).first()
    if row is None or row.invited_id is not None:
        return None  # not on an agenda yet, or its expert is invited already
    on_panel = set(
        session.execute(
            select(a.c.clinician_id).where(a.c.conference_id == row.conference_id)
        ).scalars()
    )
    busy = _busy_near(session, row.conference_id, aware(row.starts_at))
    active = set(
        session.execute(
            select(models.clinicians.c.id).where(models.clinicians.c.active.is_(True))
        ).scalars()
    )
    chosen = first_free([e for e in row.experts if e["clinician_id"] in active], on_panel, busy)
    if chosen is None:
        return None
    match = next(e for e in row.experts if e["clinician_id"] == chosen)
    why = [f"Invited as the expert for the case ‘{row.title}’", *match["reasons"]]
    # Two cases on one agenda may pick the same colleague: they sit on that panel once,
    # and are told once.
    seated = session.execute(
        upsert(session, a)
        .values(conference_id=row.conference_id, clinician_id=chosen, role=EXPERT, reasons=why)
        .on_conflict_do_nothing(index_elements=[a.c.conference_id, a.c.clinician_id])
    ).rowcount
    session.execute(update(m).where(m.c.case_id == case_id).values(invited_id=chosen))
    if seated:
        _announce(tx, case_id, row, chosen, "added", why)
    return chosen


def release(tx, case_id: str, conference_id: str) -> str | None:
    """The case left that conference (moved, withdrawn): its expert's seat goes with it, and
    they are told, unless the whole meeting was cancelled (they heard that already).
    The case's next conference invites an expert afresh. Returns who was released."""
    m, a, c = models.case_matches, models.attendees, models.conferences
    invited = tx.session.execute(select(m.c.invited_id).where(m.c.case_id == case_id)).scalar()
    if invited is None:
        return None
    tx.session.execute(update(m).where(m.c.case_id == case_id).values(invited_id=None))
    items = models.agenda_items
    still_wanted = tx.session.execute(
        select(m.c.case_id)
        .join(items, items.c.case_id == m.c.case_id)
        .where(items.c.conference_id == conference_id, m.c.invited_id == invited)
        .limit(1)
    ).first()
    if still_wanted:  # another case on that agenda invited the same colleague
        return invited
    seat = (a.c.conference_id == conference_id, a.c.clinician_id == invited, a.c.role == EXPERT)
    removed = tx.session.execute(delete(a).where(*seat)).rowcount
    conference = tx.session.execute(select(c).where(c.c.id == conference_id)).one()
    if removed and conference.status == "scheduled":
        _announce(tx, case_id, conference, invited, "removed", [])
    return invited


def _announce(tx, case_id: str, conference, person_id: str, change: str, why) -> None:
    """`conference`: a row with the conference's id, times and location."""
    person = people_by_id(tx.session, [person_id]).get(person_id)
    if person is None:
        return
    tx.emit(
        events.CONFERENCE_ASSIGNMENT_CHANGED,
        {
            "rota_id": f"case:{case_id}",  # not the rota: the case's match invited them
            "conference_id": conference.id,
            "clinician": addressee(person),
            "role": EXPERT,
            "change": change,
            "starts_at": aware(conference.starts_at).isoformat(),
            "ends_at": aware(conference.ends_at).isoformat(),
            "location": conference.location,
            "reasons": list(why),
        },
    )
