"""Days a clinician cannot sit on a conference: leave, clinic cover, training."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, insert, select

from contracts import policy
from contracts.errors import Conflict, Forbidden, NotFound
from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.rota_views import duties


def days_asked(details: dict) -> list[date]:
    if "dates" in details:
        return sorted(set(details["dates"]))
    span = (details["to"] - details["from_"]).days
    return [details["from_"] + timedelta(days=n) for n in range(span + 1)]


def _known(session, clinician_id: str, actor: dict) -> None:
    if not policy.may_manage_unavailability(actor, clinician_id):
        raise Forbidden("NOT_YOURS", "only the clinician or a coordinator may see or change this")
    c = models.clinicians
    if session.execute(select(c.c.id).where(c.c.id == clinician_id)).first() is None:
        raise NotFound("CLINICIAN_NOT_FOUND", f"there is no clinician {clinician_id}")


def mark(session, clinician_id: str, details: dict, actor: dict, now: datetime) -> list[date]:
    """Record the days; a day already recorded keeps its first reason. Returns the days."""
    _known(session, clinician_id, actor)
    u = models.unavailability
    days = days_asked(details)
    recorded = set(
        session.execute(
            select(u.c.day).where(u.c.clinician_id == clinician_id, u.c.day.in_(days))
        ).scalars()
    )
    new = [day for day in days if day not in recorded]
    if new:
        session.execute(
            insert(u),
            [
                {
                    "clinician_id": clinician_id,
                    "day": day,
                    "reason": details.get("reason"),
                    "recorded_by": actor["id"],
                    "recorded_at": now,
                }
                for day in new
            ],
        )
    return days


def clear(session, clinician_id: str, day: date, actor: dict) -> None:
    """Take a day off the list: the clinician may sit that day again (from the next rota)."""
    _known(session, clinician_id, actor)
    u = models.unavailability
    removed = session.execute(delete(u).where(u.c.clinician_id == clinician_id, u.c.day == day))
    if removed.rowcount == 0:
        raise NotFound("DAY_NOT_RECORDED", f"{day.isoformat()} is not a day they cannot sit")


def listing(session, clinician_id, actor, start, end, offset, limit) -> tuple[list[dict], int]:
    _known(session, clinician_id, actor)
    u = models.unavailability
    conditions = [u.c.clinician_id == clinician_id]
    if start is not None:
        conditions.append(u.c.day >= start)
    if end is not None:
        conditions.append(u.c.day <= end)
    total = session.execute(select(func.count()).select_from(u).where(*conditions)).scalar_one()
    rows = session.execute(
        select(u.c.day, u.c.reason).where(*conditions).order_by(u.c.day).offset(offset).limit(limit)
    ).all()
    return [{"day": row.day.isoformat(), "reason": row.reason} for row in rows], total


def still_rostered(session, clinician_id: str, days: list[date]) -> list[dict]:
    """Conferences on those days the clinician still holds a rota seat on, as duties."""
    if not days:
        return []
    found, _ = duties(session, clinician_id, min(days), max(days), 0, len(days) * 4)
    wanted = {day.isoformat() for day in days}
    return [d for d in found if d["day"] in wanted and d["role"] != "expert"]


def seat_to_decline(session, conference_id: str, actor: dict, now: datetime):
    """The conference, if it is ahead and the actor sits on its panel."""
    c, a = models.conferences, models.attendees
    conference = session.execute(select(c).where(c.c.id == conference_id)).first()
    if conference is None:
        raise NotFound("CONFERENCE_NOT_FOUND", f"there is no conference {conference_id}")
    if conference.status != "scheduled" or aware(conference.starts_at) <= now:
        raise Conflict("CONFERENCE_NOT_UPCOMING", "only a conference still ahead can be declined")
    seat = session.execute(
        select(a.c.role).where(a.c.conference_id == conference_id, a.c.clinician_id == actor["id"])
    ).first()
    if seat is None:
        raise Conflict("NOT_ON_THIS_PANEL", "you are not on this conference's panel")
    return conference
