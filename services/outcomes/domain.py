"""The follow-up chain and the outcome of a discussed case: pure rules, time as `now=`.

Weeks after a discussion the presenter is asked what happened to the patient
(`due`); without an answer they are reminded, then the chair is told
(`escalated`), then the follow-up closes as `no_response`. An outcome stops the
chain at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from contracts import events

# next step -> (event it emits, the wait before the step after it, the step after it)
WAITING, DUE, REMINDER, ESCALATION, CLOSE = "waiting", "due", "reminder", "escalation", "close"
ACTIVE, COMPLETED, NO_RESPONSE = "active", "completed", "no_response"


@dataclass(frozen=True)
class Timings:
    follow_up_after: timedelta
    reminder_after: timedelta
    escalate_after: timedelta


@dataclass(frozen=True)
class FollowUp:
    id: str
    case_id: str
    title: str
    presenter: dict
    chair: dict
    intended_plan: str
    next_step: str
    due_at: datetime
    status: str = ACTIVE
    version: int = 0

    @classmethod
    def after_discussion(
        cls, follow_up_id: str, discussed: dict, now: datetime, timings: Timings
    ) -> FollowUp:
        return cls(
            id=follow_up_id,
            case_id=discussed["case_id"],
            title=discussed["title"],
            presenter=discussed["presenter"],
            chair=discussed["chair"],
            intended_plan=discussed["intended_plan"],
            next_step=DUE,
            due_at=now + timings.follow_up_after,
        )

    def advance(self, timings: Timings) -> tuple[FollowUp, str | None]:
        """Take the step that fell due. Returns the follow-up after it and the event to emit.

        The next step is timed from when this one was due, not from when a late
        timer ran, so steps released after downtime keep their spacing and order.
        """
        if self.status != ACTIVE:
            return self, None
        if self.next_step == DUE:
            return self._then(REMINDER, timings.reminder_after), events.FOLLOW_UP_DUE
        if self.next_step == REMINDER:
            return self._then(ESCALATION, timings.escalate_after), events.FOLLOW_UP_REMINDED
        if self.next_step == ESCALATION:
            return self._then(CLOSE, timings.escalate_after), events.FOLLOW_UP_ESCALATED
        return replace(self, status=NO_RESPONSE, version=self.version + 1), None

    def _then(self, step: str, wait: timedelta) -> FollowUp:
        return replace(self, next_step=step, due_at=self.due_at + wait, version=self.version + 1)

    def complete(self) -> FollowUp:
        return replace(self, status=COMPLETED, version=self.version + 1)

    def event_data(self) -> dict:
        return {
            "follow_up_id": self.id,
            "case_id": self.case_id,
            "title": self.title,
            "presenter": self.presenter,
            "chair": self.chair,
            "due_at": self.due_at.isoformat(),
        }


REFERRING_PLANS = {"refer_msk", "refer_orthopaedics", "refer_other"}


def referral_avoided(intended_plan: str, onward_referral: str) -> bool:
    """The presenter meant to refer on before the discussion and in the end did not."""
    return intended_plan in REFERRING_PLANS and onward_referral == "none"


def may_record_outcome(actor: dict, follow_up: FollowUp) -> bool:
    # The presenter records it; the chair may do so on their behalf.
    return actor["id"] in (follow_up.presenter["id"], follow_up.chair["id"]) or bool(
        {"coordinator", "admin"} & set(actor.get("roles", ()))
    )
