"""Setting a password from an emailed link, and asking for one: pages for anyone."""

from __future__ import annotations

from contracts import policy
from contracts.errors import Invalid
from gateway.calls import call
from gateway.limits import PASSWORD_RESET, SIGN_IN
from gateway.pages.web import Visit, page, redirect


class PasswordPages:
    @page("GET", "/set-password", policy.SIGN_IN)
    def set_password_form(self, visit: Visit):
        self._form_session(visit)
        return self._set_password_page(visit, visit.request.args.get("token", ""))

    @page("POST", "/set-password", policy.SIGN_IN)
    def set_password_page(self, visit: Visit):
        token = visit.form.get("token", "")
        too_many = visit.over_limit(self.limits, SIGN_IN)
        if too_many:
            return self._set_password_page(visit, token, {"password": too_many}, 429)
        password, again = visit.form.get("password", ""), visit.form.get("confirm", "")
        if not password:
            return self._set_password_page(visit, token, {"password": "Enter a password"}, 400)
        if password != again:
            wrong = {"confirm": "Enter the same password twice"}
            return self._set_password_page(visit, token, wrong, 400)
        try:
            person = call(self.staff, "set_password", token, password)
        except Invalid as refused:
            if refused.code == "LINK_NOT_VALID":
                return visit.page("set_password_link_spent.html", 400)
            wrong = {"password": refused.fields.get("password", [refused.message])[0]}
            return self._set_password_page(visit, token, wrong, 400)
        visit.begin(self.sessions.start(self.clock()))
        return visit.page("set_password_done.html", email=person["email"])

    @page("GET", "/forgot-password", policy.SIGN_IN)
    def forgot_password_form(self, visit: Visit):
        self._form_session(visit)
        return visit.form_page("forgot_password.html", email="")

    @page("POST", "/forgot-password", policy.SIGN_IN)
    def forgot_password_page(self, visit: Visit):
        email = visit.form.get("email", "").strip()
        if "@" not in email:
            wrong = {"email": "Enter your email address, like name@nhs.net"}
            return visit.form_page("forgot_password.html", wrong, 400, email=email)
        too_many = visit.over_limit(self.limits, PASSWORD_RESET)
        if too_many:
            return visit.form_page("forgot_password.html", {"email": too_many}, 429, email=email)
        call(self.staff, "forgot_password", email)
        return redirect("/forgot-password/sent")

    @page("GET", "/forgot-password/sent", policy.SIGN_IN)
    def forgot_password_sent(self, visit: Visit):
        return visit.page("forgot_password_sent.html")

    def _form_session(self, visit: Visit) -> None:
        if visit.session is None:  # a session before signing in, so the form has a token
            visit.begin(self.sessions.start(self.clock()))

    def _set_password_page(self, visit, token, field_errors=None, status=200):
        return visit.form_page("set_password.html", field_errors, status, token=token)
