"""Routes of the referrals service: the public self-referral, triage and the coordinators' figures.

The two public routes need no token; a call handler's token on POST records who
took a phone referral. The rest is for triage (and reports for leads).
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from contracts import policy
from contracts.api import referrals as shapes
from contracts.api.referrals import REFUSALS
from contracts.errors import Invalid
from gateway.calls import call
from gateway.limits import PUBLIC
from gateway.router import API, identify
from gateway.web import checked_body, idempotency_key, json_response, load, read_json, window


@API.route(
    "GET",
    "/api/v1/referrals/form",
    "The choices the self-referral journey offers (public)",
    action=policy.SELF_REFER,
    limit=PUBLIC,
    tag="referrals",
)
def referral_form(ports, request, actor):
    return call(ports.referrals, "referral_form")


@API.route(
    "POST",
    "/api/v1/referrals",
    "Refer yourself (public); a red flag or an ineligible answer gets 422 and creates nothing",
    action=policy.SELF_REFER,
    limit=PUBLIC,
    body=shapes.ReferralIn,
    response=shapes.ReferralCreated,
    refusal=shapes.ReferralRefused,
    status=201,
    tag="referrals",
)
def submit_referral(ports, request, actor):
    payload = read_json(request)
    # Anyone may refer themselves; a call handler's token records who took a phone call.
    signed_in = identify(ports, request) if request.headers.get("Authorization") else None
    taken_by = signed_in if policy.takes_phone_referrals(signed_in) else None
    # A double submit (the back button, a retry) carries the same Idempotency-Key
    # or the same server-side draft id, and gets the same referral back.
    key = idempotency_key(request) or payload.get("draft_id")
    try:
        return call(ports.referrals, "submit_referral", payload, taken_by, idempotency_key=key)
    except Invalid as error:
        if error.code not in REFUSALS:
            raise
        # The contract puts care, advice or reason at the top of the body.
        return json_response({"error": error.code, "message": error.message, **error.fields}, 422)


@API.route(
    "POST",
    "/api/v1/referral-status",
    "Where my referral is (public): reference and date of birth, in the body, not the URL",
    action=policy.SELF_REFER,
    limit=PUBLIC,
    body=shapes.StatusQuery,
    tag="referrals",
)
def referral_status(ports, request, actor):
    asked = load(shapes.StatusQuery(), read_json(request))
    born = asked["date_of_birth"].isoformat()
    return call(ports.referrals, "referral_status", asked["reference"], born)


@API.route(
    "GET",
    "/api/v1/referrals/<string:referral_id>/audit",
    "Who read or changed a referral, and when",
    action=policy.READ_REFERRAL_AUDIT,
    tag="referrals",
)
def referral_audit(ports, request, actor, referral_id):
    return call(ports.referrals, "referral_audit_trail", referral_id, actor)


@API.route(
    "GET",
    "/api/v1/referrals",
    "The triage queue: waiting first, then urgent, then oldest; by site or service",
    action=policy.TRIAGE_REFERRALS,
    query=shapes.ReferralQuery,
    response=shapes.ReferralList,
    tag="referrals",
)
def list_referrals(ports, request, actor):
    query = request.query
    offset, limit = window(query)
    wanted = {name: query[name] for name in ("site", "destination")}
    return call(ports.referrals, "list_referrals", actor, query["status"], offset, limit, **wanted)


@API.route(
    "GET",
    "/api/v1/referrals/<string:referral_id>",
    "A referral with the person's details (audited)",
    action=policy.TRIAGE_REFERRALS,
    response=shapes.ReferralOut,
    tag="referrals",
)
def get_referral(ports, request, actor, referral_id):
    return call(ports.referrals, "get_referral", referral_id, actor)


@API.route(
    "POST",
    "/api/v1/referrals/<string:referral_id>/triage",
    "Record priority and destination; the patient is emailed",
    action=policy.TRIAGE_REFERRALS,
    body=shapes.TriageIn,
    tag="referrals",
)
def triage_referral(ports, request, actor, referral_id):
    decision = checked_body(request, shapes.TriageIn)
    return call(ports.referrals, "triage_referral", referral_id, decision, actor)


@API.route(
    "POST",
    "/api/v1/referrals/<string:referral_id>/case",
    "Bring a triaged referral to peer support as a draft case, without identifiers",
    action=policy.TRIAGE_REFERRALS,
    status=201,
    tag="referrals",
)
def bring_to_peer_support(ports, request, actor, referral_id):
    return call(ports.referrals, "bring_to_peer_support", referral_id, actor)


@API.route(
    "GET",
    "/api/v1/referrals/<string:referral_id>/fhir",
    "The triaged referral as a FHIR R4 (UK Core) Bundle (audited)",
    action=policy.TRIAGE_REFERRALS,
    tag="referrals",
)
def referral_fhir(ports, request, actor, referral_id):
    bundle = call(ports.referrals, "fhir_bundle", referral_id, actor)
    return json_response(bundle, 200, {"Content-Type": "application/fhir+json"})


@API.route(
    "GET",
    "/api/v1/reports/referrals",
    "Referrals per week by site, channel and destination; red-flag stops; time to "
    "triage; share to self-management; format=csv for a spreadsheet",
    action=policy.READ_REPORTS,
    query=shapes.ReferralReportQuery,
    media_types=("application/json", "text/csv"),
    tag="reports",
)
def referral_report(ports, request, actor):
    query = request.query
    dates = [d.isoformat() if d else None for d in (query["from_"], query["to"])]
    as_csv = query["format"] == "csv"
    figures = call(ports.referrals, "referral_report", *dates, actor, as_csv=as_csv)
    if not as_csv:
        return figures
    return Response(
        figures,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="referrals.csv"'},
    )


@API.route(
    "PUT",
    "/api/v1/referral-rules",
    "Change who the service takes: a new version of the eligibility rules",
    action=policy.SET_ELIGIBILITY,
    body=shapes.EligibilityRulesIn,
    tag="referrals",
)
def set_eligibility_rules(ports, request, actor):
    return call(ports.referrals, "set_eligibility_rules", read_json(request), actor)
