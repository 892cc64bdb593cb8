"""Routes of the scheduling service: conferences, agendas and minutes."""

from __future__ import annotations

from contracts import api
from gateway.calls import call
from gateway.web import checked_body, route, window

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


class ConferenceRoutes:
    # -- conferences -------------------------------------------------------
    @route(
        "GET",
        "/api/v1/conferences",
        "Upcoming conferences, soonest first",
        query=api.ConferenceQuery,
        response=api.ConferenceList,
        tag="conferences",
        links=conference_links("$response.body#/items/0/id"),
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
