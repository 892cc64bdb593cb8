"""Routes of the staff list, for coordinators and admins."""

from __future__ import annotations

import functools

from contracts import api, policy
from gateway.calls import call
from gateway.router import API
from gateway.web import checked_body

# The staff list's routes, under "staff" in the API document.
staff_route = functools.partial(API.route, action=policy.ADMINISTER_STAFF, tag="staff")


@staff_route(
    "GET",
    "/api/v1/staff",
    "The staff list: search by name or email, filter by site, service, band, role, status",
    query=api.StaffQuery,
    response=api.StaffList,
)
def list_staff(ports, request, actor):
    return call(ports.staff, "list_staff", request.args.to_dict())


@staff_route(
    "GET",
    "/api/v1/staff/people/<string:person_id>",
    "One person on the staff list, with who invited, changed or deactivated them and when",
    response=api.StaffDetailOut,
)
def get_staff(ports, request, actor, person_id):
    return call(ports.staff, "get_staff", person_id)


@staff_route(
    "POST",
    "/api/v1/staff/invitations",
    "Invite one person: they get an email with a 7-day link to set their password",
    body=api.StaffIn,
    response=api.StaffOut,
    status=201,
)
def invite_staff(ports, request, actor):
    return call(ports.staff, "invite", checked_body(request, api.StaffIn), actor)


@staff_route(
    "POST",
    "/api/v1/staff/import",
    "Import the staff list as CSV: a preview of every row, stored only with confirm",
    body=api.StaffImportIn,
    response=api.StaffImportOut,
)
def import_staff(ports, request, actor):
    return call(ports.staff, "import_staff", checked_body(request, api.StaffImportIn), actor)


@staff_route(
    "POST",
    "/api/v1/staff/<string:person_id>/invitation",
    "Send an invitation again (a new link; the old one stops working)",
    response=api.StaffOut,
)
def resend_invitation(ports, request, actor, person_id):
    return call(ports.staff, "resend_invitation", person_id, actor)


@staff_route(
    "PATCH",
    "/api/v1/staff/people/<string:person_id>",
    "Change someone's name, band, service, site or roles",
    body=api.StaffChange,
    response=api.StaffOut,
)
def change_staff(ports, request, actor, person_id):
    changes = checked_body(request, api.StaffChange)
    return call(ports.staff, "change_person", person_id, changes, actor)


@staff_route(
    "POST",
    "/api/v1/staff/<string:person_id>/deactivate",
    "They have left: sign-in and every token and session of theirs stop at once, their "
    "future rota seats are re-planned, and their open actions are listed to reassign",
    response=api.LeaverOut,
)
def deactivate_staff(ports, request, actor, person_id):
    person = call(ports.staff, "deactivate", person_id, actor)
    actions = call(ports.scheduling, "list_actions", person_id, True, 0, api.MAX_PAGE_SIZE)
    return {"person": person, "open_actions": actions["items"]}


@staff_route(
    "POST",
    "/api/v1/staff/<string:person_id>/reactivate",
    "They are back: they sign in again and the rota may seat them again",
    response=api.StaffOut,
)
def reactivate_staff(ports, request, actor, person_id):
    return call(ports.staff, "reactivate", person_id, actor)
