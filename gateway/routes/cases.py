"""Routes of the cases service: draft, submit, edit, list, read and withdraw cases."""

from __future__ import annotations

from contracts import api
from gateway.calls import call
from gateway.web import checked_body, idempotency_key, load, read_json, route, window


class CaseRoutes:
    # -- cases -------------------------------------------------------------
    @route(
        "POST",
        "/api/v1/cases",
        'Submit a case (pseudonymised), or save a draft with "draft": true',
        body=api.SubmitCase,
        response=api.CaseOut,
        status=201,
        tag="cases",
        links={
            "get_case": {"case_id": "$response.body#/id"},
            "edit_case": {"case_id": "$response.body#/id"},
            "withdraw_case": {"case_id": "$response.body#/id"},
            "submit_draft": {"case_id": "$response.body#/id"},
            "case_experts": {"case_id": "$response.body#/id"},
            "record_outcome": {"case_id": "$response.body#/id"},
        },
    )
    def submit_case(self, request):
        actor = self._actor(request)
        payload = read_json(request)
        details = load(api.submission_schema(payload), payload)
        # A client that did not hear the answer (a timeout, a 503) may send the
        # same request with the same Idempotency-Key and gets the same case back.
        key = idempotency_key(request)
        return call(self.cases, "submit_case", details, actor, idempotency_key=key)

    @route(
        "GET",
        "/api/v1/cases",
        "List cases",
        query=api.CaseListQuery,
        response=api.CaseList,
        tag="cases",
    )
    def list_cases(self, request):
        actor = self._actor(request)
        query = request.query
        offset, limit = window(query)
        return call(
            self.cases,
            "list_cases",
            actor,
            status=query["status"],
            mine=query["mine"],
            body_region=query["body_region"],
            text=query["q"],
            offset=offset,
            limit=limit,
        )

    @route(
        "GET",
        "/api/v1/cases/<string:case_id>",
        "Read a case (audited)",
        response=api.CaseOut,
        tag="cases",
    )
    def get_case(self, request, case_id):
        return call(self.cases, "get_case", case_id, self._actor(request))

    @route(
        "POST",
        "/api/v1/cases/<string:case_id>/withdraw",
        "Withdraw a case before its discussion (presenter, coordinator or admin)",
        response=api.CaseOut,
        tag="cases",
    )
    def withdraw_case(self, request, case_id):
        return call(self.cases, "withdraw_case", case_id, self._actor(request))

    @route(
        "POST",
        "/api/v1/cases/<string:case_id>/submit",
        "Submit a draft to peer support (its presenter)",
        response=api.CaseOut,
        tag="cases",
    )
    def submit_draft(self, request, case_id):
        return call(self.cases, "submit_draft", case_id, self._actor(request))

    @route(
        "PATCH",
        "/api/v1/cases/<string:case_id>",
        "Edit a case until it has been discussed (its presenter)",
        body=api.EditCase,
        response=api.CaseOut,
        tag="cases",
    )
    def edit_case(self, request, case_id):
        actor = self._actor(request)
        changes = checked_body(request, api.EditCase)
        return call(self.cases, "edit_case", case_id, changes, actor)
