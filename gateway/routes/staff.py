"""Routes of the staff list (coordinators and admins) and of setting a password (anyone)."""

from __future__ import annotations

import functools

from contracts import api, policy
from gateway.calls import call
from gateway.limits import PASSWORD_RESET, SIGN_IN
from gateway.web import checked_body, load, read_json, route

ADMINISTER = policy.roles_for(policy.ADMINISTER_STAFF)
# The staff list's routes: coordinators and admins, under "staff" in the API document.
staff_route = functools.partial(route, roles=ADMINISTER, tag="staff")

ACCEPTED = {
    "message": "If that email belongs to someone on the staff list, a link to set a new "
    "password is on its way. It works once, for an hour."
}


class StaffRoutes:
    def _staff_admin(self, request) -> dict:
        return self._actor(request, ADMINISTER)

    @staff_route(
        "GET",
        "/api/v1/staff",
        "The staff list: search by name or email, filter by site, service, band, role, status",
        query=api.StaffQuery,
        response=api.StaffList,
    )
    def list_staff(self, request):
        return call(self.staff, "list_staff", request.args.to_dict())

    @staff_route(
        "GET",
        "/api/v1/staff/people/<string:person_id>",
        "One person on the staff list, with who invited, changed or deactivated them and when",
        response=api.StaffDetailOut,
    )
    def get_staff(self, request, person_id):
        return call(self.staff, "get_staff", person_id)

    @staff_route(
        "POST",
        "/api/v1/staff/invitations",
        "Invite one person: they get an email with a 7-day link to set their password",
        body=api.StaffIn,
        response=api.StaffOut,
        status=201,
    )
    def invite_staff(self, request):
        actor = self._staff_admin(request)
        return call(self.staff, "invite", checked_body(request, api.StaffIn), actor)

    @staff_route(
        "POST",
        "/api/v1/staff/import",
        "Import the staff list as CSV: a preview of every row, stored only with confirm",
        body=api.StaffImportIn,
        response=api.StaffImportOut,
    )
    def import_staff(self, request):
        actor = self._staff_admin(request)
        return call(self.staff, "import_staff", checked_body(request, api.StaffImportIn), actor)

    @staff_route(
        "POST",
        "/api/v1/staff/<string:person_id>/invitation",
        "Send an invitation again (a new link; the old one stops working)",
        response=api.StaffOut,
    )
    def resend_invitation(self, request, person_id):
        return call(self.staff, "resend_invitation", person_id, self._staff_admin(request))

    @staff_route(
        "PATCH",
        "/api/v1/staff/people/<string:person_id>",
        "Change someone's name, band, service, site or roles",
        body=api.StaffChange,
        response=api.StaffOut,
    )
    def change_staff(self, request, person_id):
        actor = self._staff_admin(request)
        changes = checked_body(request, api.StaffChange)
        return call(self.staff, "change_person", person_id, changes, actor)

    @staff_route(
        "POST",
        "/api/v1/staff/<string:person_id>/deactivate",
        "They have left: sign-in and every token and session of theirs stop at once, their "
        "future rota seats are re-planned, and their open actions are listed to reassign",
        response=api.LeaverOut,
    )
    def deactivate_staff(self, request, person_id):
        person = call(self.staff, "deactivate", person_id, self._staff_admin(request))
        actions = call(self.scheduling, "list_actions", person_id, True, 0, api.MAX_PAGE_SIZE)
        return {"person": person, "open_actions": actions["items"]}

    @staff_route(
        "POST",
        "/api/v1/staff/<string:person_id>/reactivate",
        "They are back: they sign in again and the rota may seat them again",
        response=api.StaffOut,
    )
    def reactivate_staff(self, request, person_id):
        return call(self.staff, "reactivate", person_id, self._staff_admin(request))

    @route(
        "POST",
        "/api/v1/auth/set-password",
        "Set a password with the single-use link from an invitation or a reset email",
        roles=None,
        limit=SIGN_IN,
        body=api.SetPasswordIn,
        response=api.StaffOut,
        tag="auth",
    )
    def set_password_by_link(self, request):
        body = load(api.SetPasswordIn(), read_json(request))
        return call(self.staff, "set_password", body["token"], body["password"])

    @route(
        "POST",
        "/api/v1/auth/forgot-password",
        "Ask for a link to set a new password; the answer is the same for any email",
        roles=None,
        limit=PASSWORD_RESET,
        body=api.ForgotPasswordIn,
        response=api.AcceptedOut,
        status=202,
        tag="auth",
    )
    def ask_password_link(self, request):
        body = load(api.ForgotPasswordIn(), read_json(request))
        call(self.staff, "forgot_password", body["email"])
        return ACCEPTED
