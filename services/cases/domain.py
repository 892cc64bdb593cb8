"""A case brought to peer support, and the life it leads: pure rules, no I/O.

States: submitted -> scheduled -> discussed -> outcome_pending -> closed, and
withdrawn (by its presenter, until it has been discussed).
Time arrives as `now=`; every change records the event that announces it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from contracts import events
from contracts.errors import Conflict, Forbidden

SUBMITTED, SCHEDULED, DISCUSSED = "submitted", "scheduled", "discussed"
OUTCOME_PENDING, CLOSED, WITHDRAWN = "outcome_pending", "closed", "withdrawn"

# Where a case may go from each state. A case can be discussed without having
# been scheduled by the system (a chair may take it at a meeting directly).
ALLOWED = {
    SUBMITTED: {SCHEDULED, DISCUSSED, WITHDRAWN},
    SCHEDULED: {SCHEDULED, DISCUSSED, WITHDRAWN},
    DISCUSSED: {OUTCOME_PENDING, CLOSED},
    OUTCOME_PENDING: {CLOSED},
    CLOSED: set(),
    WITHDRAWN: set(),
}


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
    summary: str
    question: str
    body_region: str | None
    urgency: str
    intended_plan: str
    presenter: Person
    submitted_at: datetime
    status: str = SUBMITTED
    conference_id: str | None = None
    discussed_at: datetime | None = None
    red_flags: list[str] = field(default_factory=list)
    red_flags_escalated: bool = False
    events: list[tuple[str, dict]] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def submit(cls, details: dict, presenter: Person, now: datetime) -> Case:
        case = cls(
            id=str(uuid.uuid4()),
            kind=details["kind"],
            title=details["title"],
            summary=details["summary"],
            question=details["question"],
            body_region=details.get("body_region"),
            urgency=details["urgency"],
            intended_plan=details["intended_plan"],
            presenter=presenter,
            submitted_at=now,
            red_flags=list(details.get("red_flags", [])),
            red_flags_escalated=bool(details.get("red_flags_escalated", False)),
        )
        case.events.append(
            (
                events.CASE_SUBMITTED,
                {
                    "case_id": case.id,
                    "kind": case.kind,
                    "title": case.title,
                    "question": case.question,
                    "body_region": case.body_region,
                    "urgency": case.urgency,
                    "intended_plan": case.intended_plan,
                    "presenter": presenter.as_dict(),
                    "submitted_at": now.isoformat(),
                },
            )
        )
        return case

    def _move(self, to: str) -> None:
        if to not in ALLOWED[self.status]:
            raise Conflict("INVALID_CASE_TRANSITION", f"a {self.status} case cannot become {to}")
        self.status = to

    def schedule(self, conference_id: str) -> None:
        self._move(SCHEDULED)
        self.conference_id = conference_id

    def discuss(self, conference_id: str, chair: dict, now: datetime) -> None:
        self._move(DISCUSSED)
        self.conference_id = conference_id
        self.discussed_at = now
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
                },
            )
        )

    def withdraw(self, by: dict, now: datetime) -> None:
        # The presenter may change their mind until the case is discussed; a
        # coordinator or admin may withdraw it for them (e.g. a duplicate).
        if by["id"] != self.presenter.id and not {"coordinator", "admin"} & set(by["roles"]):
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
