"""Changing a meeting from its page: the chair reorders or moves cases, a coordinator cancels
or moves the meeting. The same RPCs as the API decide who may, and tell whom it concerns."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from contracts import policy
from contracts.errors import Conflict, Invalid
from gateway.calls import call
from gateway.pages.web import Visit, page, redirect, sentence

LONDON = ZoneInfo("Europe/London")
REASON_LENGTH = 200


def reordered(case_ids: list[str], case_id: str, step: int) -> list[str]:
    """The agenda with one case a place earlier (step -1) or later (+1); unchanged at an end."""
    order = list(case_ids)
    at = order.index(case_id)
    to = at + step
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    return order


def new_start(form) -> datetime | str:
    """The day (three fields) and time (HH:MM, London) a meeting moves to, or what is wrong."""
    try:
        day = date(*(int(form.get(f"new-{part}", "")) for part in ("year", "month", "day")))
    except ValueError:
        return "Enter the new date as a real date, for example 9 12 2026"
    try:
        hours, minutes = (int(part) for part in form.get("time", "").split(":"))
        at = time(hours, minutes)
    except ValueError:
        return "Enter the new time in 24 hours, for example 12:30"
    return datetime.combine(day, at, tzinfo=LONDON)


class AgendaChangePages:
    @page(
        "POST",
        "/conferences/<string:conference_id>/agenda/<string:case_id>/earlier",
        policy.ARRANGE_AGENDA,
    )
    def agenda_item_earlier(self, visit: Visit, conference_id, case_id):
        return self._reorder(visit, conference_id, case_id, -1)

    @page(
        "POST",
        "/conferences/<string:conference_id>/agenda/<string:case_id>/later",
        policy.ARRANGE_AGENDA,
    )
    def agenda_item_later(self, visit: Visit, conference_id, case_id):
        return self._reorder(visit, conference_id, case_id, +1)

    def _reorder(self, visit, conference_id, case_id, step):
        conference = call(self.scheduling, "get_conference", conference_id)
        case_ids = [item["case_id"] for item in conference["agenda"]]
        if case_id in case_ids:
            order = {"case_ids": reordered(case_ids, case_id, step)}
            call(self.scheduling, "reorder_agenda", conference_id, order, visit.person)
        return redirect(f"/conferences/{conference_id}#agenda")

    @page(
        "POST",
        "/conferences/<string:conference_id>/agenda/<string:case_id>/move",
        policy.ARRANGE_AGENDA,
    )
    def agenda_item_move(self, visit: Visit, conference_id, case_id):
        to = visit.form.get("to", "")
        if not to:
            return self._refused(visit, conference_id, "to", "Choose the conference to move it to")
        try:
            call(
                self.scheduling,
                "move_agenda_item",
                conference_id,
                case_id,
                {"conference_id": to},
                visit.person,
            )
        except (Conflict, Invalid) as refusal:
            return self._refused(visit, conference_id, "to", sentence(refusal.message))
        return redirect(f"/conferences/{conference_id}#agenda")

    @page("POST", "/conferences/<string:conference_id>/cancel", policy.PLAN_CONFERENCES)
    def cancel_conference_form(self, visit: Visit, conference_id):
        reason = " ".join(visit.form.get("cancel_reason", "").split())
        if not reason or len(reason) > REASON_LENGTH:
            asked = "Say why it is cancelled" if not reason else "Keep the reason short"
            return self._refused(visit, conference_id, "cancel_reason", asked)
        try:
            call(
                self.scheduling,
                "cancel_conference",
                conference_id,
                {"reason": reason},
                visit.person,
            )
        except (Conflict, Invalid) as refusal:
            return self._refused(visit, conference_id, "cancel_reason", sentence(refusal.message))
        return redirect(f"/conferences/{conference_id}")

    @page("POST", "/conferences/<string:conference_id>/move", policy.PLAN_CONFERENCES)
    def move_conference_form(self, visit: Visit, conference_id):
        starts = new_start(visit.form)
        if isinstance(starts, str):
            return self._refused(visit, conference_id, "new-day", starts)
        try:
            call(
                self.scheduling,
                "move_conference",
                conference_id,
                {"starts_at": starts.isoformat()},
                visit.person,
            )
        except (Conflict, Invalid) as refusal:
            return self._refused(visit, conference_id, "new-day", sentence(refusal.message))
        return redirect(f"/conferences/{conference_id}")

    def _refused(self, visit, conference_id, field, message):
        return self._conference_page(visit, conference_id, problem=message, field=field, status=422)
