"""Routes for coordinators and chairs: conference series, meeting changes, agenda order."""

from __future__ import annotations

from contracts import api, policy
from gateway.calls import call
from gateway.router import API
from gateway.web import checked_body


@API.route(
    "POST",
    "/api/v1/conference-series",
    "Create a series of conferences",
    action=policy.PLAN_CONFERENCES,
    body=api.SeriesIn,
    response=api.SeriesOut,
    status=201,
    tag="conferences",
)
def create_series(ports, request, actor):
    return call(ports.scheduling, "create_series", checked_body(request, api.SeriesIn), actor)


@API.route(
    "GET",
    "/api/v1/conference-series",
    "The series of conferences",
    action=policy.READ_CONFERENCES,
    response=api.SeriesList,
    tag="conferences",
)
def list_series(ports, request, actor):
    return call(ports.scheduling, "list_series")


@API.route(
    "POST",
    "/api/v1/conferences/<string:conference_id>/cancel",
    "Cancel one meeting; its panel is told and its cases move on",
    action=policy.PLAN_CONFERENCES,
    body=api.CancelIn,
    tag="conferences",
)
def cancel_conference(ports, request, actor, conference_id):
    body = checked_body(request, api.CancelIn)
    return call(ports.scheduling, "cancel_conference", conference_id, body, actor)


@API.route(
    "POST",
    "/api/v1/conferences/<string:conference_id>/move",
    "Move one meeting to another time or place; its panel is told",
    action=policy.PLAN_CONFERENCES,
    body=api.MoveIn,
    tag="conferences",
)
def move_conference(ports, request, actor, conference_id):
    body = checked_body(request, api.MoveIn)
    return call(ports.scheduling, "move_conference", conference_id, body, actor)


@API.route(
    "PUT",
    "/api/v1/conferences/<string:conference_id>/agenda",
    "Set the order the cases are discussed in",
    action=policy.ARRANGE_AGENDA,
    body=api.AgendaOrderIn,
    tag="conferences",
)
def reorder_agenda(ports, request, actor, conference_id):
    body = checked_body(request, api.AgendaOrderIn)
    return call(ports.scheduling, "reorder_agenda", conference_id, body, actor)


@API.route(
    "POST",
    "/api/v1/conferences/<string:conference_id>/agenda/<string:case_id>/move",
    "Move a case to another conference with room",
    action=policy.ARRANGE_AGENDA,
    body=api.AgendaMoveIn,
    tag="conferences",
)
def move_agenda_item(ports, request, actor, conference_id, case_id):
    body = checked_body(request, api.AgendaMoveIn)
    return call(ports.scheduling, "move_agenda_item", conference_id, case_id, body, actor)
