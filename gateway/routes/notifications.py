"""Routes for a clinician's mail and calendar: the delivery log, preferences, calendar feeds."""

from __future__ import annotations

from werkzeug.wrappers import Response

from contracts import api
from gateway.calls import LEADS, call
from gateway.limits import PUBLIC
from gateway.web import load, read_json, route, window
from mskpeer.platform.settings import base_url


class NotificationRoutes:
    @route(
        "GET",
        "/api/v1/notifications",
        "Delivery log: mine, or all for leads",
        query=api.NotificationQuery,
        response=api.DeliveryList,
        tag="notifications",
        links={"retry_notification": {"delivery_id": "$response.body#/items/0/id"}},
    )
    def list_notifications(self, request):
        actor = self._actor(request)
        query = request.query
        everyone = bool(set(LEADS) & set(actor["roles"])) and not query["mine"]
        offset, limit = window(query)
        return call(
            self.notifications,
            "list_deliveries",
            query["status"],
            None if everyone else actor["id"],
            offset,
            limit,
        )

    @route(
        "POST",
        "/api/v1/notifications/<delivery_id>/retry",
        "Send a failed message again (admin)",
        roles=("admin",),
        response=api.RetryOut,
        tag="notifications",
    )
    def retry_notification(self, request, delivery_id):
        self._actor(request, ("admin",))
        return call(self.notifications, "retry_delivery", delivery_id)

    @route(
        "GET",
        "/api/v1/me/notification-preferences",
        "Which non-essential messages I get, and whether as a daily digest",
        response=api.NotificationPreferencesOut,
        tag="notifications",
    )
    def my_notification_preferences(self, request):
        return call(self.notifications, "get_preferences", self._actor(request)["id"])

    @route(
        "PUT",
        "/api/v1/me/notification-preferences",
        "Choose agendas, reminders and a daily digest; essential messages always go",
        body=api.NotificationPreferencesIn,
        response=api.NotificationPreferencesOut,
        tag="notifications",
    )
    def set_my_notification_preferences(self, request):
        actor = self._actor(request)
        chosen = load(api.NotificationPreferencesIn(), read_json(request))
        return call(self.notifications, "set_preferences", actor["id"], chosen)

    @route(
        "POST",
        "/api/v1/me/calendar-token",
        "A new private calendar feed URL; the previous one stops working",
        response=api.CalendarTokenOut,
        tag="notifications",
    )
    def new_calendar_token(self, request):
        token = call(self.notifications, "rotate_calendar_token", self._actor(request)["id"])
        return {"url": f"{base_url(self.config)}/api/v1/calendar/{token['token']}.ics"}

    @route(
        "GET",
        "/api/v1/calendar/<string:token>.ics",
        "My conferences as an iCalendar feed (the token in the URL is the only key)",
        roles=None,
        tag="notifications",
        media_types=("text/calendar",),
        limit=PUBLIC,
    )
    def calendar_feed(self, request, token):
        calendar = call(self.notifications, "calendar_feed", token)
        # The URL is a secret: keep it and the feed out of shared caches.
        headers = {"Cache-Control": "private, max-age=300"}
        return Response(calendar, mimetype="text/calendar", headers=headers)
