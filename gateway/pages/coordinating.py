"""The coordinators' pages: their hub, conference series, and panels at risk before a meeting.

Each page calls the same RPC as its API route, with the same person, so the
scheduling service keeps deciding who may do what.
"""

from __future__ import annotations

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from contracts.errors import Invalid
from gateway.calls import call
from gateway.pages.dates import blank, iso, typed
from gateway.pages.refusals import Question, Refusal, refusal
from gateway.pages.rendering import london
from gateway.pages.web import Visit, page, redirect

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOW_OFTEN = (("1", "Every week"), ("2", "Every 2 weeks"))
FOCUSES = (
    ("spinal", "Spinal cases only"),
    ("upper_limb", "Upper limb cases only"),
    ("lower_limb", "Lower limb cases only"),
)
NUMBERS = (
    "weekday",
    "duration_minutes",
    "every_weeks",
    "panel_min",
    "panel_max",
    "capacity_minutes",
)

SERIES_QUESTIONS = (
    Question("name", "Name", "Enter a name for the series"),
    Question("weekday", "Day of the week", "Select the day the conferences are on"),
    Question("start_time", "Start time", "Enter the start time, for example 12:30"),
    Question("duration_minutes", "Length in minutes", "Enter how long each conference lasts"),
    Question("every_weeks", "How often", "Select how often the conferences are"),
    Question("first_date-day", "Date of the first conference", "Enter the date of the first one"),
    Question("location", "Video link or room", "Enter the video link or the room"),
    Question("focus", "Cases it takes", "Select which cases it takes"),
    Question("panel_min", "Smallest panel", "Enter the smallest panel"),
    Question("panel_max", "Largest panel", "Enter the largest panel"),
    Question("capacity_minutes", "Minutes for cases", "Enter the minutes for cases"),
)
FIRST_DATE = "first_date-day"  # the three-field date, named by its first field
BLANK_SERIES = {q.name: "" for q in SERIES_QUESTIONS if q.name != FIRST_DATE} | {
    "first_date": blank(),
    "duration_minutes": "60",
    "every_weeks": "1",
    "panel_min": "5",
    "panel_max": "8",
}


class CoordinatorPages:
    @page("GET", "/coordinator", policy.PLAN_CONFERENCES)
    def coordinator_hub(self, visit: Visit):
        warnings = call(self.scheduling, "quorum_warnings", {"page_size": 1}, visit.person)
        return visit.page(
            "coordinator.html",
            open_warnings=warnings["total"],
            is_admin=policy.has_role_for(visit.person, policy.OPERATE),
        )

    @page("GET", "/series", policy.PLAN_CONFERENCES)
    def series_page(self, visit: Visit):
        created = visit.request.args.get("created")
        return self._series_page(visit, BLANK_SERIES, Refusal(), created=created)

    @page("POST", "/series", policy.PLAN_CONFERENCES)
    def add_series(self, visit: Visit):
        written = {q.name: visit.form.get(q.name, "").strip() for q in SERIES_QUESTIONS}
        written["first_date"] = typed(visit.form, "first_date")
        del written[FIRST_DATE]
        try:
            series = call(self.scheduling, "create_series", _series_details(written), visit.person)
        except Invalid as error:
            fields = {FIRST_DATE if n == "first_date" else n: m for n, m in error.fields.items()}
            found = refusal(Invalid(error.code, error.message, fields), SERIES_QUESTIONS)
            return self._series_page(visit, written, found, status=422)
        return redirect(f"/series?created={series['id']}#series-{series['id']}")

    def _series_page(self, visit, written, found: Refusal, created=None, status=200):
        return visit.page(
            "series.html",
            status,
            series=call(self.scheduling, "list_series")["items"],
            written=written,
            found=found,
            errors=found.summary,
            created=created,
            weekdays=list(enumerate(WEEKDAYS)),
            how_often=HOW_OFTEN,
            focuses=FOCUSES,
        )

    @page("GET", "/quorum-warnings", policy.PLAN_CONFERENCES)
    def panels_at_risk_page(self, visit: Visit):
        everything = visit.request.args.get("show") == "all"
        query = {"open": not everything, "page_size": MAX_PAGE_SIZE}
        warnings = call(self.scheduling, "quorum_warnings", query, visit.person)["items"]
        for warning in warnings:
            # Re-planning just that day moves as few people as the rules allow.
            day = london(warning["starts_at"]).date().isoformat()
            warning["replan"] = f"/rota?from={day}&to={day}"
        return visit.page("quorum_warnings.html", warnings=warnings, everything=everything)


def _series_details(written: dict) -> dict:
    """The form in the API's shape; what is not a number stays text for the schema to name."""
    details: dict = {k: v for k, v in written.items() if v and k != "first_date"}
    first_date = iso(written["first_date"])
    if first_date:
        details["first_date"] = first_date
    for name in NUMBERS:
        value = details.get(name)
        if value and value.isdigit():
            details[name] = int(value)
    return details
