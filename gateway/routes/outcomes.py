"""Routes of the outcomes service: what happened to the patient."""

from __future__ import annotations

from contracts import api
from gateway.calls import call
from gateway.web import load, read_json, route


class OutcomeRoutes:
    # -- outcomes ----------------------------------------------------------
    @route(
        "POST",
        "/api/v1/cases/<string:case_id>/outcome",
        "Record what happened to the patient (presenter or chair)",
        body=api.RecordOutcome,
        response=api.OutcomeOut,
        status=201,
        tag="outcomes",
    )
    def record_outcome(self, request, case_id):
        actor = self._actor(request)
        outcome = read_json(request)
        load(api.RecordOutcome(), outcome)
        return call(self.outcomes, "record_outcome", case_id, outcome, actor)

    @route(
        "GET",
        "/api/v1/cases/<string:case_id>/outcome",
        "A case's recorded outcome",
        response=api.OutcomeOut,
        tag="outcomes",
    )
    def get_outcome(self, request, case_id):
        self._actor(request)
        return call(self.outcomes, "get_outcome", case_id)
