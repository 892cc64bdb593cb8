"""Warning before the self-referral journey times out, "Stay on this page", and hidden answers.

Three things end: the visitor's session (its form token, so the next Continue would
say "This form has expired"), the answers kept server-side (DRAFT_LIFETIME after
the last one saved), and, once the answers say who the person is, the time they are
shown (REFER_ANSWERS_OPEN_FOR): after that they are hidden, for a shared computer's
next user, until the date of birth in them is given (/refer/resume). The pages say in
text, for everyone, that answers are saved; with JavaScript (web/scripts/timeout.js)
an alert dialog also comes WARN_BEFORE the earliest of the three, and "Stay on this
page" renews them all. Nothing typed before the last Continue is ever lost to a
timeout: it is in the referrals service.
"""

from __future__ import annotations

from contracts import policy
from contracts.errors import Forbidden, NotFound
from gateway.calls import call
from gateway.pages import dates
from gateway.pages.refer_steps import DATE_OF_BIRTH, read_answer
from gateway.pages.session import local_path
from gateway.pages.web import page, redirect
from gateway.web import json_response

DRAFT_COOKIE = "msk_refer"
DRAFT_COOKIE_LIFETIME = 24 * 3600  # seconds: as long as the referrals service keeps answers
WARN_BEFORE = 120  # seconds: long enough to read the warning and press the button
RESUME = "/refer/resume"


class KeepingAnswers:
    """Mixed into ReferralJourney, whose `_refer_limited` rate limits the public's forms."""

    @page("POST", "/refer/keep", policy.SELF_REFER)
    def refer_keep(self, visit):
        kept_for = None
        draft_id = visit.request.cookies.get(DRAFT_COOKIE)
        if draft_id:
            try:
                kept = call(self.referrals, "keep_draft", draft_id)
                kept_for = _sooner(kept["kept_for_seconds"], kept["open_for_seconds"])
            except (NotFound, Forbidden):  # gone, or hidden: the next page says so
                kept_for = None
        if visit.person is None:
            # A signed-in call handler's session ends with their clinic day, as every
            # staff session does; only a member of the public's is renewed here.
            visit.begin(self.sessions.renewed(visit.session, self.clock()))
        left = seconds_left(visit, kept_for, self.clock())
        if "application/json" in visit.request.headers.get("Accept", ""):
            return json_response({"seconds_left": left})
        return redirect(local_path(visit.form.get("next")))

    @page("GET", RESUME, policy.SELF_REFER)
    def refer_resume(self, visit):
        return visit.page(
            "refer_resume.html", deleted=False, typed=dates.blank(), errors=[], messages={}
        )

    @page("POST", RESUME, policy.SELF_REFER)
    def refer_unhide(self, visit):
        if refused := self._refer_limited(visit):  # dates of birth are not to be guessed fast
            return refused
        draft_id = visit.request.cookies.get(DRAFT_COOKIE)
        if not draft_id:
            return redirect("/refer/")
        typed = dates.typed(visit.form, DATE_OF_BIRTH.name)
        born, error = read_answer(DATE_OF_BIRTH, visit.form, [])
        if not error:
            try:
                call(self.referrals, "unlock_draft", draft_id, born)
                return redirect("/refer/check")
            except NotFound:
                return visit.page(
                    "refer_resume.html", deleted=True, typed=typed, errors=[], messages={}
                )
            except Forbidden as wrong:
                error = wrong.message
        field = f"{DATE_OF_BIRTH.name}-day"
        return visit.page(
            "refer_resume.html",
            400,
            deleted=False,
            typed=typed,
            errors=[{"field": field, "message": error}],
            messages={field: error},
        )

    @page("GET", "/refer/start-again", policy.SELF_REFER)
    def refer_start_again(self, visit):
        """Someone else's answers on a shared computer: forget them here and begin."""
        response = redirect("/refer/")
        response.delete_cookie(
            DRAFT_COOKIE, path="/refer/", secure=visit.secure, httponly=True, samesite="Lax"
        )
        return response


def _sooner(*seconds: int | None) -> int | None:
    known = [s for s in seconds if s is not None]
    return min(known) if known else None


def seconds_left(visit, kept_for: int | None, now) -> int | None:
    """Seconds until this page stops working: the sooner of the session and the answers."""
    ends = [] if kept_for is None else [kept_for]
    if visit.person is None and visit.session is not None:
        ends.append(visit.session.expires_at - int(now.timestamp()))
    return max(0, min(ends)) if ends else None


def timeout_context(visit, draft: dict, now) -> dict:
    """What the pages' timeout warning needs (`refer_timeout.html`)."""
    return {
        "seconds_left": seconds_left(
            visit, _sooner(draft.get("kept_for_seconds"), draft.get("open_for_seconds")), now
        ),
        "warn_before": WARN_BEFORE,
    }
