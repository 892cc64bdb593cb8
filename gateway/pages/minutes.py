"""The chair's minutes: written live during the meeting, kept as a draft, then published.

Drafts and publishing go through the same RPCs as the API (`save_minutes_draft`,
`record_minutes`), so only the chair or a lead may write, and every field is
checked for patient identifiers before it is kept, draft or not.
"""

from __future__ import annotations

from contracts import policy
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from gateway.calls import call
from gateway.pages.minutes_form import (
    Problems,
    as_minutes,
    blank_action,
    problems,
    restored,
    written,
)
from gateway.pages.panel import seated, writes_minutes
from gateway.pages.rendering import clock_time, london, when
from gateway.pages.web import Visit, page, redirect
from gateway.pages.words import words
from gateway.web import json_response


class MinutesPages:
    @page("GET", "/conferences/<string:conference_id>/minutes", policy.READ_MINUTES)
    def minutes_page(self, visit: Visit, conference_id):
        me = visit.person
        conference = call(self.scheduling, "get_conference", conference_id, presenters=True)
        if conference["minutes_recorded"]:
            minutes = call(self.scheduling, "get_minutes", conference_id, me)  # audited
            return self._published(visit, conference, minutes)
        try:
            # Asked first so that an outsider's attempt is refused, and logged, by the service.
            draft = call(self.scheduling, "get_minutes", conference_id, me)
        except NotFound:
            draft = None
        if not writes_minutes(conference, me):
            raise Forbidden(
                "NOT_THE_CHAIR",
                "Only the conference's chair, a coordinator or an admin can write its minutes. "
                "Everyone at the conference can read them once they are published.",
            )
        sheet = restored(draft, conference["agenda"])
        saved_at = draft["saved_at"] if draft else None
        return self._editor(visit, conference, sheet, Problems(), saved_at)

    @page("POST", "/conferences/<string:conference_id>/minutes/draft", policy.RECORD_MINUTES)
    def save_minutes_draft_form(self, visit: Visit, conference_id):
        """Saved by minutes.js as the chair types (it asks for JSON), or by "Save draft"."""
        conference = call(self.scheduling, "get_conference", conference_id, presenters=True)
        sheet = written(visit.form, conference["agenda"])
        wants_json = "application/json" in visit.request.headers.get("Accept", "")
        try:
            saved = call(
                self.scheduling,
                "save_minutes_draft",
                conference_id,
                as_minutes(sheet, draft=True),
                visit.person,
            )
        except Invalid as refusal:
            found = problems(refusal, sheet, _titles(conference))
            if wants_json:
                # Refused, not failed: the script says why, and the browser logs no error.
                return json_response({"saved": False, "problems": found.summary})
            return self._editor(visit, conference, sheet, found, None, status=422)
        if wants_json:
            return json_response({"saved": True, "time": clock_time(saved["saved_at"])})
        # "Add another action" without JavaScript: the saved rows come back with a blank one.
        item = visit.form.get("add_action", "")
        anchor = f"#items-{item}-add" if item.isdigit() else ""
        return redirect(f"/conferences/{conference_id}/minutes{anchor}")

    @page("POST", "/conferences/<string:conference_id>/minutes", policy.RECORD_MINUTES)
    def publish_minutes_form(self, visit: Visit, conference_id):
        conference = call(self.scheduling, "get_conference", conference_id, presenters=True)
        sheet = written(visit.form, conference["agenda"])
        minutes = as_minutes(sheet, draft=False)
        try:
            call(self.scheduling, "record_minutes", conference_id, minutes, visit.person)
        except Invalid as refusal:
            found = problems(refusal, sheet, _titles(conference))
            return self._editor(visit, conference, sheet, found, None, status=422)
        except Conflict as refusal:
            if refusal.code == "MEETING_NOT_STARTED":
                return self._too_early(visit, conference, sheet)
            if refusal.code != "MINUTES_ALREADY_RECORDED":
                raise
            # A second click on "Publish": the first one did it.
        return redirect(f"/conferences/{conference_id}/minutes")

    def _too_early(self, visit, conference, sheet):
        """Kept as a draft, and the chair told when they can publish."""
        draft = as_minutes(sheet, draft=True)
        saved = call(self.scheduling, "save_minutes_draft", conference["id"], draft, visit.person)
        found = Problems()
        found.add(
            "publish",
            "You can publish the minutes from the start of the meeting, "
            f"{when(conference['starts_at'])}. They are saved as a draft until then.",
        )
        return self._editor(visit, conference, sheet, found, saved["saved_at"], status=409)

    def _editor(self, visit, conference, sheet, found: Problems, saved_at, status=200):
        people = seated(conference)
        # Each agenda case's presenter comes with the conference: no call per case.
        presenters = {item["case_id"]: item["presenter"] for item in conference["agenda"]}
        owners = {p["id"]: f"{p['name']} ({words(p['role'])})" for p in people}
        # Presenters take part too (CPD): listed after the panel, present unless marked.
        for presenter in {p["id"]: p for p in presenters.values()}.values():
            if presenter["id"] not in owners:  # not seated on the panel
                owners[presenter["id"]] = f"{presenter['name']} (presenting)"
                people.append({**presenter, "role": "presenter"})
            sheet["attendance"].setdefault(presenter["id"], "present")
        for item in sheet["items"]:
            item["actions"] = [*item["actions"], blank_action()]  # room to write one more
        return visit.page(
            "minutes.html",
            status,
            conference=conference,
            sheet=sheet,
            slots={item["case_id"]: item for item in conference["agenda"]},
            presenters=presenters,
            owners=owners,
            people=people,
            found=found,
            errors=found.summary,
            saved_at=saved_at,
            started=started(conference, self.clock()),
        )

    def _published(self, visit, conference, minutes):
        people = {p["id"]: p for p in seated(conference)}
        wanted = {a["owner_id"] for item in minutes["items"] for a in item["actions"]}
        wanted |= {row["clinician_id"] for row in minutes["attendance"]}
        if wanted - set(people):  # action owners and attendees off the panel: one call
            people.update(call(self.staff, "get_people", sorted(wanted - set(people))))
        attendance: dict[str, list[str]] = {"present": [], "apologies": [], "absent": []}
        for row in minutes["attendance"]:
            attendance.setdefault(row["status"], []).append(people[row["clinician_id"]]["name"])
        return visit.page(
            "minutes_published.html",
            conference=conference,
            minutes=minutes,
            people=people,
            attendance=attendance,
        )


def started(conference: dict, now) -> bool:
    """Whether the meeting has begun: its minutes can be published from then."""
    return london(now) >= london(conference["starts_at"])


def _titles(conference: dict) -> dict[str, str]:
    return {item["case_id"]: item["title"] for item in conference["agenda"]}
