"""Routes of the outcomes service: what happened to the patient."""

from __future__ import annotations

from contracts import api, policy
from gateway.calls import call
from gateway.router import API
from gateway.web import checked_body


@API.route(
    "POST",
    "/api/v1/cases/<string:case_id>/outcome",
    "Record what happened to the patient, or a later review",
    action=policy.RECORD_OUTCOME,
    body=api.RecordOutcome,
    response=api.OutcomeOut,
    status=201,
    tag="outcomes",
    links={
        "get_outcome": {"case_id": "$request.path.case_id"},
        "revise_outcome": {"case_id": "$request.path.case_id"},
        "outcome_audit_trail": {"case_id": "$request.path.case_id"},
    },
)
def record_outcome(ports, request, actor, case_id):
    outcome = checked_body(request, api.RecordOutcome)
    return call(ports.outcomes, "record_outcome", case_id, outcome, actor)


@API.route(
    "GET",
    "/api/v1/cases/<string:case_id>/outcome",
    "A case's recorded outcome and reviews (audited)",
    action=policy.READ_OUTCOME,
    response=api.OutcomeWithReviews,
    tag="outcomes",
)
def get_outcome(ports, request, actor, case_id):
    return call(ports.outcomes, "get_outcome", case_id, actor)


@API.route(
    "PATCH",
    "/api/v1/cases/<string:case_id>/outcome",
    "Correct an outcome within 14 days; ?round=2 for a review",
    action=policy.REVISE_OUTCOME,
    body=api.ReviseOutcome,
    query=api.OutcomeRound,
    response=api.OutcomeOut,
    tag="outcomes",
)
def revise_outcome(ports, request, actor, case_id):
    changes = checked_body(request, api.ReviseOutcome)
    round_ = request.query["round"]
    return call(ports.outcomes, "revise_outcome", case_id, changes, actor, round_)


@API.route(
    "GET",
    "/api/v1/cases/<string:case_id>/outcome/audit",
    "Who read or changed a case's outcome, when, in which request",
    action=policy.READ_AUDIT,
    response=api.AuditList,
    tag="admin",
)
def outcome_audit_trail(ports, request, actor, case_id):
    return call(ports.outcomes, "outcome_audit_trail", case_id)
