"""A case brought to peer support, and the life it leads: pure rules, no I/O.

States: draft -> submitted -> scheduled -> discussed -> outcome_pending ->
closed, and withdrawn (by its presenter, until it has been discussed).
Time arrives as `now=`; every change records the event that announces it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from contracts import events, policy
from contracts.errors import Conflict, Forbidden
from contracts.kinds import not_asked_of

DRAFT, SUBMITTED, SCHEDULED, DISCUSSED = "draft", "submitted", "scheduled", "discussed"
OUTCOME_PENDING, CLOSED, WITHDRAWN = "outcome_pending", "closed", "withdrawn"

# Where a case may go from each state. A case can be discussed without having
# been scheduled by the system (a chair may take it at a meeting directly).
ALLOWED = {
    DRAFT: {SUBMITTED},
    SUBMITTED: {SCHEDULED, DISCUSSED, WITHDRAWN},
    SCHEDULED: {SCHEDULED, DISCUSSED, WITHDRAWN},
    DISCUSSED: {OUTCOME_PENDING, CLOSED},
    OUTCOME_PENDING: {CLOSED},
    CLOSED: set(),
    WITHDRAWN: set(),
}

# The presenter may correct what they wrote until the conference has discussed
# it: after that the minutes answer the question as it was asked.
EDITABLE = {DRAFT, SUBMITTED, SCHEDULED}

# What a presenter writes about a case (the rest is what happens to it).
WRITTEN = (
    "kind",
    "title",
    "summary",
    "question",
    "body_region",
    "urgency",
    "intended_plan",
    "red_flags_escalated",
    "escalation_pathway",
    "escalated_to",
    "age_band",
    "sex",
    "duration_weeks",
    "treatment_so_far",
    "start_msk_risk",
    "msk_hq_baseline",
    "tags",
    "preferred_conference_id",
)
# The free text a clinician types: where patient identifiers and red flags hide.
FREE_TEXT = ("title", "summary", "question", "treatment_so_far", "escalated_to")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "email": self.email}


@dataclass
class Case:
    id: str
    kind: str
    title: str
    presenter: Person
    created_at: datetime
    summary: str | None = None
    question: str | None = None
    body_region: str | None = None
    urgency: str | None = None
    intended_plan: str | None = None
    age_band: str | None = None
    sex: str | None = None
    duration_weeks: int | None = None
    treatment_so_far: str | None = None
    start_msk_risk: str | None = None
    msk_hq_baseline: int | None = None
    tags: list[str] = field(default_factory=list)
    preferred_conference_id: str | None = None
    status: str = SUBMITTED
    submitted_at: datetime | None = None
    revised_at: datetime | None = None
    conference_id: str | None = None
    discussed_at: datetime | None = None
    red_flags: list[str] = field(default_factory=list)
    red_flags_escalated: bool = False
    escalation_pathway: str | None = None
    escalated_to: str | None = None
    # Who said they escalated the red flags, and when: the record a safety review reads.
    red_flags_escalated_at: datetime | None = None
    red_flags_escalated_by: str | None = None
    events: list[tuple[str, dict]] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def submit(cls, details: dict, presenter: Person, now: datetime) -> Case:
        """A complete case, checked and guarded by the caller, for the next conference."""
        case = cls.draft(details, presenter, now)
        case._move(SUBMITTED)
        case._announce_submission(now)
        return case

    @classmethod
    def draft(cls, details: dict, presenter: Person, now: datetime) -> Case:
        """A case its presenter is still writing: theirs alone, announced to nobody."""
        case = cls(
            id=str(uuid.uuid4()),
            kind=details["kind"],
            title=details["title"],
            presenter=presenter,
            created_at=now,
            status=DRAFT,
        )
        case._write(details)
        return case

    def as_written(self) -> dict:
        """What the presenter has written so far, leaving out what they have not."""
        written = {name: getattr(self, name) for name in WRITTEN}
        return {name: value for name, value in written.items() if value is not None}

    def visible_to(self, reader_id: str) -> bool:
        # A draft is the presenter's notebook: to anyone else it does not exist yet.
        return self.status != DRAFT or reader_id == self.presenter.id

    def check_submittable_by(self, by: dict) -> None:
        self._must_be_presenter(by, "submit")
        if self.status != DRAFT:
            raise Conflict("INVALID_CASE_TRANSITION", f"a {self.status} case is not a draft")

    def submit_draft(self, by: dict, now: datetime, red_flags: list[str]) -> None:
        """Send a draft, now complete and checked by the caller, to peer support."""
        self.check_submittable_by(by)
        self.red_flags = list(red_flags)
        self._move(SUBMITTED)
        self._announce_submission(now)

    def check_editable_by(self, by: dict) -> None:
        self._must_be_presenter(by, "edit")
        if self.status not in EDITABLE:
            state = self.status.replace("_", " ")
            raise Conflict("CASE_LOCKED", f"a {state} case can no longer be edited")

    def revise(self, details: dict, by: dict, now: datetime) -> None:
        """Take the presenter's corrections; the agenda hears of them once it has the case."""
        self.check_editable_by(by)
        self._write(details)
        self.revised_at = now
        if self.status == DRAFT:
            return
        self._record_escalation(now)
        self.events.append(
            (
                events.CASE_REVISED,
                {
                    "case_id": self.id,
                    "kind": self.kind,
                    "title": self.title,
                    "question": self.question,
                    "urgency": self.urgency,
                    "body_region": self.body_region,
                    "tags": list(self.tags),
                    "revised_at": now.isoformat(),
                },
            )
        )

    def _write(self, details: dict) -> None:
        for name in WRITTEN:
            if name in details:
                setattr(self, name, details[name])
        # A patient group or a professional topic keeps no one patient's details, even
        # those written before its kind was changed: what it holds is what it was asked.
        for name in not_asked_of(self.kind):
            setattr(self, name, None)
        self.tags = list(dict.fromkeys(self.tags or []))  # each tag once, in the given order
        self.red_flags_escalated = bool(self.red_flags_escalated)
        if "red_flags" in details:  # found by the caller's check of the free text
            self.red_flags = list(details["red_flags"])

    def _must_be_presenter(self, by: dict, what: str) -> None:
        if not policy.may_change_case(by, self.presenter.id):
            raise Forbidden("NOT_THE_PRESENTER", f"only the presenter may {what} this case")

    def _announce_submission(self, now: datetime) -> None:
        self.submitted_at = now
        self.events.append(
            (
                events.CASE_SUBMITTED,
                {
                    "case_id": self.id,
                    "kind": self.kind,
                    "title": self.title,
                    "question": self.question,
                    "body_region": self.body_region,
                    "urgency": self.urgency,
                    "intended_plan": self.intended_plan,
                    "presenter": self.presenter.as_dict(),
                    "submitted_at": now.isoformat(),
                    # Coarse details for matching and planning; the summary and
                    # treatment so far stay here (Caldicott: the minimum necessary).
                    "age_band": self.age_band,
                    "sex": self.sex,
                    "duration_weeks": self.duration_weeks,
                    "start_msk_risk": self.start_msk_risk,
                    "msk_hq_baseline": self.msk_hq_baseline,
                    "tags": list(self.tags),
                    "preferred_conference_id": self.preferred_conference_id,
                    # For the agenda, the chair's email and the minutes: flags and how
                    # they were escalated, never the words that raised them.
                    "red_flag_escalation": (
                        {"flags": list(self.red_flags), "pathway": self.escalation_pathway}
                        if self.red_flags
                        else None
                    ),
                },
            )
        )
        self._record_escalation(now)

    def _record_escalation(self, now: datetime) -> None:
        """Red flags the presenter says they escalated: recorded once, as theirs, with when."""
        if self.red_flags and self.red_flags_escalated and self.red_flags_escalated_at is None:
            self.red_flags_escalated_at = now
            self.red_flags_escalated_by = self.presenter.id

    def _move(self, to: str) -> None:
        if to not in ALLOWED[self.status]:
            raise Conflict("INVALID_CASE_TRANSITION", f"a {self.status} case cannot become {to}")
        self.status = to

    def schedule(self, conference_id: str) -> None:
        self._move(SCHEDULED)
        self.conference_id = conference_id

    def discuss(
        self, conference_id: str, chair: dict, now: datetime, presenter_card: dict | None = None
    ) -> None:
        self._move(DISCUSSED)
        self.conference_id = conference_id
        self.discussed_at = now
        card = presenter_card or {}
        self.events.append(
            (
                events.CASE_DISCUSSED,
                {
                    "case_id": self.id,
                    "conference_id": conference_id,
                    "chair": chair,
                    "title": self.title,
                    "intended_plan": self.intended_plan,
                    "presenter": self.presenter.as_dict(),
                    "discussed_at": now.isoformat(),
                    # What the outcome evidence groups and compares by.
                    "body_region": self.body_region,
                    "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
                    "msk_hq_baseline": self.msk_hq_baseline,
                    "presenter_service": card.get("service"),
                    "presenter_site": card.get("site"),
                },
            )
        )

    def withdraw(self, by: dict, now: datetime) -> None:
        # The presenter may change their mind until the case is discussed; a
        # coordinator or admin may withdraw it for them (e.g. a duplicate).
        if not policy.may_withdraw_case(by, self.presenter.id):
            raise Forbidden("NOT_THE_PRESENTER", "only the presenter may withdraw this case")
        self._move(WITHDRAWN)
        self.events.append(
            (
                events.CASE_WITHDRAWN,
                {
                    "case_id": self.id,
                    "conference_id": self.conference_id,
                    "withdrawn_by": by["id"],
                    "withdrawn_at": now.isoformat(),
                },
            )
        )

    def await_outcome(self) -> None:
        self._move(OUTCOME_PENDING)

    def close(self) -> None:
        self._move(CLOSED)
