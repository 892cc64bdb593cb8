"""The staff list for coordinators and admins: find, invite, import, change, deactivate."""

from __future__ import annotations

from urllib.parse import urlencode

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from contracts.api.staff import ROLES
from contracts.errors import Invalid
from gateway.calls import call
from gateway.pages.directory import BANDS
from gateway.pages.panel import service_names
from gateway.pages.web import Visit, messages_of, page, redirect

FILTERS = ("q", "site", "service", "band", "role", "status")


class StaffPages:
    @page("GET", "/staff", policy.ADMINISTER_STAFF)
    def staff_list_page(self, visit: Visit):
        wanted = {k: visit.request.args.get(k, "").strip() for k in FILTERS}
        query = {k: v for k, v in wanted.items() if v} | {"page_size": MAX_PAGE_SIZE}
        try:
            found = call(self.staff, "list_staff", query)
        except Invalid:
            found = call(self.staff, "list_staff", {"page_size": MAX_PAGE_SIZE})
            wanted = dict.fromkeys(FILTERS, "")
        return visit.page(
            "staff_list.html",
            people=found["items"],
            total=found["total"],
            wanted=wanted,
            **self._choices(),
        )

    @page("GET", "/staff/invite", policy.ADMINISTER_STAFF)
    def invite_page(self, visit: Visit):
        blank = dict.fromkeys(("email", "name", "band", "service", "site"), "")
        return self._invite_form(visit, {**blank, "roles": ["clinician"]})

    @page("POST", "/staff/invite", policy.ADMINISTER_STAFF)
    def invite_someone(self, visit: Visit):
        form = _details(visit.form)
        try:
            person = call(self.staff, "invite", form, visit.person)
        except Invalid as refused:
            return self._invite_form(visit, form, refused.fields, 400)
        return redirect(f"/staff/{person['id']}?done=invited")

    @page("GET", "/staff/import", policy.ADMINISTER_STAFF)
    def import_page(self, visit: Visit):
        return visit.page("staff_import.html", preview=None, csv="", errors=[])

    @page("POST", "/staff/import", policy.ADMINISTER_STAFF)
    def import_staff_list(self, visit: Visit):
        upload = visit.request.files.get("file")
        text = upload.read().decode("utf-8-sig", "replace") if upload else ""
        text = text or visit.form.get("csv", "")
        confirm = visit.form.get("confirm") == "yes"
        try:
            shown = call(
                self.staff, "import_staff", {"csv": text, "confirm": confirm}, visit.person
            )
        except Invalid as refused:
            problems = [str(p) for p in refused.fields.get("csv", [refused.message])]
            errors = [{"field": "file", "message": p} for p in problems]
            return visit.page("staff_import.html", 400, preview=None, csv="", errors=errors)
        return visit.page("staff_import.html", preview=shown, csv=text, errors=[])

    @page("GET", "/staff/<string:person_id>", policy.ADMINISTER_STAFF)
    def staff_page(self, visit: Visit, person_id):
        person = call(self.staff, "get_staff", person_id)
        return self._person_page(visit, person, _details_of(person))

    @page("POST", "/staff/<string:person_id>", policy.ADMINISTER_STAFF)
    def change_someone(self, visit: Visit, person_id):
        form = _details(visit.form)
        form.pop("email")
        try:
            call(self.staff, "change_person", person_id, form, visit.person)
        except Invalid as refused:
            person = call(self.staff, "get_staff", person_id)
            return self._person_page(visit, person, form, refused.fields, 400)
        return redirect(f"/staff/{person_id}?done=changed")

    @page("POST", "/staff/<string:person_id>/deactivate", policy.ADMINISTER_STAFF)
    def deactivate_someone(self, visit: Visit, person_id):
        person = call(self.staff, "deactivate", person_id, visit.person)
        actions = call(self.scheduling, "list_actions", person_id, True, 0, MAX_PAGE_SIZE)
        return visit.page("staff_left.html", leaver=person, actions=actions["items"])

    @page("POST", "/staff/<string:person_id>/reactivate", policy.ADMINISTER_STAFF)
    def reactivate_someone(self, visit: Visit, person_id):
        call(self.staff, "reactivate", person_id, visit.person)
        return redirect(f"/staff/{person_id}?done=reactivated")

    @page("POST", "/staff/<string:person_id>/invitation", policy.ADMINISTER_STAFF)
    def invite_again(self, visit: Visit, person_id):
        call(self.staff, "resend_invitation", person_id, visit.person)
        return redirect(f"/staff/{person_id}?done=invited_again")

    def _choices(self) -> dict:
        """The options of the selects, as (value, what it says)."""
        return {
            "sites": [(s["name"], s["name"]) for s in call(self.staff, "list_sites")["items"]],
            "services": list(service_names(self.staff).items()),
            "bands": [(str(band), f"Band {band}") for band in BANDS],
            "roles": ROLES,
        }

    def _invite_form(self, visit, form, fields=None, status=200):
        return visit.page(
            "staff_invite.html", status, form=form, **_errors(fields), **self._choices()
        )

    def _person_page(self, visit, person, form, fields=None, status=200):
        return visit.page(
            "staff_person.html",
            status,
            shown=person,
            form=form,
            done=visit.request.args.get("done"),
            back="/staff?" + urlencode({"q": person["email"]}),
            **_errors(fields),
            **self._choices(),
        )


def _details(form) -> dict:
    details = {k: form.get(k, "").strip() for k in ("email", "name", "service", "site")}
    details["roles"] = form.getlist("roles")
    band = form.get("band", "")
    details["band"] = int(band) if band.isdigit() else band
    return details


def _details_of(person: dict) -> dict:
    return {k: person[k] for k in ("email", "name", "band", "service", "site", "roles")}


def _errors(fields) -> dict:
    shown = messages_of(fields)
    return {
        "field_errors": shown,
        "errors": [{"field": k, "message": f"{k.capitalize()}: {v}"} for k, v in shown.items()],
    }
