"""Routes of the scheduling service: conferences and recording their minutes."""

from __future__ import annotations

from contracts import api, policy
from gateway.calls import call
from gateway.router import API
from gateway.web import checked_body, window

# What a conference's id reaches: OpenAPI links from every answer that names one.
CONFERENCE_OPERATIONS = (
    "get_conference",
    "decline",
    "get_minutes",
    "save_minutes_draft",
    "record_minutes",
    "reorder_agenda",
    "cancel_conference",
    "move_conference",
)


def conference_links(pointer: str) -> dict:
    return {operation: {"conference_id": pointer} for operation in CONFERENCE_OPERATIONS}


@API.route(
    "GET",
    "/api/v1/conferences",
    "Upcoming conferences, soonest first",
    action=policy.READ_CONFERENCES,
    query=api.ConferenceQuery,
    response=api.ConferenceList,
    tag="conferences",
    links=conference_links("$response.body#/items/0/id"),
)
def list_conferences(ports, request, actor):
    query = request.query
    offset, limit = window(query)
    return call(ports.scheduling, "list_conferences", query["from_"], query["to"], offset, limit)


@API.route(
    "GET",
    "/api/v1/conferences/<string:conference_id>",
    "A conference: chair, attendees, agenda",
    action=policy.READ_CONFERENCES,
    response=api.ConferenceOut,
    tag="conferences",
)
def get_conference(ports, request, actor, conference_id):
    return call(ports.scheduling, "get_conference", conference_id)


@API.route(
    "POST",
    "/api/v1/conferences/<string:conference_id>/minutes",
    "Record a meeting's minutes",
    action=policy.RECORD_MINUTES,
    body=api.RecordMinutes,
    status=201,
    tag="conferences",
    links={"get_minutes": {"conference_id": "$request.path.conference_id"}},
)
def record_minutes(ports, request, actor, conference_id):
    minutes = checked_body(request, api.RecordMinutes)
    return call(ports.scheduling, "record_minutes", conference_id, minutes, actor)
