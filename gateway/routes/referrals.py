"""Routes of the referrals service: the public self-referral, triage and the coordinators' figures.

The two public routes need no token; a call handler's token on POST records who
took a phone referral. The rest is for the `triage` role (and reports for leads).
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from contracts import policy
from contracts.api import referrals as shapes
from contracts.api.referrals import REFUSALS
from contracts.errors import Invalid
from gateway.calls import call
from gateway.limits import PUBLIC
from gateway.web import (
    checked_body,
    idempotency_key,
    json_response,
    load,
    read_json,
    route,
    window,
)

# Who may call each route: the one access policy, which the service enforces again.
TRIAGE = policy.roles_for(policy.READ_REFERRAL)
DECIDE = policy.roles_for(policy.TRIAGE_REFERRAL)
AUDIT = policy.roles_for(policy.AUDIT_REFERRAL)
LEADS = policy.roles_for(policy.REFERRAL_FIGURES)
RULES = policy.roles_for(policy.CHANGE_REFERRAL_RULES)


class ReferralRoutes:
    @route(
        "GET",
        "/api/v1/referrals/form",
        "The choices the self-referral journey offers (public)",
        roles=None,
        limit=PUBLIC,
        tag="referrals",
    )
    def referral_form(self, request):
        return call(self.referrals, "referral_form")

    @route(
        "POST",
        "/api/v1/referrals",
        "Refer yourself (public); a red flag or an ineligible answer gets 422 and creates nothing",
        roles=None,
        limit=PUBLIC,
        body=shapes.ReferralIn,
        response=shapes.ReferralCreated,
        refusal=shapes.ReferralRefused,
        status=201,
        tag="referrals",
    )
    def submit_referral(self, request):
        payload = read_json(request)
        # Anyone may refer themselves; a call handler's token records who took a phone call.
        signed_in = self._actor(request, ()) if request.headers.get("Authorization") else None
        on_the_phone = signed_in and policy.has_role_for(signed_in, policy.TAKE_PHONE_REFERRAL)
        taken_by = signed_in if on_the_phone else None
        # A double submit (the back button, a retry) carries the same Idempotency-Key
        # or the same server-side draft id, and gets the same referral back.
        key = idempotency_key(request) or payload.get("draft_id")
        try:
            return call(self.referrals, "submit_referral", payload, taken_by, idempotency_key=key)
        except Invalid as error:
            if error.code not in REFUSALS:
                raise
            # The contract puts care, advice or reason at the top of the body.
            return json_response(
                {"error": error.code, "message": error.message, **error.fields}, 422
            )

    @route(
        "POST",
        "/api/v1/referral-status",
        "Where my referral is (public): reference and date of birth, in the body, not the URL",
        roles=None,
        limit=PUBLIC,
        body=shapes.StatusQuery,
        tag="referrals",
    )
    def referral_status(self, request):
        asked = load(shapes.StatusQuery(), read_json(request))
        born = asked["date_of_birth"].isoformat()
        return call(self.referrals, "referral_status", asked["reference"], born)

    @route(
        "GET",
        "/api/v1/referrals/<string:referral_id>/audit",
        "Who read or changed a referral, and when (triage, coordinators, admins)",
        roles=AUDIT,
        tag="referrals",
    )
    def referral_audit(self, request, referral_id):
        actor = self._actor(request, AUDIT)
        return call(self.referrals, "referral_audit_trail", referral_id, actor)

    @route(
        "GET",
        "/api/v1/referrals",
        "The triage queue: waiting first, then urgent, then oldest; by site or service (triage)",
        roles=TRIAGE,
        query=shapes.ReferralQuery,
        response=shapes.ReferralList,
        tag="referrals",
    )
    def list_referrals(self, request):
        actor = self._actor(request, TRIAGE)
        query = request.query
        offset, limit = window(query)
        wanted = {name: query[name] for name in ("site", "destination")}
        return call(
            self.referrals, "list_referrals", actor, query["status"], offset, limit, **wanted
        )

    @route(
        "GET",
        "/api/v1/referrals/<string:referral_id>",
        "A referral with the person's details (triage; audited)",
        roles=TRIAGE,
        response=shapes.ReferralOut,
        tag="referrals",
    )
    def get_referral(self, request, referral_id):
        return call(self.referrals, "get_referral", referral_id, self._actor(request, TRIAGE))

    @route(
        "POST",
        "/api/v1/referrals/<string:referral_id>/triage",
        "Record priority and destination; the patient is emailed (triage)",
        roles=DECIDE,
        body=shapes.TriageIn,
        tag="referrals",
    )
    def triage_referral(self, request, referral_id):
        decision = checked_body(request, shapes.TriageIn)
        actor = self._actor(request, DECIDE)
        return call(self.referrals, "triage_referral", referral_id, decision, actor)

    @route(
        "POST",
        "/api/v1/referrals/<string:referral_id>/case",
        "Bring a triaged referral to peer support as a draft case, without identifiers (triage)",
        roles=DECIDE,
        status=201,
        tag="referrals",
    )
    def bring_to_peer_support(self, request, referral_id):
        actor = self._actor(request, DECIDE)
        return call(self.referrals, "bring_to_peer_support", referral_id, actor)

    @route(
        "GET",
        "/api/v1/referrals/<string:referral_id>/fhir",
        "The triaged referral as a FHIR R4 (UK Core) Bundle (triage; audited)",
        roles=TRIAGE,
        tag="referrals",
    )
    def referral_fhir(self, request, referral_id):
        bundle = call(self.referrals, "fhir_bundle", referral_id, self._actor(request, TRIAGE))
        return json_response(bundle, 200, {"Content-Type": "application/fhir+json"})

    @route(
        "GET",
        "/api/v1/reports/referrals",
        "Referrals per week by site, channel and destination; red-flag stops; time to "
        "triage; share to self-management; format=csv for a spreadsheet (leads)",
        roles=LEADS,
        query=shapes.ReferralReportQuery,
        media_types=("application/json", "text/csv"),
        tag="reports",
    )
    def referral_report(self, request):
        actor = self._actor(request, LEADS)
        query = request.query
        dates = [d.isoformat() if d else None for d in (query["from_"], query["to"])]
        as_csv = query["format"] == "csv"
        figures = call(self.referrals, "referral_report", *dates, actor, as_csv=as_csv)
        if not as_csv:
            return figures
        return Response(
            figures,
            mimetype="text/csv",
            headers={"Content-Disposition": 'attachment; filename="referrals.csv"'},
        )

    @route(
        "PUT",
        "/api/v1/referral-rules",
        "Change who the service takes: a new version of the eligibility rules (admin)",
        roles=RULES,
        body=shapes.EligibilityRulesIn,
        tag="referrals",
    )
    def set_eligibility_rules(self, request):
        actor = self._actor(request, RULES)
        return call(self.referrals, "set_eligibility_rules", read_json(request), actor)
