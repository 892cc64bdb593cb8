"""The staff service: people, their accounts and sign-in, and the lists of sites and services."""

from __future__ import annotations

from nameko.dependency_providers import Config

from contracts import api, policy
from contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from mskpeer.platform import audit
from mskpeer.platform.clock import Clock
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.service import ReliableService
from mskpeer.platform.validation import load
from services.staff import accounts, importing, joining, leaving, models, people, sites

MAX_PEOPLE = 500  # a page names at most a conference's people and its actions' owners


class StaffService(ReliableService):
    name = "staff"

    db = Database(models.metadata, models.messaging)
    clock = Clock()
    config = Config()

    @rpc(expected_exceptions=Unauthenticated)
    def authenticate(self, email, password):
        """The person behind an email and password, with their roles."""
        with self.db.transaction() as tx:
            person = accounts.authenticate(tx.session, email, password, self.clock())
        if isinstance(person, Unauthenticated):
            raise person
        return person

    @rpc(expected_exceptions=Unauthenticated)
    def sign_in_by_verified_email(self, email, issuer):
        """The invited, active person whose email an identity provider has verified."""
        with self.db.transaction() as tx:
            return accounts.by_verified_email(tx.session, email, issuer)

    @rpc
    def sign_in_state(self, person_id):
        """{"version", "active"}: a token or web session is honoured while they are active
        and it carries this version; None for nobody."""
        with self.db.transaction() as tx:
            return leaving.sign_in_state(tx.session, person_id)

    @rpc(expected_exceptions=NotFound)
    def get_person(self, person_id):
        with self.db.transaction() as tx:
            person = people.people_by_id(tx.session, [person_id]).get(person_id)
        if person is None:
            raise NotFound("CLINICIAN_NOT_FOUND", f"there is no clinician {person_id}")
        return person

    @rpc
    def get_people(self, person_ids):
        """Several people by id in one call (a page naming many); the unknown are left out."""
        with self.db.transaction() as tx:
            return people.people_by_id(tx.session, list(person_ids)[:MAX_PEOPLE])

    @rpc(expected_exceptions=Invalid)
    def list_staff(self, query):
        """The staff list for coordinators and admins: search, filters, active or left."""
        query = load(api.StaffQuery(), query)
        with self.db.transaction() as tx:
            items, total = people.listing(tx.session, query)
        return {"items": items, "total": total}

    @rpc(expected_exceptions=NotFound)
    def get_staff(self, person_id):
        with self.db.transaction() as tx:
            person = people.staff_out(leaving.stored(tx.session, person_id))
            return {**person, "history": leaving.history(tx.session, person_id)}

    @rpc(expected_exceptions=Invalid)
    def audit_lines(self, query):
        """Who invited, changed, deactivated or reactivated whom (`person:<id>`), newest first."""
        query = load(api.AuditLines(), query)
        with self.db.transaction() as tx:
            items, total = audit.lines(tx.session, models.audit, query, "person_id", "person")
        return {"items": items, "total": total}

    @rpc(expected_exceptions=(Invalid, Conflict, Forbidden))
    def invite(self, payload, actor):
        """Add one person and email them a 7-day link to set their password."""
        policy.require(actor, policy.ADMINISTER_STAFF)
        details = load(api.StaffIn(), payload)
        now = self.clock()
        with self.db.transaction() as tx:
            values = people.checked(tx.session, details)
            row = joining.join(tx, values, actor["id"], now)
            joining.send_link(tx, row, "invitation", now)
            return people.staff_out(row)

    @rpc(expected_exceptions=(Invalid, Forbidden))
    def import_staff(self, payload, actor):
        """A preview of each CSV row; with `confirm`, the new and changed rows are stored."""
        policy.require(actor, policy.ADMINISTER_STAFF)
        details = load(api.StaffImportIn(), payload)
        with self.db.transaction() as tx:
            rows = importing.preview(tx.session, details["csv"])
            if details["confirm"]:
                importing.confirm(tx, rows, actor["id"], self.clock())
        return importing.shown(rows, stored=details["confirm"])

    @rpc(expected_exceptions=(NotFound, Conflict, Forbidden))
    def resend_invitation(self, person_id, actor):
        policy.require(actor, policy.ADMINISTER_STAFF)
        with self.db.transaction() as tx:
            return joining.resend_invitation(tx, person_id, actor["id"], self.clock())

    @rpc(expected_exceptions=Invalid)
    def set_password(self, token, password):
        """Use a single-use link from an invitation or a forgotten-password email."""
        with self.db.transaction() as tx:
            return joining.set_password(tx, token, password, self.clock())

    @rpc
    def forgot_password(self, email):
        """Email a one-hour link if the email is an active person's; the answer is the same."""
        with self.db.transaction() as tx:
            joining.forgotten(tx, email, self.clock())

    @rpc(expected_exceptions=(Invalid, NotFound, Conflict, Forbidden))
    def change_person(self, person_id, payload, actor):
        """A coordinator or admin changes someone's details. Emits staff.changed."""
        policy.require(actor, policy.ADMINISTER_STAFF)
        details = load(api.StaffChange(), payload)
        with self.db.transaction() as tx:
            values = people.checked(tx.session, details)
            return leaving.change(tx, person_id, values, actor["id"], self.clock())

    @rpc(expected_exceptions=(NotFound, Conflict, Forbidden))
    def deactivate(self, person_id, actor):
        """They have left. Emits staff.left."""
        policy.require(actor, policy.ADMINISTER_STAFF)
        with self.db.transaction() as tx:
            return leaving.deactivate(tx, person_id, actor["id"], self.clock())

    @rpc(expected_exceptions=(NotFound, Conflict, Forbidden))
    def reactivate(self, person_id, actor):
        """They are back. Emits staff.changed."""
        policy.require(actor, policy.ADMINISTER_STAFF)
        with self.db.transaction() as tx:
            return leaving.reactivate(tx, person_id, actor["id"], self.clock())

    @rpc
    def list_sites(self):
        with self.db.transaction() as tx:
            items = sites.list_sites(tx.session)
        return {"items": items, "total": len(items)}

    @rpc(expected_exceptions=(Invalid, Conflict, Forbidden))
    def add_site(self, payload, actor):
        policy.require(actor, policy.ADMINISTER_SITES)
        details = load(api.SiteIn(), payload)
        with self.db.command() as tx:
            if not tx.done_before:
                tx.result = sites.add_site(tx.session, details["name"])
        return tx.result

    @rpc
    def list_services(self):
        with self.db.transaction() as tx:
            items = sites.list_services(tx.session)
        return {"items": items, "total": len(items)}

    @rpc(expected_exceptions=(Invalid, Conflict, Forbidden))
    def add_service(self, payload, actor):
        policy.require(actor, policy.ADMINISTER_SITES)
        details = load(api.ServiceIn(), payload)
        with self.db.command() as tx:
            if not tx.done_before:
                tx.result = sites.add_service(tx.session, details["code"], details["name"])
        return tx.result
