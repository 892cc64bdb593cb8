"""Conferences: the ones ahead, one conference's panel and agenda, and "I cannot come"."""

from __future__ import annotations

from datetime import datetime

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from contracts.errors import Invalid
from gateway.calls import call
from gateway.pages.panel import is_lead, mark_readable, panel_of, seats_of, writes_minutes
from gateway.pages.web import Visit, page

PAGE_SIZE = 10
REASON_LENGTH = 200  # as much as the rota keeps


def page_number(visit: Visit) -> int:
    asked = visit.request.args.get("page", "1")
    return max(int(asked), 1) if asked.isdigit() else 1


class ConferencePages:
    @page("GET", "/conferences", policy.READ_CONFERENCES)
    def conferences(self, visit: Visit):
        me, number = visit.person, page_number(visit)
        mine = call(self.cases, "list_cases", me, mine=True, limit=MAX_PAGE_SIZE)["items"]
        open_cases = [case for case in mine if case["status"] not in ("closed", "withdrawn")]
        upcoming = call(
            self.scheduling, "list_conferences", None, None, (number - 1) * PAGE_SIZE, PAGE_SIZE
        )
        presenting = {case["conference_id"] for case in open_cases if case["conference_id"]}
        for conference in upcoming["items"]:
            conference["my_roles"] = seats_of(conference, me["id"]) + (
                ["presenter"] if conference["id"] in presenting else []
            )
        return visit.page(
            "conferences.html",
            mine=self._next_conferences(me, open_cases, self.clock())[0],  # as on the home page
            upcoming=upcoming["items"],
            page_number=number,
            pages=max(1, -(-upcoming["total"] // PAGE_SIZE)),
        )

    @page("GET", "/conferences/<string:conference_id>", policy.READ_CONFERENCES)
    def conference_page(self, visit: Visit, conference_id):
        return self._conference_page(visit, conference_id)

    @page("POST", "/conferences/<string:conference_id>/decline", policy.DECLINE_SEAT)
    def decline_conference(self, visit: Visit, conference_id):
        reason = " ".join(visit.form.get("reason", "").split())
        if not reason or len(reason) > REASON_LENGTH:
            asked = "Say why you cannot come" if not reason else "Keep the reason short"
            return self._conference_page(visit, conference_id, reason, asked, status=422)
        try:
            outcome = call(
                self.scheduling, "decline", conference_id, {"reason": reason}, visit.person
            )
        except Invalid as refusal:
            return self._conference_page(visit, conference_id, reason, refusal.message, status=422)
        conference = call(self.scheduling, "get_conference", conference_id)
        called_up = None
        if outcome.get("called_up"):
            called_up = call(self.staff, "get_person", outcome["called_up"])
        return visit.page(
            "conference_declined.html", conference=conference, outcome=outcome, called_up=called_up
        )

    def _conference_page(
        self, visit, conference_id, reason="", problem="", status=200, field="reason"
    ):
        me = visit.person
        conference = call(self.scheduling, "get_conference", conference_id)
        my_seats = seats_of(conference, me["id"])
        mine = call(self.cases, "list_cases", me, mine=True, limit=MAX_PAGE_SIZE)["items"]
        my_cases = {case["id"] for case in mine if case["conference_id"] == conference_id}
        for item in conference["agenda"]:
            item["mine"] = item["case_id"] in my_cases
        mark_readable(me, conference, my_cases, seated=bool(my_seats))
        reads_all = bool(my_seats) or policy.has_role_for(me, policy.READ_MINUTES)
        ahead = _ahead(conference, self.clock())
        changes_agenda = ahead and writes_minutes(conference, me)
        elsewhere = []
        if changes_agenda and conference["agenda"]:
            upcoming = call(self.scheduling, "list_conferences", None, None, 0, PAGE_SIZE)
            elsewhere = [c for c in upcoming["items"] if c["id"] != conference_id and c["chair"]]
        return visit.page(
            "conference.html",
            status,
            conference=conference,
            panel=panel_of(self.scheduling, self.staff, conference),
            my_seats=my_seats,
            my_slots=[item for item in conference["agenda"] if item["mine"]],
            writes_minutes=writes_minutes(conference, me),
            reads_minutes=reads_all or bool(my_cases),
            may_decline=bool(my_seats) and ahead,
            changes_agenda=changes_agenda,
            elsewhere=elsewhere,
            changes_meeting=ahead and is_lead(me),
            reason=reason,
            errors=[{"field": field, "message": problem}] if problem else [],
            problems={field: problem} if problem else {},
        )


def _ahead(conference: dict, now: datetime) -> bool:
    """Still to come, so a seat on it can be given up."""
    starts = datetime.fromisoformat(conference["starts_at"])
    return conference["status"] == "scheduled" and starts > now
