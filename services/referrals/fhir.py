"""A triaged referral as a FHIR R4 Bundle (UK Core profiles): Patient and ServiceRequest.

For import into the service's patient record system. Built as plain JSON here;
the tests validate it with `fhir.resources`.
"""

from __future__ import annotations

from services.referrals.domain import BODY_AREA_NAMES

UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/"
NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
PRIORITY = {"urgent": "urgent", "soon": "asap", "routine": "routine"}
SEX = {"female": "female", "male": "male", "other": "other", "not_stated": "unknown"}


def bundle(referral: dict, identity: dict, now) -> dict:
    patient_ref = f"urn:uuid:{referral['id']}-p"
    request_ref = f"urn:uuid:{referral['id']}"
    given, _, family = identity["name"].rpartition(" ")
    patient = {
        "resourceType": "Patient",
        "meta": {"profile": [UK_CORE + "UKCore-Patient"]},
        "name": [
            {
                "use": "official",
                "family": family or given,
                **({"given": given.split()} if given else {}),
            }
        ],
        "birthDate": identity["date_of_birth"],
        "address": [
            {"use": "home", "text": identity["address"], "postalCode": identity["postcode"]}
        ],
        "telecom": [{"system": "phone", "value": identity["phone"]}]
        + ([{"system": "email", "value": identity["email"]}] if identity.get("email") else []),
        "generalPractitioner": [
            {"identifier": {"system": ODS, "value": referral["problem"]["gp_practice"]}}
        ],
    }
    if identity.get("nhs_number"):
        patient["identifier"] = [{"system": NHS_NUMBER, "value": identity["nhs_number"]}]
    if referral["problem"].get("sex"):
        patient["gender"] = SEX[referral["problem"]["sex"]]
    problem = referral["problem"]
    request = {
        "resourceType": "ServiceRequest",
        "meta": {"profile": [UK_CORE + "UKCore-ServiceRequest"]},
        "identifier": [
            {"system": "https://mskpeer.example.nhs.uk/referral", "value": referral["reference"]}
        ],
        "status": "active",
        "intent": "order",
        "priority": PRIORITY[referral["priority"]],
        "category": [{"text": "Musculoskeletal self-referral"}],
        "code": {"text": referral["destination"].replace("_", " ")},
        "subject": {"reference": patient_ref},
        "authoredOn": referral["received_at"],
        "bodySite": [{"text": BODY_AREA_NAMES[problem["body_area"]]}],
        "note": [
            {
                "text": f"Pain {problem['pain_score']}/10 for {problem['duration_weeks']} "
                f"weeks; channel {referral['channel']}."
            }
        ],
    }
    if referral.get("site"):
        request["locationCode"] = [{"text": referral["site"]}]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [
            {"fullUrl": patient_ref, "resource": patient},
            {"fullUrl": request_ref, "resource": request},
        ],
    }
