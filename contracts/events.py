"""Every event type of the product: its name, who emits it and its data shape.

Services refer to events by these constants, never by string literals.
`docs/events.md` has a section per event; a test fails when one is missing.
An event whose data changed keeps the shapes of its earlier versions (`earlier`):
`contracts/versions.py` reads any of them, `contracts/upcasters.py` converts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from marshmallow import EXCLUDE, RAISE, Schema, fields

from contracts import earlier_schemas, schemas
from contracts.quick_check import certainly_valid

CASE_SUBMITTED = "case.submitted"
CASE_SCHEDULED = "case.scheduled"
MINUTES_RECORDED = "minutes.recorded"
CASE_DISCUSSED = "case.discussed"
FOLLOW_UP_DUE = "follow_up.due"
FOLLOW_UP_REMINDED = "follow_up.reminded"
FOLLOW_UP_ESCALATED = "follow_up.escalated"
OUTCOME_RECORDED = "outcome.recorded"
CASE_WITHDRAWN = "case.withdrawn"
CASE_REVISED = "case.revised"
STAFF_JOINED = "staff.joined"
STAFF_CHANGED = "staff.changed"
STAFF_LEFT = "staff.left"
STAFF_PASSWORD_LINK_ISSUED = "staff.password_link_issued"
CASE_MATCHED = "case.matched"
REVIEW_DUE = "review.due"
REVIEW_REMINDED = "review.reminded"
REVIEW_ESCALATED = "review.escalated"
ACTION_ASSIGNED = "action.assigned"
ACTION_DUE = "action.due"
ACTION_COMPLETED = "action.completed"
MINUTES_READ = "minutes.read"
CASE_RESCHEDULED = "case.rescheduled"
CONFERENCE_CANCELLED = "conference.cancelled"
CONFERENCE_MOVED = "conference.moved"
CONFERENCE_AGENDA_PUBLISHED = "conference.agenda_published"
ROTA_PUBLISHED = "rota.published"
CONFERENCE_ASSIGNMENT_CHANGED = "conference.assignment_changed"
CONFERENCE_QUORUM_AT_RISK = "conference.quorum_at_risk"
REFERRAL_RECEIVED = "referral.received"
REFERRAL_TRIAGED = "referral.triaged"


@dataclass(frozen=True)
class EventSpec:
    name: str
    source: str  # the one service that emits it (its exchange is `<source>.events`)
    schema: type[Schema]  # the data of the current version
    earlier: tuple[type[Schema], ...] = ()  # the data of versions 1, 2, ... before it
    # Fields that open something (a password link's token): the emitter's outbox keeps
    # them only until the broker has the event (mskpeer/platform/database.py).
    secrets: tuple[str, ...] = ()

    @property
    def version(self) -> int:
        """The current version: what producers emit unless pinned to an earlier one."""
        return len(self.earlier) + 1

    def schema_of(self, version: int) -> type[Schema]:
        if not 1 <= version <= self.version:
            raise UnknownVersion(f"{self.name} has no version {version}")
        return self.earlier[version - 1] if version < self.version else self.schema

    def validate(self, data: dict, version: int | None = None) -> dict:
        """Strict check for producers: unknown or missing fields are a bug."""
        schema = self.schema_of(version or self.version)
        if certainly_valid(schema)(data):  # nearly always: marshmallow then only words errors
            return {}
        return _strict(schema).validate(data)

    def load(self, data: dict, version: int) -> dict:
        """Tolerant read for consumers: fields a newer producer added are dropped, at
        every depth, so adding an optional field never breaks anybody."""
        return _tolerant(self.schema_of(version)).load(data)


@functools.cache
def _strict(schema: type[Schema]) -> Schema:
    # Built once per shape: building a schema cost about 0.5 ms on every emit.
    return schema(unknown=RAISE)


@functools.cache
def _tolerant(schema: type[Schema]) -> Schema:
    # A nested schema raises on unknown keys unless its field says otherwise.
    built = schema(unknown=EXCLUDE)
    _exclude_nested(built.fields.values())
    return built


def _exclude_nested(found) -> None:
    for field in found:
        if isinstance(field, fields.List):
            _exclude_nested([field.inner])
        elif isinstance(field, fields.Nested):
            field.unknown = EXCLUDE
            _exclude_nested(field.schema.fields.values())


REGISTRY: dict[str, EventSpec] = {
    spec.name: spec
    for spec in (
        EventSpec(
            CASE_SUBMITTED, "cases", schemas.CaseSubmitted, (earlier_schemas.CaseSubmittedV1,)
        ),
        EventSpec(CASE_SCHEDULED, "scheduling", schemas.CaseScheduled),
        EventSpec(MINUTES_RECORDED, "scheduling", schemas.MinutesRecorded),
        EventSpec(CASE_DISCUSSED, "cases", schemas.CaseDiscussed),
        EventSpec(FOLLOW_UP_DUE, "outcomes", schemas.FollowUpStep),
        EventSpec(FOLLOW_UP_REMINDED, "outcomes", schemas.FollowUpStep),
        EventSpec(FOLLOW_UP_ESCALATED, "outcomes", schemas.FollowUpStep),
        EventSpec(OUTCOME_RECORDED, "outcomes", schemas.OutcomeRecorded),
        EventSpec(CASE_WITHDRAWN, "cases", schemas.CaseWithdrawn),
        EventSpec(CASE_REVISED, "cases", schemas.CaseRevised),
        EventSpec(STAFF_JOINED, "staff", schemas.StaffJoined),
        EventSpec(STAFF_CHANGED, "staff", schemas.StaffMember),
        EventSpec(STAFF_LEFT, "staff", schemas.StaffMember),
        EventSpec(
            STAFF_PASSWORD_LINK_ISSUED, "staff", schemas.PasswordLinkIssued, secrets=("token",)
        ),
        EventSpec(CASE_MATCHED, "cases", schemas.CaseMatched),
        EventSpec(REVIEW_DUE, "outcomes", schemas.ReviewStep),
        EventSpec(REVIEW_REMINDED, "outcomes", schemas.ReviewStep),
        EventSpec(REVIEW_ESCALATED, "outcomes", schemas.ReviewStep),
        EventSpec(ACTION_ASSIGNED, "scheduling", schemas.ActionAssigned),
        EventSpec(ACTION_DUE, "scheduling", schemas.ActionAssigned),
        EventSpec(ACTION_COMPLETED, "scheduling", schemas.ActionCompleted),
        EventSpec(MINUTES_READ, "scheduling", schemas.MinutesRead),
        EventSpec(CASE_RESCHEDULED, "scheduling", schemas.CaseRescheduled),
        EventSpec(CONFERENCE_CANCELLED, "scheduling", schemas.ConferenceCancelled),
        EventSpec(CONFERENCE_MOVED, "scheduling", schemas.ConferenceMoved),
        EventSpec(CONFERENCE_AGENDA_PUBLISHED, "scheduling", schemas.AgendaPublished),
        EventSpec(ROTA_PUBLISHED, "scheduling", schemas.RotaPublished),
        EventSpec(CONFERENCE_ASSIGNMENT_CHANGED, "scheduling", schemas.AssignmentChanged),
        EventSpec(CONFERENCE_QUORUM_AT_RISK, "scheduling", schemas.QuorumAtRisk),
        EventSpec(REFERRAL_RECEIVED, "referrals", schemas.ReferralReceived),
        EventSpec(REFERRAL_TRIAGED, "referrals", schemas.ReferralTriaged),
    )
}


class UnknownEvent(KeyError):
    pass


class UnknownVersion(ValueError):
    pass


def spec_for(event_type: str) -> EventSpec:
    try:
        return REGISTRY[event_type]
    except KeyError:
        raise UnknownEvent(event_type) from None
