"""Generating the rota and reviewing it: who sits where, why, and how fair and mixed it is."""

from __future__ import annotations

import math
from datetime import date, timedelta

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from contracts.errors import Conflict, Invalid
from gateway.calls import call
from gateway.pages.dates import as_typed, iso, typed_or_linked
from gateway.pages.panel import service_names
from gateway.pages.refusals import Question, Refusal, refusal
from gateway.pages.rendering import london
from gateway.pages.web import Visit, page

WINDOW_QUESTIONS = (
    Question("from-day", "From", "Enter the first day to plan"),
    Question("to-day", "To", "Enter the last day to plan"),
    Question("series_id", "Series", "Select a series"),
)
ENDS = ("from", "to")


class RotaPages:
    @page("GET", "/rota", policy.PLAN_CONFERENCES)
    def rota_page(self, visit: Visit):
        window = _asked(visit.request.args)
        if not all(iso(window[end]) for end in ENDS):
            return self._rota_page(visit, {**window, **_usual_window(london(self.clock()).date())})
        query = {**_dates(window), "page_size": MAX_PAGE_SIZE}
        try:
            shown = call(self.scheduling, "get_rota", query)
        except Invalid as error:
            return self._rota_page(visit, window, _refused(error), status=422)
        return self._rota_page(visit, window, conferences=shown["items"])

    @page("POST", "/rota", policy.PLAN_CONFERENCES)
    def generate_rota(self, visit: Visit):
        window = _asked(visit.form)
        asked = {**_dates(window), "series_id": window["series_id"] or None}
        try:
            planned = call(self.scheduling, "plan_rota", asked, visit.person)
        except Invalid as error:
            return self._rota_page(visit, window, _refused(error), status=422)
        except Conflict as error:  # no rota keeps every rule: say which, on the form
            found = Refusal()
            found.add("from-day", error.message)
            return self._rota_page(visit, window, found, status=409)
        planned["quality"] = quality(planned["objective"], planned["bound"])
        return self._rota_page(visit, window, planned=planned, conferences=planned["items"])

    def _rota_page(self, visit, window, found=None, planned=None, conferences=None, status=200):
        found = found or Refusal()
        series = call(self.scheduling, "list_series")["items"]
        return visit.page(
            "rota.html",
            status,
            window=window,
            shown=_dates(window),
            found=found,
            errors=found.summary,
            series=series,
            series_names={s["id"]: s["name"] for s in series},
            planned=planned,
            conferences=_reviewed_all(self.staff, conferences),
        )


def _asked(source) -> dict:
    window = {end: typed_or_linked(source, end) for end in ENDS}
    return {**window, "series_id": source.get("series_id", "").strip()}


def _dates(window: dict) -> dict:
    """The window in the service's words: ISO dates, or what was typed for it to refuse."""
    return {end: iso(window[end]) for end in ENDS}


def _refused(error: Invalid):
    fields = {f"{name}-day" if name in ENDS else name: text for name, text in error.fields.items()}
    return refusal(Invalid(error.code, error.message, fields), WINDOW_QUESTIONS)


def quality(objective: float | None, bound: float | None) -> str:
    """How near the best possible the solver's rota is, in words a coordinator can weigh.

    The solver's score counts penalties (lower is better) and proves that no rota can score
    below `bound`; the gap between the two, as a share of the bound, is how far off the best
    this one can at most be. Rounded up, so "within 0.2%" is never an overstatement."""
    if objective is None or bound is None:
        return "No conferences to plan in this window"
    gap = abs(objective - bound) / max(abs(bound), 1.0) * 100
    if gap < 0.05:
        return "The best rota possible"
    return f"Within {math.ceil(gap * 10) / 10:.1f}% of the best possible"


def _usual_window(today: date) -> dict:
    """Tomorrow to four weeks on: what a coordinator usually plans."""
    ends = (today + timedelta(days=1), today + timedelta(weeks=4))
    return {end: as_typed(day.isoformat()) for end, day in zip(ENDS, ends, strict=True)}


def _reviewed_all(staff, conferences: list[dict] | None) -> list[dict] | None:
    if conferences is None:
        return None
    names = service_names(staff)
    return [_reviewed(conference, names) for conference in conferences]


def _reviewed(conference: dict, names: dict[str, str]) -> dict:
    """One conference's seats in reading order, and the mix of its panel."""
    seats = [s for s in (conference["chair"], conference["standby"]) if s]
    seats += conference["attendees"]
    for seat in seats:
        seat["service_name"] = names.get(seat["service"], seat["service"])
    # The standby only sits if called up, so the mix is the chair's and the panel's.
    panel = [s for s in seats if s["role"] in ("chair", "attendee")]
    mix = {
        "sites": len({s["site"] for s in panel}),
        "services": len({s["service"] for s in panel}),
        "bands": len({s["band"] for s in panel}),
        "people": len(panel),
    }
    return {**conference, "seats": seats, "mix": mix}
