"""Routes of the outcomes service: what happened to the patient."""

from __future__ import annotations

from contracts import api
from gateway.calls import call
from gateway.web import checked_body, route


class OutcomeRoutes:
    # -- outcomes ----------------------------------------------------------
    @route(
        "POST",
        "/api/v1/cases/<string:case_id>/outcome",
        "Record what happened to the patient, or a later review (presenter or chair)",
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
    def record_outcome(self, request, case_id):
        actor = self._actor(request)
        outcome = checked_body(request, api.RecordOutcome)
        return call(self.outcomes, "record_outcome", case_id, outcome, actor)

    @route(
        "GET",
        "/api/v1/cases/<string:case_id>/outcome",
        "A case's recorded outcome and reviews (presenter, chair, attendees, leads; audited)",
        response=api.OutcomeWithReviews,
        tag="outcomes",
    )
    def get_outcome(self, request, case_id):
        return call(self.outcomes, "get_outcome", case_id, self._actor(request))

    @route(
        "PATCH",
        "/api/v1/cases/<string:case_id>/outcome",
        "Correct an outcome within 14 days (its author); ?round=2 for a review",
        body=api.ReviseOutcome,
        query=api.OutcomeRound,
        response=api.OutcomeOut,
        tag="outcomes",
    )
    def revise_outcome(self, request, case_id):
        actor = self._actor(request)
        changes = checked_body(request, api.ReviseOutcome)
        round_ = request.query["round"]
        return call(self.outcomes, "revise_outcome", case_id, changes, actor, round_)

    @route(
        "GET",
        "/api/v1/cases/<string:case_id>/outcome/audit",
        "Who read or changed a case's outcome, when, in which request (admin)",
        roles=("admin",),
        response=api.AuditList,
        tag="admin",
    )
    def outcome_audit_trail(self, request, case_id):
        self._actor(request, ("admin",))
        return call(self.outcomes, "outcome_audit_trail", case_id)
