"""Logging in and out of the web app, with the same check of email and password as the API."""

from __future__ import annotations

from contracts import policy
from contracts.errors import Unauthenticated
from gateway.calls import call
from gateway.limits import SIGN_IN
from gateway.pages.session import local_path
from gateway.pages.web import Visit, page, redirect, sentence


class SigningIn:
    @page("GET", "/login", policy.SIGN_IN)
    def login_form(self, visit: Visit):
        if visit.person:
            return redirect(local_path(visit.request.args.get("next")))
        if visit.session is None:  # a session before signing in, so the form has a token
            visit.begin(self.sessions.start(self.clock()))
        return self._login_page(visit, local_path(visit.request.args.get("next")))

    @page("POST", "/login", policy.SIGN_IN)
    def log_in(self, visit: Visit):
        too_many = visit.over_limit(self.limits, SIGN_IN)
        if too_many:
            return self._login_page(visit, "/", "", {"email": too_many}, status=429)
        email = visit.form.get("email", "").strip()
        password = visit.form.get("password", "")
        wanted = local_path(visit.form.get("next"))
        missing = {
            field: message
            for field, message, given in (
                ("email", "Enter your email address", email),
                ("password", "Enter your password", password),
            )
            if not given
        }
        if missing:
            return self._login_page(visit, wanted, email, missing, status=400)
        try:
            person = call(self.staff, "authenticate", email, password)
        except Unauthenticated as refusal:
            # Never say which of the two was wrong: that would confirm who has an account.
            wrong = {"email": "Enter the email address and password of your account"}
            if refusal.code == "TOO_MANY_WRONG_PASSWORDS":
                wrong = {"password": sentence(refusal.message)}
            return self._login_page(visit, wanted, email, wrong, status=401)
        # A new session with a new form token: one seen before signing in is never reused.
        visit.begin(self.sessions.start(self.clock(), person))
        return redirect(wanted)

    @page("POST", "/logout", policy.READ_OWN_ACCOUNT)
    def log_out(self, visit: Visit):
        visit.end()
        return redirect("/login")

    def _login_page(self, visit, wanted, email="", field_errors=None, status=200):
        return visit.form_page(
            "login.html",
            field_errors,
            status,
            next=wanted,
            email=email,
            nhs_sign_in=self.single_sign_on is not None,
        )
