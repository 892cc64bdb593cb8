"""Submitting a case and reading one, through the same RPCs (and checks and audit) as the API."""

from __future__ import annotations

import secrets

from contracts.errors import Invalid, NotFound
from gateway.calls import call
from gateway.pages.case_form import FIELDS, Problems, case_details, problems, written
from gateway.pages.web import Visit, page, redirect

DISCUSSED = ("discussed", "outcome_pending", "closed")


class CasePages:
    @page("GET", "/cases/new")
    def new_case_form(self, visit: Visit):
        blank = {f.name: "" for f in FIELDS}
        # One key per form: a double click or a resend after a timeout gives one case.
        return self._case_form(visit, blank, Problems(), secrets.token_urlsafe(16))

    @page("POST", "/cases/new")
    def submit_case_form(self, visit: Visit):
        case = written(visit.form)
        escalated = visit.form.get("red_flags_escalated") == "yes"
        drafting = visit.form.get("action") == "draft"
        key = visit.form.get("submission_key", "")[:100] or None
        details = case_details(case, draft=drafting, escalated=escalated)
        try:
            saved = call(self.cases, "submit_case", details, visit.person, idempotency_key=key)
        except Invalid as refusal:
            found = problems(refusal, case)
            return self._case_form(visit, case, found, key, escalated, status=422)
        return redirect(f"/cases/{saved['id']}")

    def _case_form(self, visit, case, found: Problems, key, escalated=False, status=200):
        return visit.page(
            "case_new.html",
            status,
            fields=FIELDS,
            case=case,
            found=found,
            errors=found.summary,
            submission_key=key,
            escalated=escalated,
        )

    @page("GET", "/cases/<string:case_id>")
    def case_page(self, visit: Visit, case_id):
        me = visit.person
        case = call(self.cases, "get_case", case_id, me)  # 403 or 404 for others; audited
        conference = None
        if case["conference_id"]:
            conference = call(self.scheduling, "get_conference", case["conference_id"])
        experts = []
        if case["status"] != "draft":
            experts = call(self.cases, "experts_for_case", case_id, me)["items"]
        return visit.page(
            "case.html",
            case=case,
            conference=conference,
            slot=_slot(conference, case_id),
            experts=experts,
            record=self._discussion_of(case, me),
        )

    def _discussion_of(self, case: dict, me: dict) -> dict | None:
        """What the conference said and agreed about this case, once its minutes are out."""
        if case["status"] not in DISCUSSED or not case["conference_id"]:
            return None
        try:
            minutes = call(self.scheduling, "get_minutes", case["conference_id"], me)
        except NotFound:
            return None
        return next((item for item in minutes["items"] if item["case_id"] == case["id"]), None)


def _slot(conference: dict | None, case_id: str) -> dict | None:
    if conference is None:
        return None
    return next((item for item in conference["agenda"] if item["case_id"] == case_id), None)
