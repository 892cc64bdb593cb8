"""Someone has left the service: their future seats are freed and those days planned again.

As with a decline: they are away on each day they held a rota seat, and each
such day is planned again with as few changes as possible (the changes go out
as events, so everyone affected is told). Close to a meeting, or when no rota
keeps every rule without them, the standby is called up instead and the
coordinators hear of what is left. Their cases, minutes and outcomes stay.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from contracts.errors import Conflict
from services.scheduling import quorum_check, rota_publishing, unavailability
from services.scheduling.rota_views import duties

log = logging.getLogger(__name__)
AHEAD = timedelta(days=400)  # further than any rota is planned


def seats_ahead(session, clinician_id: str, now: datetime) -> list[dict]:
    """Their rota seats on conferences still ahead (an expert's invitation is not one)."""
    found, _ = duties(session, clinician_id, now.date(), (now + AHEAD).date(), 0, 10_000)
    return [
        duty
        for duty in found
        if duty["role"] != "expert" and datetime.fromisoformat(duty["starts_at"]) > now
    ]


def away_from(session, clinician_id: str, seats: list[dict], now: datetime) -> None:
    days = sorted({date.fromisoformat(duty["day"]) for duty in seats})
    if days:
        leaver = {"id": clinician_id, "roles": []}
        details = {"dates": days, "reason": "left the service"}
        unavailability.mark(session, clinician_id, details, leaver, now)


def replan(db, seats: list[dict], close: timedelta, now: datetime) -> None:
    """Plan each day again without them; a day too close, or with no rota, gets the standby."""
    for day in sorted({duty["day"] for duty in seats}):
        on_day = [duty for duty in seats if duty["day"] == day]
        soon = [d for d in on_day if datetime.fromisoformat(d["starts_at"]) - now <= close]
        if not soon:
            try:
                rota_publishing.plan_window(db, *[date.fromisoformat(day)] * 2, None, None, now)
                continue
            except Conflict as error:
                log.warning("re-planning %s after a leaver: %s", day, error.message)
        for duty in on_day:
            with db.transaction() as tx:
                quorum_check.secure(tx, duty["conference_id"], "decline", None, now)
