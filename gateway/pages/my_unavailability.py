"""My days off conferences: leave, clinic cover, training; and the seats I still hold on them.

The same RPCs as POST and GET /api/v1/clinicians/{id}/unavailability: the scheduling
service checks the dates and keeps the next rota off those days. A conference already
planned keeps me on it until the next rota, so the page says which, and where to decline.
"""

from __future__ import annotations

from contracts import policy
from contracts.errors import Invalid
from gateway.calls import call
from gateway.pages.dates import blank, iso, typed
from gateway.pages.refusals import Question, Refusal, refusal
from gateway.pages.rendering import london
from gateway.pages.web import Visit, page, redirect

UPCOMING = 500  # every day ahead; nobody books more than a year of leave
QUESTIONS = (
    Question("from-day", "The first day", "Enter the first day you cannot sit"),
    Question("to-day", "The last day", "Enter the last day, or clear it for a single day"),
    Question("reason", "Reason", ""),
)
# The service's names for the fields (`dates` for one day) -> the form's.
ON_FORM = {"dates": "from-day", "from": "from-day", "to": "to-day"}


class MyUnavailability:
    @page("GET", "/me/unavailability", policy.MANAGE_UNAVAILABILITY)
    def my_unavailability(self, visit: Visit):
        return self._days_off_page(visit, blank_form(), None)

    @page("POST", "/me/unavailability", policy.MANAGE_UNAVAILABILITY)
    def add_unavailability(self, visit: Visit):
        me, form = visit.person, written(visit.form)
        if not any(form["from"].values()):  # nothing to send: say what is needed, as a form does
            found = Refusal()
            found.add(QUESTIONS[0].name, QUESTIONS[0].missing)
            return self._days_off_page(visit, form, found, status=422)
        try:
            added = call(self.scheduling, "mark_unavailable", me["id"], days_off(form), me)
        except Invalid as error:
            fields = {ON_FORM.get(name, name): text for name, text in error.fields.items()}
            found = refusal(Invalid(error.code, error.message, fields), QUESTIONS)
            return self._days_off_page(visit, form, found, status=422)
        return redirect(f"/me/unavailability?added={len(added['items'])}")

    @page("POST", "/me/unavailability/<string:day>/remove", policy.MANAGE_UNAVAILABILITY)
    def remove_unavailability(self, visit: Visit, day):
        me = visit.person
        call(self.scheduling, "clear_unavailable", me["id"], day, me)
        return redirect(f"/me/unavailability?removed={day}")

    def _days_off_page(self, visit: Visit, form: dict, found, status=200):
        me = visit.person
        today = london(self.clock()).date().isoformat()
        query = {"from": today, "page_size": UPCOMING}
        listed = call(self.scheduling, "list_unavailability", me["id"], query, me)
        return visit.page(
            "me_unavailability.html",
            status,
            days=listed["items"],
            still_rostered=listed["still_rostered"],
            added=visit.request.args.get("added", type=int),
            removed=visit.request.args.get("removed"),
            form=form,
            errors=found.summary if found else [],
            messages=found.messages if found else {},
        )


def blank_form() -> dict:
    return {"from": blank(), "to": blank(), "reason": ""}


def written(form) -> dict:
    return {
        **{end: typed(form, end) for end in ("from", "to")},
        "reason": form.get("reason", "").strip(),
    }


def days_off(form: dict) -> dict:
    """One day as `dates`, or a range as `from` and `to`."""
    first, last = iso(form["from"]), iso(form["to"])
    days = {"from": first, "to": last} if last else {"dates": [first]}
    return {**days, "reason": form["reason"] or None}
