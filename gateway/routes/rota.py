"""Routes of the rota: plan a window (coordinators), read it, and days clinicians cannot sit."""

from __future__ import annotations

from contracts import api
from gateway.calls import LEADS, call
from gateway.routes.conferences import conference_links
from gateway.web import checked_body, route


class RotaRoutes:
    @route(
        "POST",
        "/api/v1/rota",
        "Plan and publish the rota of every conference in a window (coordinator, admin)",
        roles=LEADS,
        body=api.RotaIn,
        response=api.RotaOut,
        status=201,
        tag="rota",
        links=conference_links("$response.body#/items/0/conference_id"),
    )
    def plan_rota(self, request):
        actor = self._actor(request, LEADS)
        window = checked_body(request, api.RotaIn)
        return call(self.scheduling, "plan_rota", window, actor)

    @route(
        "GET",
        "/api/v1/rota",
        "Who chairs, stands by and sits on each conference in a window, and why",
        query=api.RotaQuery,
        response=api.RotaList,
        tag="rota",
    )
    def get_rota(self, request):
        self._actor(request)
        query = request.args.to_dict()  # checked by @route; the service loads it again
        return call(self.scheduling, "get_rota", query)

    @route(
        "GET",
        "/api/v1/clinicians/<string:clinician_id>/rota",
        "A clinician's conferences in a window, with their role and why",
        query=api.RotaQuery,
        response=api.DutyList,
        tag="rota",
    )
    def clinician_rota(self, request, clinician_id):
        self._actor(request)
        query = request.args.to_dict()  # checked by @route; the service loads it again
        return call(self.scheduling, "clinician_rota", clinician_id, query)

    @route(
        "POST",
        "/api/v1/clinicians/<string:clinician_id>/unavailability",
        "Days a clinician cannot sit on a conference (the clinician, a coordinator or an admin)",
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
    def mark_unavailable(self, request, clinician_id):
        actor = self._actor(request)
        days = checked_body(request, api.UnavailabilityIn)
        return call(self.scheduling, "mark_unavailable", clinician_id, days, actor)

    @route(
        "DELETE",
        "/api/v1/clinicians/<string:clinician_id>/unavailability/<string:day>",
        "Take a day off the list: the clinician may sit that day again (from the next rota)",
        response=api.DayCleared,
        tag="rota",
    )
    def clear_unavailable(self, request, clinician_id, day):
        actor = self._actor(request)
        return call(self.scheduling, "clear_unavailable", clinician_id, day, actor)

    @route(
        "GET",
        "/api/v1/clinicians/<string:clinician_id>/unavailability",
        "The days a clinician cannot sit (the clinician, a coordinator or an admin)",
        query=api.UnavailabilityQuery,
        response=api.UnavailabilityList,
        tag="rota",
    )
    def list_unavailability(self, request, clinician_id):
        actor = self._actor(request)
        query = request.args.to_dict()  # checked by @route; the service loads it again
        return call(self.scheduling, "list_unavailability", clinician_id, query, actor)

    @route(
        "POST",
        "/api/v1/conferences/<string:conference_id>/decline",
        "I cannot come: take me off, and re-plan that day with as few changes as possible",
        body=api.DeclineIn,
        response=api.DeclineOut,
        tag="rota",
    )
    def decline(self, request, conference_id):
        actor = self._actor(request)
        reason = checked_body(request, api.DeclineIn)
        return call(self.scheduling, "decline", conference_id, reason, actor)

    @route(
        "GET",
        "/api/v1/quorum-warnings",
        "Panels still short before their meeting, after the standby was called up (coordinator)",
        roles=LEADS,
        query=api.QuorumWarningQuery,
        response=api.QuorumWarningList,
        tag="rota",
    )
    def quorum_warnings(self, request):
        actor = self._actor(request, LEADS)
        query = request.args.to_dict()  # checked by @route; the service loads it again
        return call(self.scheduling, "quorum_warnings", query, actor)
