"""Routes for the record of a meeting: minutes drafted and read, and the actions agreed."""

from __future__ import annotations

from contracts import api
from gateway.calls import LEADS, call
from gateway.web import checked_body, route, window


class MinutesRoutes:
    @route(
        "PUT",
        "/api/v1/conferences/<string:conference_id>/minutes/draft",
        "Save the minutes as the chair types them (nothing is sent until they publish)",
        body=api.DraftMinutes,
        tag="conferences",
    )
    def save_minutes_draft(self, request, conference_id):
        actor = self._actor(request)
        draft = checked_body(request, api.DraftMinutes)
        return call(self.scheduling, "save_minutes_draft", conference_id, draft, actor)

    @route(
        "GET",
        "/api/v1/conferences/<string:conference_id>/minutes",
        "A meeting's minutes: for its panel, its presenters and leads (audited)",
        response=api.MinutesOut,
        tag="conferences",
    )
    def get_minutes(self, request, conference_id):
        return call(self.scheduling, "get_minutes", conference_id, self._actor(request))

    @route(
        "GET",
        "/api/v1/actions",
        "Actions agreed at conferences: mine by default, everyone's for leads",
        query=api.ActionQuery,
        response=api.ActionList,
        tag="conferences",
        links={"complete_action": {"action_id": "$response.body#/items/0/id"}},
    )
    def list_actions(self, request):
        actor = self._actor(request)
        query = request.query
        everyone = bool(set(LEADS) & set(actor["roles"])) and not query["mine"]
        offset, limit = window(query)
        owner = None if everyone else actor["id"]
        return call(self.scheduling, "list_actions", owner, query["open"], offset, limit)

    @route(
        "POST",
        "/api/v1/actions/<action_id>/complete",
        "Mark an action done (its owner, the chair who agreed it, or a lead)",
        response=api.ActionOut,
        tag="conferences",
    )
    def complete_action(self, request, action_id):
        return call(self.scheduling, "complete_action", action_id, self._actor(request))
