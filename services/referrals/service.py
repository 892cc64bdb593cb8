"""The referrals service: the only holder of patients' identities (sealed at rest)."""

from __future__ import annotations

from datetime import date

import eventlet
from nameko.dependency_providers import Config

from contracts import policy
from contracts.api.operations import AuditLines
from contracts.api.referrals import RECEIVED, TRIAGED, EligibilityRulesIn, TriageIn
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform import audit as platform_audit
from mskpeer.platform.clock import Clock
from mskpeer.platform.database import Database
from mskpeer.platform.entrypoints import ResilientRpcProxy as RpcProxy
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.service import ReliableService
from mskpeer.platform.settings import parse_duration
from mskpeer.platform.smtp import Smtp
from mskpeer.platform.timers import timer
from mskpeer.platform.validation import load
from services.referrals import (
    audit,
    fhir,
    keeping,
    mail,
    models,
    referring,
    reports,
    repository,
    rules,
    triaging,
)
from services.referrals.dependencies import Keys
from services.referrals.domain import BODY_AREA_NAMES, SELF_HELP_PAGES, case_draft
from services.referrals.journey import Journey, forget_stale_drafts
from services.referrals.screening import FLAGS

RPC_TIMEOUT = 10.0


class ReferralsService(Journey, ReliableService):
    name = "referrals"

    db = Database(models.metadata, models.messaging)
    clock = Clock()
    keyring = Keys()
    smtp = Smtp()  # patients' mail goes out here: their address never leaves this service
    config = Config()
    cases = RpcProxy("cases")

    @rpc
    def referral_form(self):
        """The choices the journey offers, from the rules in force."""
        with self.db.transaction() as tx:
            version, current = rules.current(tx.session)
        return {
            "rules_version": version,
            "minimum_age": current["minimum_age"],
            "gp_practices": current["gp_practices"],
            "sites": current["sites"],
            "conditions_not_taken": current["conditions_not_taken"],
            "body_areas": [{"code": c, "name": n} for c, n in BODY_AREA_NAMES.items()],
            # The advice that suits each area: what triage offers first for self-management.
            "self_help_pages": SELF_HELP_PAGES,
            "red_flags": [{"code": f.code, "question": f.question} for f in FLAGS],
        }

    @rpc(expected_exceptions=(Invalid, Forbidden))
    def submit_referral(self, payload, taken_by=None, idempotency_key=None):
        """A self-referral, once per key. 422 SEEK_URGENT_CARE or NOT_ELIGIBLE create nothing."""
        now = self.clock()
        stop = referring.red_flag_stop(payload)
        if stop is not None:
            with self.db.transaction() as tx:
                referring.log_stop(tx, payload, stop, now)
            raise referring.urgent_care(stop)
        if (payload or {}).get("channel") == "phone":
            # A phone referral names who took the call.
            policy.require(taken_by, policy.TAKE_PHONE_REFERRAL)
        with self.db.command(idempotency_key=idempotency_key) as tx:
            if not tx.done_before:
                version, current = rules.current(tx.session)
                answers = referring.checked(payload, current, now)
                taken = taken_by["id"] if taken_by else None
                tx.result = referring.receive(
                    tx, self.keyring, answers, current, version, taken, now
                )
        return tx.result

    @rpc(expected_exceptions=Forbidden)
    def list_referrals(self, reader, status=None, offset=0, limit=50, site=None, destination=None):
        """The triage queue: waiting first, then urgent, then oldest (pseudonymous fields only)."""
        policy.require(reader, policy.TRIAGE_REFERRALS)
        wanted = {"status": status, "site": site, "destination": destination}
        target, now = triaging.target_days(self.config), self.clock()
        with self.db.transaction() as tx:
            found = triaging.queue(tx.session, wanted, offset, limit, target, now)
            audit.record(tx, reader["id"], "list", None, now)
        return found

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def get_referral(self, referral_id, reader):
        """A referral with the person's details and their other referrals; the read is audited."""
        policy.require(reader, policy.TRIAGE_REFERRALS)
        with self.db.transaction() as tx:
            row = self._found(tx, referral_id)
            identity = repository.identity_of(self.keyring, row)
            others = repository.same_person(tx.session, self.keyring, identity, referral_id)
            audit.record(tx, reader["id"], "read", referral_id, self.clock())
        return {**repository.as_dict(row), "about_you": identity, "same_person": others}

    @rpc(expected_exceptions=(NotFound, Forbidden, Invalid, Conflict))
    def triage_referral(self, referral_id, decision, actor):
        """Record priority and destination; the patient is told. Emits referral.triaged."""
        policy.require(actor, policy.TRIAGE_REFERRALS)
        decision = load(TriageIn(), decision)
        now = self.clock()
        with self.db.command() as tx:
            if not tx.done_before:
                row = self._found(tx, referral_id, for_update=True)
                if row.status != RECEIVED:
                    raise Conflict("ALREADY_TRIAGED", f"referral {row.reference} is triaged")
                _, current = rules.current(tx.session)
                sites = {s["code"] for s in current["sites"]}
                tx.result = triaging.decide(tx, self.keyring, row, decision, actor, sites, now)
        return tx.result

    @rpc(expected_exceptions=(NotFound, Forbidden, Invalid, Conflict))
    def bring_to_peer_support(self, referral_id, actor):
        """A draft peer-support case from a triaged referral, once; the link stays here."""
        policy.require(actor, policy.TRIAGE_REFERRALS)
        with self.db.transaction() as tx:
            row = self._found(tx, referral_id)
            audit.record(tx, actor["id"], "read_for_case", referral_id, self.clock())
        if row.status != TRIAGED:
            raise Conflict("NOT_TRIAGED", "triage the referral before bringing it to peer support")
        draft = case_draft(repository.as_dict(row))
        with eventlet.Timeout(RPC_TIMEOUT):  # the cases service's identifier guard applies
            case = self.cases.submit_case(draft, actor, idempotency_key=f"referral:{referral_id}")
        with self.db.transaction() as tx:
            repository.update_row(tx.session, referral_id, case_id=case["id"])
            audit.record(tx, actor["id"], "case", referral_id, self.clock())
        return {"referral_id": referral_id, "case_id": case["id"], "case": case}

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict))
    def fhir_bundle(self, referral_id, reader):
        """The triaged referral as a FHIR R4 (UK Core) Bundle; the read is audited."""
        policy.require(reader, policy.TRIAGE_REFERRALS)
        with self.db.transaction() as tx:
            row = self._found(tx, referral_id)
            audit.record(tx, reader["id"], "export_fhir", referral_id, self.clock())
        if row.status != TRIAGED or row.purged_at is not None:
            raise Conflict("NOT_TRIAGED", "only a triaged referral, not yet purged, is exported")
        # The record system gets who the person is, not their story or the triage note.
        identity = {f: repository.opened(self.keyring, row, f) for f in repository.IDENTITY}
        return fhir.bundle(repository.as_dict(row), identity, self.clock())

    @rpc(expected_exceptions=NotFound)
    def referral_status(self, reference, date_of_birth):
        """Where a referral is, for the person: their reference and date of birth must match."""
        with self.db.transaction() as tx:
            row = repository.by_reference(tx.session, str(reference))
            born = row and repository.opened(self.keyring, row, "date_of_birth")
            if row is None or born is None or born != str(date_of_birth):
                # The same answer either way: nobody learns which references exist.
                raise NotFound(
                    "REFERRAL_NOT_FOUND",
                    "no referral has that reference and date of birth; check both, or call us",
                )
            audit.record(tx, "patient", "status", row.id, self.clock())
            _, current = rules.current(tx.session)
        return repository.status_of(row, current)

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def referral_audit_trail(self, referral_id, reader):
        policy.require(reader, policy.READ_REFERRAL_AUDIT)
        with self.db.transaction() as tx:
            return {"items": audit.trail(tx.session, referral_id)}

    @rpc(expected_exceptions=Invalid)
    def audit_lines(self, query):
        """Who read referrals, newest first (`referral:<id>`); never the person's details."""
        query = load(AuditLines(), query)
        with self.db.transaction() as tx:
            items, total = platform_audit.lines(
                tx.session, models.audit_log, query, "referral_id", "referral"
            )
        return {"items": items, "total": total}

    @rpc(expected_exceptions=Forbidden)
    def referral_report(self, start, end, reader, as_csv=False):
        policy.require(reader, policy.READ_REPORTS)
        target = triaging.target_days(self.config)
        start, end = (date.fromisoformat(d) if d else None for d in (start, end))
        with self.db.transaction() as tx:
            figures = reports.report(tx.session, start, end, target, self.clock())
        return reports.as_csv(figures) if as_csv else figures

    @rpc(expected_exceptions=(Forbidden, Invalid))
    def set_eligibility_rules(self, new_rules, actor):
        """A new version of who the service takes (admins)."""
        policy.require(actor, policy.SET_ELIGIBILITY)
        loaded = load(EligibilityRulesIn(), new_rules)  # 422 per field: lists of whole entries
        with self.db.transaction() as tx:
            version = rules.replace(tx.session, loaded, actor["id"], self.clock())
        return {"rules_version": version, **loaded}

    @timer(interval=1.0)
    def send_patient_messages(self):
        mail.release_stale_claims(self.db, self.clock())
        mail.send_pending(self.db, self.keyring, self.smtp, self.config, self.clock)

    @timer(interval=24 * 3600, eager=True)
    def purge_expired_referrals(self):
        retention = parse_duration(self.config.get("REFERRAL_RETENTION") or "365d")
        with self.db.transaction() as tx:
            keeping.purge(tx.session, retention, self.clock())
            forget_stale_drafts(tx.session, self.clock())

    def _found(self, tx, referral_id, for_update=False):
        row = repository.get(tx.session, referral_id, for_update=for_update)
        if row is None:
            raise NotFound("REFERRAL_NOT_FOUND", f"there is no referral {referral_id}")
        return row
