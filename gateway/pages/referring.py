"""The self-referral journey under /refer/: public, or assisted by a call handler.

Answers go to the referrals service as each page is sent (it keeps them sealed),
so the browser holds only a draft id in a cookie limited to /refer/. A "yes"
to a red-flag question stops at once with the care card; an answer the service
does not take stops at once with where to go instead. A signed-in call handler
uses the same pages: the referral records channel=phone and who took the call,
and the red-flag questions are shown as a script to read out.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from contracts import policy
from contracts.api.referrals import ANSWERS_HIDDEN, NOT_ELIGIBLE, REFUSALS, SEEK_URGENT_CARE
from contracts.errors import Forbidden, Invalid, NotFound
from gateway.calls import call
from gateway.limits import PUBLIC, TooManyRequests, client
from gateway.pages import refer_steps as steps
from gateway.pages.refer_timeout import (
    DRAFT_COOKIE,
    DRAFT_COOKIE_LIFETIME,
    RESUME,
    KeepingAnswers,
    timeout_context,
)
from gateway.pages.web import page, redirect


class ReferralJourney(KeepingAnswers):
    @page("GET", "/refer/", policy.SELF_REFER)
    def refer_start(self, visit):
        self._refer_session(visit)
        first = steps.ELIGIBILITY[0].slug
        return visit.page("refer_start.html", first=f"/refer/q/{first}", assisted=_assisted(visit))

    @page("GET", "/refer/q/<slug>", policy.SELF_REFER)
    def refer_question(self, visit, slug):
        self._refer_session(visit)
        form = call(self.referrals, "referral_form")
        step, index, flow = _find(form, slug)
        draft = self._refer_draft(visit)
        if draft.get("hidden"):
            return redirect(RESUME)
        value = draft.get("answers", {}).get(step.section, {}).get(step.name)
        return self._refer_question(visit, form, step, index, flow, value, None, draft)

    @page("POST", "/refer/q/<slug>", policy.SELF_REFER)
    def refer_answer(self, visit, slug):
        if refused := self._refer_limited(visit):
            return refused
        form = call(self.referrals, "referral_form")
        step, index, flow = _find(form, slug)
        choices = steps.options(step, form)
        value, error = steps.read_answer(step, visit.form, choices)
        if error:
            draft = self._refer_draft(visit)
            return self._refer_question(visit, form, step, index, flow, value, error, draft, 400)
        draft_id = visit.request.cookies.get(DRAFT_COOKIE)
        try:
            saved = self._refer_save(
                draft_id,
                {
                    step.section: {step.name: value},
                    "channel": "phone" if _assisted(visit) else "web",
                },
            )
        except Forbidden as refused:  # hidden: one more answer must not show them again
            if refused.code != ANSWERS_HIDDEN:
                raise
            return redirect(RESUME)
        stop = self._refer_stop(visit, step, saved["answers"])
        response = stop or redirect(_next(visit, flow, index))
        if saved["draft_id"] != draft_id:
            response.set_cookie(
                DRAFT_COOKIE,
                saved["draft_id"],
                # Kept as long as the answers are, so closing the browser loses nothing.
                max_age=DRAFT_COOKIE_LIFETIME,
                path="/refer/",
                httponly=True,
                secure=visit.secure,
                samesite="Lax",
            )
        return response

    @page("GET", "/refer/check", policy.SELF_REFER)
    def refer_check(self, visit):
        self._refer_session(visit)
        form = call(self.referrals, "referral_form")
        draft = self._refer_draft(visit)
        if draft.get("hidden"):
            return redirect(RESUME)
        answers = draft.get("answers", {})
        rows = [
            {
                "question": s.question,
                "slug": s.slug,
                "answer": steps.shown(
                    s, answers.get(s.section, {}).get(s.name), steps.options(s, form)
                ),
            }
            for s in steps.all_steps(form)
            if s.section != "red_flags"
        ]
        timing = timeout_context(visit, draft, self.clock())
        return visit.page("refer_check.html", rows=rows, errors=[], **timing)

    @page("POST", "/refer/check", policy.SELF_REFER)
    def refer_submit(self, visit):
        if refused := self._refer_limited(visit):
            return refused
        draft_id = visit.request.cookies.get(DRAFT_COOKIE)
        if not draft_id:
            return redirect("/refer/")
        taken_by = visit.person if _assisted(visit) else None
        try:
            created = call(self.referrals, "submit_draft", draft_id, taken_by)
        except Forbidden as refused:
            if refused.code != ANSWERS_HIDDEN:
                raise
            return redirect(RESUME)
        except Invalid as error:
            if error.code in REFUSALS:
                return _stopped(visit, error.code, error.fields)
            problems = [
                {"field": "answers", "message": f"{section}: {name}: {msg[0]}"}
                for section, found in error.fields.items()
                if isinstance(found, dict)
                for name, msg in found.items()
            ]
            return visit.page(
                "refer_check.html",
                400,
                rows=[],
                errors=problems or [{"field": "answers", "message": error.message}],
            )
        done = {"reference": created["reference"], "advice": created.get("self_help_page", "")}
        return redirect("/refer/confirmation?" + urlencode(done))

    @page("GET", "/refer/confirmation", policy.SELF_REFER)
    def refer_confirmation(self, visit):
        advice = visit.request.args.get("advice", "")
        return visit.page(
            "refer_done.html",
            reference=visit.request.args.get("reference", ""),
            advice=advice if re.fullmatch(r"/self-help/[a-z0-9/-]{2,90}", advice) else "",
        )

    @page("GET", "/refer/status", policy.SELF_REFER)
    def refer_status(self, visit):
        self._refer_session(visit)
        return visit.page("refer_status.html", found=None, errors=[], reference="")

    @page("POST", "/refer/status", policy.SELF_REFER)
    def refer_status_lookup(self, visit):
        if refused := self._refer_limited(visit):
            return refused
        born, error = steps.read_answer(steps.DATE_OF_BIRTH, visit.form, [])
        reference = visit.form.get("reference", "").strip()
        if error or not reference:
            message = error or "Enter your reference, like MSK-7K3P-9Q2D"
            return visit.page(
                "refer_status.html",
                400,
                found=None,
                reference=reference,
                errors=[{"field": "reference", "message": message}],
            )
        try:
            found = call(self.referrals, "referral_status", reference, born)
        except NotFound as missing:
            return visit.page(
                "refer_status.html",
                404,
                found=None,
                reference=reference,
                errors=[{"field": "reference", "message": missing.message}],
            )
        return visit.page("refer_status.html", found=found, errors=[], reference=reference)

    # -- helpers -----------------------------------------------------------
    def _refer_limited(self, visit):
        """Public forms are rate limited per address (no CAPTCHA); staff taking calls are not."""
        if _assisted(visit):
            return None
        try:
            self.limits.check(PUBLIC, client(visit.request))
        except TooManyRequests:
            return visit.error(
                429,
                "Too many requests",
                "Wait a minute, then try again. Your answers so far are saved.",
            )
        return None

    def _refer_session(self, visit):
        if visit.session is None:  # forms need a token, signed in or not
            visit.begin(self.sessions.start(self.clock()))
        elif visit.person is None:  # a visitor's session times out when idle, not mid-journey
            visit.begin(self.sessions.renewed(visit.session, self.clock()))

    def _refer_draft(self, visit) -> dict:
        """The answers so far and how long they are kept; {} before the first one;
        {"hidden": True} once left too long (refer_timeout.py)."""
        draft_id = visit.request.cookies.get(DRAFT_COOKIE)
        if not draft_id:
            return {}
        try:
            return call(self.referrals, "draft_answers", draft_id)
        except NotFound:
            return {}
        except Forbidden as refused:
            if refused.code != ANSWERS_HIDDEN:
                raise
            return {"hidden": True}

    def _refer_save(self, draft_id, answers):
        try:
            return call(self.referrals, "save_answers", draft_id, answers)
        except NotFound:  # kept too long ago: a fresh draft
            return call(self.referrals, "save_answers", None, answers)

    def _refer_stop(self, visit, step, answers):
        if step.section == "red_flags" and answers["red_flags"].get(step.name) is True:
            try:
                call(
                    self.referrals,
                    "submit_referral",
                    {"channel": answers.get("channel", "web"), "red_flags": answers["red_flags"]},
                )
            except Invalid as error:
                return _stopped(visit, error.code, error.fields)
        if step.section == "eligibility" or step == steps.DATE_OF_BIRTH:
            refused = call(
                self.referrals,
                "eligibility_refusal",
                answers.get("eligibility", {}),
                answers.get("about_you", {}).get("date_of_birth"),
            )
            if refused:
                return _stopped(visit, NOT_ELIGIBLE, refused)
        return None

    def _refer_question(self, visit, form, step, index, flow, value, error, draft, status=200):
        back = f"/refer/q/{flow[index - 1].slug}" if index else "/refer/"
        return visit.page(
            "refer_question.html",
            status,
            **timeout_context(visit, draft, self.clock()),
            step=step,
            value=value,
            error=error,
            choices=steps.options(step, form),
            back=back,
            change=_changing(visit),
            assisted=_assisted(visit) and step.section == "red_flags",
            errors=[{"field": step.name, "message": error}] if error else [],
        )


def _assisted(visit) -> bool:
    return policy.takes_phone_referrals(visit.person)


def _changing(visit) -> bool:
    return visit.request.args.get("change") == "1"


def _find(form, slug):
    flow = steps.all_steps(form)
    for index, step in enumerate(flow):
        if step.slug == slug:
            return step, index, flow
    raise NotFound("PAGE_NOT_FOUND", "There is no such question.")


def _next(visit, flow, index) -> str:
    if _changing(visit) or index + 1 == len(flow):
        return "/refer/check"
    return f"/refer/q/{flow[index + 1].slug}"


def _stopped(visit, code, details):
    if code == SEEK_URGENT_CARE:
        return visit.page("refer_stop.html", care=details["care"], advice=details["advice"])
    return visit.page(
        "refer_not_eligible.html", reason=details["reason"], go_instead=details["go_instead"]
    )
