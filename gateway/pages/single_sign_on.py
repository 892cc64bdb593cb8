"""Signing in with an NHS account (OpenID Connect, gateway/openid.py): pages for anyone.

/login/nhs sends the browser to the organisation's sign-in with a pending sign-in in a
cookie; the provider sends it back to /login/nhs/callback, where the answer is checked
and the staff service says whose verified email it is. Then the same web session starts
as after a password. Every way it can fail is a page saying what to do, never an account.
"""

from __future__ import annotations

from contracts import policy
from contracts.errors import Unauthenticated
from gateway.calls import call
from gateway.limits import SIGN_IN
from gateway.openid import PENDING_LIFETIME, ProviderUnavailable, SignInRefused
from gateway.pages.session import local_path
from gateway.pages.web import Visit, page, redirect
from mskpeer.platform import security_events as events

# The pending sign-in's cookie. Not `__Host-` on plain http, like the session's.
SECURE_PENDING = "__Host-mskpeer-nhs-sign-in"
PLAIN_PENDING = "mskpeer-nhs-sign-in"
STATUS = {"cancelled": 400, "expired": 400, "failed": 400, "unverified": 403}
STATUS |= {"not_invited": 403, "left": 403, "unavailable": 502}
STAFF_REFUSALS = {"NOT_INVITED": "not_invited", "ACCOUNT_DEACTIVATED": "left"}


class SingleSignOnPages:
    @page("GET", "/login/nhs", policy.SIGN_IN)
    def nhs_sign_in(self, visit: Visit):
        wanted = local_path(visit.request.args.get("next"))
        if self.single_sign_on is None:
            return visit.error(404, "Page not found", "Log in with your email and password.")
        if visit.person:
            return redirect(wanted)
        try:
            address, pending = self.single_sign_on.begin(wanted, self.clock())
        except ProviderUnavailable:
            return self._nhs_sign_in_refused(visit, "unavailable")
        response = redirect(address)
        response.set_cookie(
            _pending_cookie(visit),
            pending,
            max_age=int(PENDING_LIFETIME.total_seconds()),
            path="/",
            secure=visit.secure,
            httponly=True,
            # Lax: the provider's redirect back is a top-level GET, which carries it.
            samesite="Lax",
        )
        return response

    @page("GET", "/login/nhs/callback", policy.SIGN_IN)
    def nhs_signed_in(self, visit: Visit):
        if self.single_sign_on is None:
            return visit.error(404, "Page not found", "Log in with your email and password.")
        too_many = visit.over_limit(self.limits, SIGN_IN)
        if too_many:
            return visit.error(429, "Too many sign-ins", too_many)
        email = ""
        try:
            sealed = visit.request.cookies.get(_pending_cookie(visit))
            signed = self.single_sign_on.finish(visit.request.args.to_dict(), sealed)
            email = signed["email"]
            person = call(self.staff, "sign_in_by_verified_email", email, signed["issuer"])
        except SignInRefused as refusal:
            response = self._nhs_sign_in_refused(visit, refusal.reason)
        except ProviderUnavailable:
            response = self._nhs_sign_in_refused(visit, "unavailable")
        except Unauthenticated as refusal:
            response = self._nhs_sign_in_refused(visit, STAFF_REFUSALS[refusal.code], email=email)
        else:
            # A new session with a new form token, exactly as after a password.
            visit.begin(self.sessions.start(self.clock(), person))
            response = redirect(signed["next"])
        # Each pending sign-in is answered once: a replayed answer finds no cookie.
        response.delete_cookie(
            _pending_cookie(visit), path="/", secure=visit.secure, httponly=True, samesite="Lax"
        )
        return response

    def _nhs_sign_in_refused(self, visit: Visit, reason: str, email: str = ""):
        if reason not in STAFF_REFUSALS.values():  # those the staff service logs itself
            events.record(events.SIGN_IN_FAILED, how="NHS account", reason=reason)
        return visit.page("nhs_sign_in_refused.html", STATUS[reason], reason=reason, email=email)


def _pending_cookie(visit: Visit) -> str:
    return SECURE_PENDING if visit.secure else PLAIN_PENDING
