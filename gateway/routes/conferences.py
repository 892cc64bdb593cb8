"""Routes of the scheduling service: conferences, agendas and minutes."""

from __future__ import annotations

from contracts import api
from gateway.calls import call
from gateway.web import checked_body, route, window


class ConferenceRoutes:
    # -- conferences -------------------------------------------------------
    @route(
        "GET",
        "/api/v1/conferences",
        "Upcoming conferences, soonest first",
        query=api.ConferenceQuery,
        response=api.ConferenceList,
        tag="conferences",
        links={
            "get_conference": {"conference_id": "$response.body#/items/0/id"},
            "decline": {"conference_id": "$response.body#/items/0/id"},
            "get_minutes": {"conference_id": "$response.body#/items/0/id"},
            "save_minutes_draft": {"conference_id": "$response.body#/items/0/id"},
            "record_minutes": {"conference_id": "$response.body#/items/0/id"},
            "reorder_agenda": {"conference_id": "$response.body#/items/0/id"},
            "cancel_conference": {"conference_id": "$response.body#/items/0/id"},
            "move_conference": {"conference_id": "$response.body#/items/0/id"},
        },
    )
    def list_conferences(self, request):
        self._actor(request)
        query = request.query
        offset, limit = window(query)
        return call(
            self.scheduling,
            "list_conferences",
            query["from_"],
            query["to"],
            offset,
            limit,
        )

    @route(
        "GET",
        "/api/v1/conferences/<string:conference_id>",
        "A conference: chair, attendees, agenda",
        response=api.ConferenceOut,
        tag="conferences",
    )
    def get_conference(self, request, conference_id):
        self._actor(request)
        return call(self.scheduling, "get_conference", conference_id)

    @route(
        "POST",
        "/api/v1/conferences/<string:conference_id>/minutes",
        "Record a meeting's minutes (its chair, a coordinator or an admin)",
        body=api.RecordMinutes,
        status=201,
        tag="conferences",
        links={"get_minutes": {"conference_id": "$request.path.conference_id"}},
    )
    def record_minutes(self, request, conference_id):
        actor = self._actor(request)
        minutes = checked_body(request, api.RecordMinutes)
        return call(self.scheduling, "record_minutes", conference_id, minutes, actor)
