"""Routes for the record of a meeting: minutes drafted and read, and the actions agreed."""

from __future__ import annotations

from contracts import api, policy
from gateway.calls import call
from gateway.router import API
from gateway.web import checked_body, window


@API.route(
    "PUT",
    "/api/v1/conferences/<string:conference_id>/minutes/draft",
    "Save the minutes as the chair types them (nothing is sent until they publish)",
    action=policy.RECORD_MINUTES,
    body=api.DraftMinutes,
    tag="conferences",
)
def save_minutes_draft(ports, request, actor, conference_id):
    draft = checked_body(request, api.DraftMinutes)
    return call(ports.scheduling, "save_minutes_draft", conference_id, draft, actor)


@API.route(
    "GET",
    "/api/v1/conferences/<string:conference_id>/minutes",
    "A meeting's minutes (audited)",
    action=policy.READ_MINUTES,
    response=api.MinutesOut,
    tag="conferences",
)
def get_minutes(ports, request, actor, conference_id):
    return call(ports.scheduling, "get_minutes", conference_id, actor)


@API.route(
    "GET",
    "/api/v1/actions",
    "Actions agreed at conferences: mine by default, everyone's for leads",
    action=policy.READ_ACTIONS,
    query=api.ActionQuery,
    response=api.ActionList,
    tag="conferences",
    links={"complete_action": {"action_id": "$response.body#/items/0/id"}},
)
def list_actions(ports, request, actor):
    query = request.query
    everyone = policy.sees_everyones_actions(actor) and not query["mine"]
    offset, limit = window(query)
    owner = None if everyone else actor["id"]
    return call(ports.scheduling, "list_actions", owner, query["open"], offset, limit)


@API.route(
    "POST",
    "/api/v1/actions/<action_id>/complete",
    "Mark an action done",
    action=policy.COMPLETE_ACTION,
    response=api.ActionOut,
    tag="conferences",
)
def complete_action(ports, request, actor, action_id):
    return call(ports.scheduling, "complete_action", action_id, actor)
