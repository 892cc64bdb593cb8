"""My actions: what I agreed to do at conferences, and marking them done."""

from __future__ import annotations

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from contracts.errors import Conflict
from gateway.calls import call
from gateway.pages.conferences import page_number
from gateway.pages.web import Visit, page, redirect

DONE_PAGE_SIZE = 20


class ActionPages:
    @page("GET", "/actions", policy.READ_ACTIONS)
    def my_actions(self, visit: Visit):
        me, number = visit.person, page_number(visit)
        still_open = call(self.scheduling, "list_actions", me["id"], True, 0, MAX_PAGE_SIZE)
        done = call(
            self.scheduling,
            "list_actions",
            me["id"],
            False,
            (number - 1) * DONE_PAGE_SIZE,
            DONE_PAGE_SIZE,
        )
        shown = still_open["items"] + done["items"]
        just_done = visit.request.args.get("done", "")
        return visit.page(
            "actions.html",
            still_open=still_open["items"],
            done=done["items"],
            agreed_at=self._conferences_of(shown),
            just_done=next((a for a in done["items"] if str(a["id"]) == just_done), None),
            page_number=number,
            pages=max(1, -(-done["total"] // DONE_PAGE_SIZE)),
        )

    @page("POST", "/actions/<int:action_id>/done", policy.COMPLETE_ACTION)
    def mark_action_done(self, visit: Visit, action_id):
        try:
            call(self.scheduling, "complete_action", action_id, visit.person)
        except Conflict as refusal:
            if refusal.code != "ACTION_ALREADY_DONE":
                raise
            # Already done (a second click, or the chair did it): nothing left to do.
        return redirect(f"/actions?done={action_id}")

    def _conferences_of(self, actions: list[dict]) -> dict[str, dict]:
        """Each action's conference, for its date and the title of the case it is about."""
        wanted = sorted({action["conference_id"] for action in actions})
        conferences = call(self.scheduling, "get_conferences", wanted) if wanted else {}
        for conference in conferences.values():
            conference["titles"] = {i["case_id"]: i["title"] for i in conference["agenda"]}
        return conferences
