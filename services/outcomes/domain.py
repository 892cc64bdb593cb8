"""The follow-up chain and the outcome of a discussed case: pure rules, time as `now=`.

Weeks after a discussion the presenter is asked what happened to the patient
(`due`); without an answer they are reminded, then the chair is told
(`escalated`), then the follow-up closes as `no_response`. An outcome stops the
chain at once; withdrawing the case cancels it.

A chain may go on to later reviews (e.g. 3 and 6 months after the discussion,
`Timings.later`): each review is a round of its own with the same steps, and
starts once the round before it has ended, answered or not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from contracts import events, policy

WAITING, DUE, REMINDER, ESCALATION, CLOSE = "waiting", "due", "reminder", "escalation", "close"
ACTIVE, COMPLETED, NO_RESPONSE, CANCELLED = "active", "completed", "no_response", "cancelled"
FIRST_ROUND = 1  # the outcome itself; rounds 2, 3... are the later reviews


@dataclass(frozen=True)
class Timings:
    follow_up_after: timedelta
    reminder_after: timedelta
    escalate_after: timedelta
    later: tuple[timedelta, ...] = ()  # reviews, counted from the discussion


@dataclass(frozen=True)
class FollowUp:
    id: str
    case_id: str
    title: str
    presenter: dict
    chair: dict
    intended_plan: str | None  # none for a patient group or a professional topic
    next_step: str
    due_at: datetime
    status: str = ACTIVE
    version: int = 0
    round: int = FIRST_ROUND
    reviews: tuple[datetime, ...] = ()  # when each later review falls due

    @classmethod
    def after_discussion(
        cls, follow_up_id: str, discussed: dict, now: datetime, timings: Timings
    ) -> FollowUp:
        first = now + timings.follow_up_after
        return cls(
            id=follow_up_id,
            case_id=discussed["case_id"],
            title=discussed["title"],
            presenter=discussed["presenter"],
            chair=discussed["chair"],
            intended_plan=discussed["intended_plan"],
            next_step=DUE,
            due_at=first,
            # A review set earlier than the first request would ask twice at once.
            reviews=tuple(sorted(now + wait for wait in timings.later if now + wait > first)),
        )

    @property
    def asked(self) -> bool:
        """The presenter has been asked in this round and may answer it."""
        return self.status == ACTIVE and self.next_step != DUE

    @property
    def outcome_due(self) -> bool:
        """The presenter has been asked for the outcome, or the asking is over: "some weeks
        ago" is true. Before then an outcome would be early, and stop the chain early."""
        return self.round > FIRST_ROUND or self.status != ACTIVE or self.next_step != DUE

    def advance(self, timings: Timings) -> tuple[FollowUp, str | None]:
        """Take the step that fell due. Returns the follow-up after it and the event to emit.

        The next step is timed from when this one was due, not from when a late
        timer ran, so steps released after downtime keep their spacing and order.
        Reviews have events of their own: the first round's tell the cases
        service the outcome is pending, which a review must not do again.
        """
        if self.status != ACTIVE:
            return self, None
        if self.next_step == DUE:
            after = self._then(REMINDER, timings.reminder_after)
            if self.round == FIRST_ROUND:
                return after, events.FOLLOW_UP_DUE
            return after, events.REVIEW_DUE
        if self.next_step == REMINDER:
            after = self._then(ESCALATION, timings.escalate_after)
            if self.round == FIRST_ROUND:
                return after, events.FOLLOW_UP_REMINDED
            return after, events.REVIEW_REMINDED
        if self.next_step == ESCALATION:
            after = self._then(CLOSE, timings.escalate_after)
            if self.round == FIRST_ROUND:
                return after, events.FOLLOW_UP_ESCALATED
            return after, events.REVIEW_ESCALATED
        return self._round_over(NO_RESPONSE), None

    def complete(self) -> FollowUp:
        """An answer came: this round asks no more (a late answer changes nothing)."""
        if self.status != ACTIVE:
            return self
        return self._round_over(COMPLETED)

    def cancel(self) -> FollowUp:
        """The case was withdrawn: nobody is asked about it again."""
        if self.status != ACTIVE:
            return self
        return replace(self, status=CANCELLED, version=self.version + 1)

    def _then(self, step: str, wait: timedelta) -> FollowUp:
        return replace(self, next_step=step, due_at=self.due_at + wait, version=self.version + 1)

    def _round_over(self, status: str) -> FollowUp:
        if not self.reviews:
            return replace(self, status=status, version=self.version + 1)
        return replace(
            self,
            round=self.round + 1,
            next_step=DUE,
            due_at=self.reviews[0],
            reviews=self.reviews[1:],
            version=self.version + 1,
        )

    def event_data(self) -> dict:
        data = {
            "follow_up_id": self.id,
            "case_id": self.case_id,
            "title": self.title,
            "presenter": self.presenter,
            "chair": self.chair,
            "due_at": self.due_at.isoformat(),
        }
        if self.round != FIRST_ROUND:
            data["round"] = self.round
        return data


REFERRING_PLANS = {"refer_msk", "refer_orthopaedics", "refer_other"}
# Where each referring plan sends the patient, in the words of `onward_referral`.
INTENDED_DESTINATION = {
    "refer_msk": "msk",
    "refer_orthopaedics": "orthopaedics",
    "refer_other": "other",
}
# MSK-HQ (0-56, higher is better): a change of about 6-8 points is what patients
# notice. We count from the lower end, 6, so a real improvement is not missed.
MSK_HQ_MEANINGFUL_CHANGE = 6
# The author may correct an outcome for two weeks; after that it is evidence as it stands.
EDIT_WINDOW = timedelta(days=14)


def unfinished_actions_claimed_done(actions_completed: str | None, still_open: int) -> str | None:
    """Why "all the agreed actions were carried out" cannot be true, or None.

    An action still open (say, a repeat scan or a referral the conference asked for) read
    as done would tell the evidence and the chair that the plan was followed when it was
    not: the presenter marks it done first, or says "some of them"."""
    if actions_completed != "all" or not still_open:
        return None
    which = "1 agreed action is" if still_open == 1 else f"{still_open} agreed actions are"
    return f"{which} still open: mark them done on the actions page first, or choose 'Some of them'"


def referral_avoided(intended_plan: str | None, onward_referral: str) -> bool:
    """The presenter meant to refer on before the discussion and in the end did not."""
    return intended_plan in REFERRING_PLANS and onward_referral == "none"


def referral_made_as_intended(intended_plan: str | None, onward_referral: str) -> bool:
    """The discussion confirmed the plan: the patient went where the presenter meant them to."""
    return INTENDED_DESTINATION.get(intended_plan) == onward_referral


def msk_hq_change(baseline: int | None, follow_up: int | None) -> int | None:
    if baseline is None or follow_up is None:
        return None
    return follow_up - baseline


def meaningful_improvement(change: int | None) -> bool | None:
    return None if change is None else change >= MSK_HQ_MEANINGFUL_CHANGE


def may_record_outcome(actor: dict, follow_up: FollowUp) -> bool:
    """The policy's rule (contracts.policy), asked of the case this chain follows."""
    return policy.may_record_outcome(actor, follow_up.presenter["id"], follow_up.chair["id"])


def may_read_outcome(actor: dict, follow_up: FollowUp, attended: set[str]) -> bool:
    presenter, chair = follow_up.presenter["id"], follow_up.chair["id"]
    return policy.may_read_outcome(actor, presenter, chair, attended)


def editable_until(recorded_at: datetime) -> datetime:
    return recorded_at + EDIT_WINDOW
