"""Routes for coordinators and chairs: conference series, meeting changes, agenda order."""

from __future__ import annotations

from contracts import api
from gateway.calls import LEADS, call
from gateway.web import checked_body, route


class SeriesRoutes:
    @route(
        "POST",
        "/api/v1/conference-series",
        "Create a series of conferences (coordinator)",
        roles=LEADS,
        body=api.SeriesIn,
        response=api.SeriesOut,
        status=201,
        tag="conferences",
    )
    def create_series(self, request):
        self._actor(request, LEADS)
        return call(self.scheduling, "create_series", checked_body(request, api.SeriesIn))

    @route(
        "GET",
        "/api/v1/conference-series",
        "The series of conferences",
        response=api.SeriesList,
        tag="conferences",
    )
    def list_series(self, request):
        self._actor(request)
        return call(self.scheduling, "list_series")

    @route(
        "POST",
        "/api/v1/conferences/<string:conference_id>/cancel",
        "Cancel one meeting; its panel is told and its cases move on (coordinator)",
        roles=LEADS,
        body=api.CancelIn,
        tag="conferences",
    )
    def cancel_conference(self, request, conference_id):
        self._actor(request, LEADS)
        body = checked_body(request, api.CancelIn)
        return call(self.scheduling, "cancel_conference", conference_id, body)

    @route(
        "POST",
        "/api/v1/conferences/<string:conference_id>/move",
        "Move one meeting to another time or place; its panel is told (coordinator)",
        roles=LEADS,
        body=api.MoveIn,
        tag="conferences",
    )
    def move_conference(self, request, conference_id):
        self._actor(request, LEADS)
        body = checked_body(request, api.MoveIn)
        return call(self.scheduling, "move_conference", conference_id, body)

    @route(
        "PUT",
        "/api/v1/conferences/<string:conference_id>/agenda",
        "Set the order the cases are discussed in (the chair)",
        body=api.AgendaOrderIn,
        tag="conferences",
    )
    def reorder_agenda(self, request, conference_id):
        actor = self._actor(request)
        body = checked_body(request, api.AgendaOrderIn)
        return call(self.scheduling, "reorder_agenda", conference_id, body, actor)

    @route(
        "POST",
        "/api/v1/conferences/<string:conference_id>/agenda/<string:case_id>/move",
        "Move a case to another conference with room (the chair)",
        body=api.AgendaMoveIn,
        tag="conferences",
    )
    def move_agenda_item(self, request, conference_id, case_id):
        actor = self._actor(request)
        body = checked_body(request, api.AgendaMoveIn)
        return call(self.scheduling, "move_agenda_item", conference_id, case_id, body, actor)
