"""Submitting a case and reading one, through the same RPCs (and checks and audit) as the API."""

from __future__ import annotations

import secrets

from contracts import policy
from contracts.errors import Forbidden, Invalid, NotFound
from gateway.calls import call
from gateway.pages.case_form import (
    ASKED_ONLY_BY,
    ESCALATION,
    FIELDS,
    Problems,
    as_written,
    case_details,
    escalation_of,
    findings,
    problems,
    written,
)
from gateway.pages.web import Visit, page, redirect
from gateway.web import json_response

DISCUSSED = ("discussed", "outcome_pending", "closed")
CHANGEABLE = ("draft", "submitted", "scheduled")  # the presenter's, until it is discussed


class CasePages:
    @page("GET", "/cases/new", policy.SUBMIT_CASE)
    def new_case_form(self, visit: Visit):
        blank = {f.name: "" for f in FIELDS}
        # One key per form: a double click or a resend after a timeout gives one case.
        return self._case_form(visit, blank, Problems(), secrets.token_urlsafe(16))

    @page("POST", "/cases/new", policy.SUBMIT_CASE)
    def submit_case_form(self, visit: Visit):
        case = written(visit.form)
        escalated = escalation_of(visit.form)
        drafting = visit.form.get("action") == "draft"
        key = visit.form.get("submission_key", "")[:100] or None
        details = case_details(case, draft=drafting, escalated=escalated)
        try:
            saved = call(self.cases, "submit_case", details, visit.person, idempotency_key=key)
        except Invalid as refusal:
            found = problems(refusal, case)
            return self._case_form(visit, case, found, key, escalated, status=422)
        return redirect(f"/cases/{saved['id']}")

    def _case_form(
        self, visit, case, found: Problems, key, escalated=None, status=200, changing=None
    ):
        return visit.page(
            "case_new.html",
            status,
            fields=FIELDS,
            asked_only_by=ASKED_ONLY_BY,
            case=case,
            found=found,
            errors=found.summary,
            submission_key=key,
            escalated=escalated or {},
            pathways=call(self.cases, "list_urgent_pathways")["items"],
            changing=changing,
        )

    @page("POST", "/cases/check", policy.SUBMIT_CASE)
    def check_case_text(self, visit: Visit):
        """For case_check.js as the clinician types: each field's findings, as HTML."""
        found = findings(written(visit.form))
        return json_response({"fields": {name: str(html) for name, html in found.items()}})

    @page("GET", "/cases/<string:case_id>/edit", policy.CHANGE_CASE)
    def change_case_form(self, visit: Visit, case_id):
        stored = self._presenters_case(visit, case_id)
        escalated = {k: stored[k] for k in ESCALATION} if stored["red_flags_escalated"] else {}
        return self._case_form(
            visit, as_written(stored), Problems(), None, escalated, changing=stored
        )

    @page("POST", "/cases/<string:case_id>/edit", policy.CHANGE_CASE)
    def change_case(self, visit: Visit, case_id):
        """Save the changes; a draft may be submitted with them (`action=submit`)."""
        stored = self._presenters_case(visit, case_id)
        case = written(visit.form)
        escalated = escalation_of(visit.form)
        changes = case_details(case, draft=False, escalated=escalated)
        del changes["draft"]  # a draft leaves that state only by being submitted
        try:
            call(self.cases, "edit_case", case_id, changes, visit.person)
            if stored["status"] == "draft" and visit.form.get("action") == "submit":
                call(self.cases, "submit_draft", case_id, visit.person)
        except Invalid as refusal:
            found = problems(refusal, case)
            return self._case_form(visit, case, found, None, escalated, status=422, changing=stored)
        return redirect(f"/cases/{case_id}")

    @page("POST", "/cases/<string:case_id>/withdraw", policy.WITHDRAW_CASE)
    def withdraw_case_page(self, visit: Visit, case_id):
        self._presenters_case(visit, case_id)
        call(self.cases, "withdraw_case", case_id, visit.person)
        return redirect(f"/cases/{case_id}")

    def _presenters_case(self, visit: Visit, case_id) -> dict:
        """The case, if the person presents it and it is not discussed yet."""
        case = call(self.cases, "get_case", case_id, visit.person)  # audited
        mine = policy.may_change_case(visit.person, case["presenter_id"])
        if not mine or case["status"] not in CHANGEABLE:
            raise Forbidden(
                "NOT_CHANGEABLE", "Only its presenter can change a case, until it is discussed."
            )
        return case

    @page("GET", "/cases/<string:case_id>", policy.READ_CASE)
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
