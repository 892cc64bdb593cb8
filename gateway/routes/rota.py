"""Routes of the rota: plan a window (coordinators), read it, and days clinicians cannot sit."""

from __future__ import annotations

from contracts import api, policy
from gateway.calls import call
from gateway.router import API
from gateway.routes.conferences import conference_links
from gateway.web import checked_body


@API.route(
    "POST",
    "/api/v1/rota",
    "Plan and publish the rota of every conference in a window",
    action=policy.PLAN_CONFERENCES,
    body=api.RotaIn,
    response=api.RotaOut,
    status=201,
    tag="rota",
    links=conference_links("$response.body#/items/0/conference_id"),
)
def plan_rota(ports, request, actor):
    window = checked_body(request, api.RotaIn)
    return call(ports.scheduling, "plan_rota", window, actor)


@API.route(
    "GET",
    "/api/v1/rota",
    "Who chairs, stands by and sits on each conference in a window, and why",
    action=policy.READ_CONFERENCES,
    query=api.RotaQuery,
    response=api.RotaList,
    tag="rota",
)
def get_rota(ports, request, actor):
    query = request.args.to_dict()  # checked by the router; the service loads it again
    return call(ports.scheduling, "get_rota", query)


@API.route(
    "GET",
    "/api/v1/clinicians/<string:clinician_id>/rota",
    "A clinician's conferences in a window, with their role and why",
    action=policy.READ_CONFERENCES,
    query=api.RotaQuery,
    response=api.DutyList,
    tag="rota",
)
def clinician_rota(ports, request, actor, clinician_id):
    query = request.args.to_dict()  # checked by the router; the service loads it again
    return call(ports.scheduling, "clinician_rota", clinician_id, query)


@API.route(
    "POST",
    "/api/v1/clinicians/<string:clinician_id>/unavailability",
    "Days a clinician cannot sit on a conference",
    action=policy.MANAGE_UNAVAILABILITY,
    body=api.UnavailabilityIn,
    response=api.UnavailabilityList,
    status=201,
    tag="rota",
    links={
        "clear_unavailable": {
            "clinician_id": "$request.path.clinician_id",
            "day": "$response.body#/items/0/day",
        },
        "list_unavailability": {"clinician_id": "$request.path.clinician_id"},
    },
)
def mark_unavailable(ports, request, actor, clinician_id):
    days = checked_body(request, api.UnavailabilityIn)
    return call(ports.scheduling, "mark_unavailable", clinician_id, days, actor)


@API.route(
    "DELETE",
    "/api/v1/clinicians/<string:clinician_id>/unavailability/<string:day>",
    "Take a day off the list: the clinician may sit that day again (from the next rota)",
    action=policy.MANAGE_UNAVAILABILITY,
    response=api.DayCleared,
    tag="rota",
)
def clear_unavailable(ports, request, actor, clinician_id, day):
    return call(ports.scheduling, "clear_unavailable", clinician_id, day, actor)


@API.route(
    "GET",
    "/api/v1/clinicians/<string:clinician_id>/unavailability",
    "The days a clinician cannot sit",
    action=policy.MANAGE_UNAVAILABILITY,
    query=api.UnavailabilityQuery,
    response=api.UnavailabilityList,
    tag="rota",
)
def list_unavailability(ports, request, actor, clinician_id):
    query = request.args.to_dict()  # checked by the router; the service loads it again
    return call(ports.scheduling, "list_unavailability", clinician_id, query, actor)


@API.route(
    "POST",
    "/api/v1/conferences/<string:conference_id>/decline",
    "I cannot come: take me off, and re-plan that day with as few changes as possible",
    action=policy.DECLINE_SEAT,
    body=api.DeclineIn,
    response=api.DeclineOut,
    tag="rota",
)
def decline(ports, request, actor, conference_id):
    reason = checked_body(request, api.DeclineIn)
    return call(ports.scheduling, "decline", conference_id, reason, actor)


@API.route(
    "GET",
    "/api/v1/quorum-warnings",
    "Panels still short before their meeting, after the standby was called up",
    action=policy.PLAN_CONFERENCES,
    query=api.QuorumWarningQuery,
    response=api.QuorumWarningList,
    tag="rota",
)
def quorum_warnings(ports, request, actor):
    query = request.args.to_dict()  # checked by the router; the service loads it again
    return call(ports.scheduling, "quorum_warnings", query, actor)
