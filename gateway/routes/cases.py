"""Routes of the cases service: draft, submit, edit, list, read and withdraw cases."""

from __future__ import annotations

from contracts import api, policy
from gateway.calls import call
from gateway.router import API
from gateway.web import checked_body, idempotency_key, load, read_json, window


@API.route(
    "POST",
    "/api/v1/cases",
    'Submit a case (pseudonymised), or save a draft with "draft": true',
    action=policy.SUBMIT_CASE,
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
def submit_case(ports, request, actor):
    payload = read_json(request)
    details = load(api.submission_schema(payload), payload)
    # A client that did not hear the answer (a timeout, a 503) may send the
    # same request with the same Idempotency-Key and gets the same case back.
    key = idempotency_key(request)
    return call(ports.cases, "submit_case", details, actor, idempotency_key=key)


@API.route(
    "GET",
    "/api/v1/urgent-pathways",
    "The local urgent pathways for red flags, and whom to contact on each",
    action=policy.SUBMIT_CASE,
    response=api.UrgentPathwayList,
    tag="cases",
)
def list_urgent_pathways(ports, request, actor):
    return call(ports.cases, "list_urgent_pathways")


@API.route(
    "PUT",
    "/api/v1/urgent-pathways/<string:pathway>",
    "Rename an urgent pathway or change whom to contact on it",
    action=policy.SET_URGENT_PATHWAYS,
    body=api.UrgentPathwayIn,
    response=api.UrgentPathway,
    tag="cases",
)
def set_urgent_pathway(ports, request, actor, pathway):
    changes = checked_body(request, api.UrgentPathwayIn)
    return call(ports.cases, "set_urgent_pathway", pathway, changes, actor)


@API.route(
    "GET",
    "/api/v1/cases",
    "List cases",
    action=policy.LIST_CASES,
    query=api.CaseListQuery,
    response=api.CaseList,
    tag="cases",
)
def list_cases(ports, request, actor):
    query = request.query
    offset, limit = window(query)
    return call(
        ports.cases,
        "list_cases",
        actor,
        status=query["status"],
        mine=query["mine"],
        body_region=query["body_region"],
        text=query["q"],
        offset=offset,
        limit=limit,
    )


@API.route(
    "GET",
    "/api/v1/cases/<string:case_id>",
    "Read a case (audited)",
    action=policy.READ_CASE,
    response=api.CaseOut,
    tag="cases",
)
def get_case(ports, request, actor, case_id):
    return call(ports.cases, "get_case", case_id, actor)


@API.route(
    "POST",
    "/api/v1/cases/<string:case_id>/withdraw",
    "Withdraw a case before its discussion",
    action=policy.WITHDRAW_CASE,
    response=api.CaseOut,
    tag="cases",
)
def withdraw_case(ports, request, actor, case_id):
    return call(ports.cases, "withdraw_case", case_id, actor)


@API.route(
    "POST",
    "/api/v1/cases/<string:case_id>/submit",
    "Submit a draft to peer support",
    action=policy.CHANGE_CASE,
    response=api.CaseOut,
    tag="cases",
)
def submit_draft(ports, request, actor, case_id):
    return call(ports.cases, "submit_draft", case_id, actor)


@API.route(
    "PATCH",
    "/api/v1/cases/<string:case_id>",
    "Edit a case until it has been discussed",
    action=policy.CHANGE_CASE,
    body=api.EditCase,
    response=api.CaseOut,
    tag="cases",
)
def edit_case(ports, request, actor, case_id):
    changes = checked_body(request, api.EditCase)
    return call(ports.cases, "edit_case", case_id, changes, actor)
