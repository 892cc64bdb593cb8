"""Warning before the self-referral journey times out, and "Stay on this page".

Two things end: the visitor's session (its form token, so the next Continue would
say "This form has expired") and the answers kept server-side (DRAFT_LIFETIME after
the last one saved). The pages say in text, for everyone, that answers are saved;
with JavaScript (web/scripts/timeout.js) an alert dialog also comes WARN_BEFORE the
earlier of the two, and "Stay on this page" renews both. Nothing typed before the
last Continue is ever lost to a timeout: it is in the referrals service.
"""

from __future__ import annotations

from contracts import policy
from contracts.errors import NotFound
from gateway.calls import call
from gateway.pages.session import local_path
from gateway.pages.web import page, redirect
from gateway.web import json_response

DRAFT_COOKIE = "msk_refer"
WARN_BEFORE = 120  # seconds: long enough to read the warning and press the button


class KeepingAnswers:
    @page("POST", "/refer/keep", policy.SELF_REFER)
    def refer_keep(self, visit):
        kept_for = None
        draft_id = visit.request.cookies.get(DRAFT_COOKIE)
        if draft_id:
            try:
                kept_for = call(self.referrals, "keep_draft", draft_id)["kept_for_seconds"]
            except NotFound:  # gone already: the next page starts a fresh draft
                kept_for = None
        if visit.person is None:
            # A signed-in call handler's session ends with their clinic day, as every
            # staff session does; only a member of the public's is renewed here.
            visit.begin(self.sessions.renewed(visit.session, self.clock()))
        left = seconds_left(visit, kept_for, self.clock())
        if "application/json" in visit.request.headers.get("Accept", ""):
            return json_response({"seconds_left": left})
        return redirect(local_path(visit.form.get("next")))


def seconds_left(visit, kept_for: int | None, now) -> int | None:
    """Seconds until this page stops working: the sooner of the session and the answers."""
    ends = [] if kept_for is None else [kept_for]
    if visit.person is None and visit.session is not None:
        ends.append(visit.session.expires_at - int(now.timestamp()))
    return max(0, min(ends)) if ends else None


def timeout_context(visit, draft: dict, now) -> dict:
    """What the pages' timeout warning needs (`refer_timeout.html`)."""
    return {
        "seconds_left": seconds_left(visit, draft.get("kept_for_seconds"), now),
        "warn_before": WARN_BEFORE,
    }
