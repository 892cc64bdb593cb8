"""My settings: my calendar feed and which emails I get, through the notifications RPCs.

The feed's secret is kept only as a hash by the notifications service, so nobody (not
this page either) can read an existing link back: the link is shown once, as it is made.
"""

from __future__ import annotations

from contracts import policy
from contracts.errors import Invalid
from gateway.calls import call
from gateway.pages.refusals import Question, refusal
from gateway.pages.web import Visit, page, redirect
from mskpeer.platform.settings import base_url

RECENT_EMAILS = 20
# A message's state in the delivery log, as the person it was for would put it.
EMAIL_STATES = {
    "queued": ("Waiting to be sent", "nhsuk-tag--grey"),
    "sending": ("Being sent", "nhsuk-tag--blue"),
    "sent": ("Sent", "nhsuk-tag--green"),
    "failed": ("Not delivered", "nhsuk-tag--red"),
    "held": ("Waiting for your daily digest", "nhsuk-tag--yellow"),
    "digested": ("Sent in a daily digest", "nhsuk-tag--green"),
    "skipped": ("Not sent: you turned these off", "nhsuk-tag--white"),
}
PREFERENCES = (
    Question("agenda", "Agendas", "Say whether you want agendas"),
    Question("reminders", "Reminders", "Say whether you want reminders"),
    Question("digest", "When they come", "Select when these emails come"),
)


class MySettings:
    @page("GET", "/me", policy.KEEP_OWN_SETTINGS)
    def my_settings(self, visit: Visit):
        return visit.page("me_index.html")

    @page("GET", "/me/calendar", policy.KEEP_OWN_SETTINGS)
    def my_calendar(self, visit: Visit):
        return visit.page("me_calendar.html", feed_url=None)

    @page("POST", "/me/calendar", policy.KEEP_OWN_SETTINGS)
    def new_calendar_link(self, visit: Visit):
        token = call(self.notifications, "rotate_calendar_token", visit.person["id"])
        # Shown once, in this answer: a redirect would have to keep the secret somewhere.
        feed_url = f"{base_url(self.config)}/api/v1/calendar/{token['token']}.ics"
        return visit.page("me_calendar.html", feed_url=feed_url)

    @page("GET", "/me/notifications", policy.KEEP_OWN_SETTINGS)
    def my_notifications(self, visit: Visit):
        chosen = call(self.notifications, "get_preferences", visit.person["id"])
        return self._emails_page(visit, chosen, None)

    @page("POST", "/me/notifications", policy.KEEP_OWN_SETTINGS)
    def choose_notifications(self, visit: Visit):
        me = visit.person
        chosen = {
            "agenda": visit.form.get("agenda") == "yes",
            "reminders": visit.form.get("reminders") == "yes",
            **({"digest": visit.form["digest"]} if visit.form.get("digest") else {}),
        }
        try:
            call(self.notifications, "set_preferences", me["id"], chosen)
        except Invalid as error:
            shown = {**call(self.notifications, "get_preferences", me["id"]), **chosen}
            return self._emails_page(visit, shown, refusal(error, PREFERENCES), status=422)
        return redirect("/me/notifications?saved=1")

    def _emails_page(self, visit: Visit, chosen: dict, found, status=200):
        recent = call(
            self.notifications, "list_deliveries", None, visit.person["id"], 0, RECENT_EMAILS
        )
        return visit.page(
            "me_notifications.html",
            status,
            chosen=chosen,
            saved="saved" in visit.request.args,
            emails=recent["items"],
            states=EMAIL_STATES,
            errors=found.summary if found else [],
            messages=found.messages if found else {},
        )
