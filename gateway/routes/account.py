"""Routes of one's own account: sign in, who I am, and setting a password by emailed link."""

from __future__ import annotations

from contracts import api, policy
from gateway.calls import call
from gateway.limits import PASSWORD_RESET, SIGN_IN
from gateway.router import API
from gateway.web import load, read_json

# What a signed-in person reaches from their own id (OpenAPI links from GET /api/v1/me).
ME_LINKS = ("get_clinician_card", "update_card", "clinician_rota", "list_unavailability")

ACCEPTED = {
    "message": "If that email belongs to someone on the staff list, a link to set a new "
    "password is on its way. It works once, for an hour."
}


@API.route(
    "POST",
    "/api/v1/auth/token",
    "Sign in: exchange email and password for a token",
    action=policy.SIGN_IN,
    body=api.TokenRequest,
    response=api.TokenOut,
    tag="auth",
    limit=SIGN_IN,
)
def issue_token(ports, request, actor):
    credentials = load(api.TokenRequest(), read_json(request))
    person = call(ports.staff, "authenticate", credentials["email"], credentials["password"])
    return ports.tokens.issue(person, ports.clock())


@API.route(
    "GET",
    "/api/v1/me",
    "Who I am",
    action=policy.READ_OWN_ACCOUNT,
    tag="auth",
    links={op: {"clinician_id": "$response.body#/id"} for op in ME_LINKS},
)
def me(ports, request, actor):
    return call(ports.staff, "get_person", actor["id"])


@API.route(
    "POST",
    "/api/v1/auth/set-password",
    "Set a password with the single-use link from an invitation or a reset email",
    action=policy.SIGN_IN,
    limit=SIGN_IN,
    body=api.SetPasswordIn,
    response=api.StaffOut,
    tag="auth",
)
def set_password_by_link(ports, request, actor):
    body = load(api.SetPasswordIn(), read_json(request))
    return call(ports.staff, "set_password", body["token"], body["password"])


@API.route(
    "POST",
    "/api/v1/auth/forgot-password",
    "Ask for a link to set a new password; the answer is the same for any email",
    action=policy.SIGN_IN,
    limit=PASSWORD_RESET,
    body=api.ForgotPasswordIn,
    response=api.AcceptedOut,
    status=202,
    tag="auth",
)
def ask_password_link(ports, request, actor):
    body = load(api.ForgotPasswordIn(), read_json(request))
    call(ports.staff, "forgot_password", body["email"])
    return ACCEPTED
