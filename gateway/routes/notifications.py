"""Routes for a clinician's mail and calendar: the delivery log, preferences, calendar feeds."""

from __future__ import annotations

from werkzeug.wrappers import Response

from contracts import api, policy
from gateway.calls import call
from gateway.limits import PUBLIC
from gateway.router import API
from gateway.web import load, read_json, window
from mskpeer.platform.settings import base_url


@API.route(
    "GET",
    "/api/v1/notifications",
    "Delivery log: mine, or all for leads",
    action=policy.READ_DELIVERIES,
    query=api.NotificationQuery,
    response=api.DeliveryList,
    tag="notifications",
    links={"retry_notification": {"delivery_id": "$response.body#/items/0/id"}},
)
def list_notifications(ports, request, actor):
    query = request.query
    everyone = policy.sees_every_delivery(actor) and not query["mine"]
    offset, limit = window(query)
    recipient = None if everyone else actor["id"]
    return call(ports.notifications, "list_deliveries", query["status"], recipient, offset, limit)


@API.route(
    "POST",
    "/api/v1/notifications/<delivery_id>/retry",
    "Send a failed message again",
    action=policy.OPERATE,
    response=api.RetryOut,
    tag="notifications",
)
def retry_notification(ports, request, actor, delivery_id):
    return call(ports.notifications, "retry_delivery", delivery_id)


@API.route(
    "GET",
    "/api/v1/me/notification-preferences",
    "Which non-essential messages I get, and whether as a daily digest",
    action=policy.KEEP_OWN_SETTINGS,
    response=api.NotificationPreferencesOut,
    tag="notifications",
)
def my_notification_preferences(ports, request, actor):
    return call(ports.notifications, "get_preferences", actor["id"])


@API.route(
    "PUT",
    "/api/v1/me/notification-preferences",
    "Choose agendas, reminders and a daily digest; essential messages always go",
    action=policy.KEEP_OWN_SETTINGS,
    body=api.NotificationPreferencesIn,
    response=api.NotificationPreferencesOut,
    tag="notifications",
)
def set_my_notification_preferences(ports, request, actor):
    chosen = load(api.NotificationPreferencesIn(), read_json(request))
    return call(ports.notifications, "set_preferences", actor["id"], chosen)


@API.route(
    "POST",
    "/api/v1/me/calendar-token",
    "A new private calendar feed URL; the previous one stops working",
    action=policy.KEEP_OWN_SETTINGS,
    response=api.CalendarTokenOut,
    tag="notifications",
)
def new_calendar_token(ports, request, actor):
    token = call(ports.notifications, "rotate_calendar_token", actor["id"])
    return {"url": f"{base_url(ports.config)}/api/v1/calendar/{token['token']}.ics"}


@API.route(
    "GET",
    "/api/v1/calendar/<string:token>.ics",
    "My conferences as an iCalendar feed (the token in the URL is the only key)",
    action=policy.FOLLOW_CALENDAR,
    tag="notifications",
    media_types=("text/calendar",),
    limit=PUBLIC,
)
def calendar_feed(ports, request, actor, token):
    calendar = call(ports.notifications, "calendar_feed", token)
    # The URL is a secret: keep it and the feed out of shared caches.
    headers = {"Cache-Control": "private, max-age=300"}
    return Response(calendar, mimetype="text/calendar", headers=headers)
