"""Routes of the scheduling service: conferences, agendas and minutes."""

from __future__ import annotations

from contracts import api
from gateway.calls import call
from gateway.web import checked_body, load, route, window


class ConferenceRoutes:
    # -- conferences -------------------------------------------------------
    @route(
        "GET",
        "/api/v1/conferences",
        "Upcoming conferences, soonest first",
        query=api.ConferenceQuery,
        response=api.ConferenceList,
        tag="conferences",
    )
    def list_conferences(self, request):
        self._actor(request)
        query = load(api.ConferenceQuery(), request.args.to_dict())
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
    )
    def record_minutes(self, request, conference_id):
        actor = self._actor(request)
        minutes = checked_body(request, api.RecordMinutes)
        return call(self.scheduling, "record_minutes", conference_id, minutes, actor)
