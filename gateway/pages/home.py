"""Home: what a clinician has to do next, gathered from the services' own RPCs."""

from __future__ import annotations

from datetime import datetime, timedelta

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from gateway.auth import require_role
from gateway.calls import call
from gateway.pages.panel import mark_readable
from gateway.pages.rendering import london
from gateway.pages.web import Visit, page, redirect

LOOK_AHEAD = timedelta(weeks=8)  # as far ahead as the rota is planned
NEXT_CONFERENCES = 5
FINISHED = ("closed", "withdrawn")
# Who works on cases: everyone else signed in has a home of their own work.
CASE_WORK = policy.in_order(policy.PEER_SUPPORT)
PANEL_ROLES = ("chair", "standby", "attendee", "expert")
# Where people who do not work on cases start: their home is their work.
ELSEWHERE = ((policy.TRIAGE_REFERRALS, "/triage"), (policy.TAKE_PHONE_REFERRAL, "/refer/"))


class HomePage:
    @page("GET", "/", policy.READ_OWN_ACCOUNT)
    def home(self, visit: Visit):
        me, now = visit.person, self.clock()
        for action, path in ELSEWHERE:  # triage and call handlers work in their own pages
            if policy.has_role_for(me, action) and not set(CASE_WORK) & set(me["roles"]):
                return redirect(path)
        require_role(me, CASE_WORK)
        mine = call(self.cases, "list_cases", me, mine=True, limit=MAX_PAGE_SIZE)["items"]
        open_cases = [case for case in mine if case["status"] not in FINISHED]
        conferences, actions = self._next_conferences(me, open_cases, now, with_actions=True)
        return visit.page(
            "home.html",
            conferences=conferences,
            open_cases=open_cases,
            follow_ups=[case for case in mine if case["status"] == "outcome_pending"],
            actions=actions,
            case_titles={case["id"]: case["title"] for case in mine},
            conference_times={c["id"]: c["starts_at"] for c in conferences},
        )

    def _next_conferences(
        self, me: dict, open_cases: list[dict], now: datetime, with_actions: bool = False
    ) -> tuple[list[dict], list[dict]]:
        """The next meetings I sit on or present at, each with my roles and its agenda; and
        my open actions. One call to scheduling, however many meetings (it was one each)."""
        today = london(now).date()
        window = {"from": today.isoformat(), "to": (today + LOOK_AHEAD).isoformat()}
        presenting = [
            case["conference_id"]
            for case in open_cases
            if case["status"] == "scheduled" and case["conference_id"]
        ]
        overview = call(
            self.scheduling, "clinician_overview", me["id"], window, presenting, with_actions
        )
        upcoming = [
            c for c in overview["conferences"] if datetime.fromisoformat(c["ends_at"]) >= now
        ]
        upcoming.sort(key=lambda c: c["starts_at"])
        for conference in upcoming:
            on_panel = bool(set(conference["my_roles"]) & set(PANEL_ROLES))
            mine = {case["id"] for case in open_cases}
            mark_readable(me, conference, mine, seated=on_panel)
        return upcoming[:NEXT_CONFERENCES], overview["open_actions"]
