"""An invented self-referral, and tokens for the demo accounts of the self-referral roles."""

from __future__ import annotations

import base64
import copy
import uuid

from services.referrals import repository

# Invented: 999 000 0018 is in the 999 test range and passes Modulus 11.
PATIENT = {
    "name": "Zebedee Quillfeather",
    "date_of_birth": "1970-05-04",
    "nhs_number": "999 000 0018",
    "address": "7 Lantern Yard, Oldtown",
    "postcode": "LS1 4AP",
    "phone": "0113 496 0000",
    "email": "zebedee.quillfeather@example.org",
    "may_leave_message": True,
    "interpreter_language": None,
    "access_needs": None,
}
NO_RED_FLAGS = {
    "bladder_or_bowel_change": False,
    "saddle_numbness": False,
    "symptoms_in_both_legs": False,
    "sexual_function_change": False,
    "hot_swollen_joint_or_fever": False,
    "injury_possible_fracture": False,
    "cancer_history_with_night_pain_or_weight_loss": False,
    "both_arms_or_legs_weak_or_numb": False,
}


def referral(**sections) -> dict:
    body = {
        "channel": "web",
        "eligibility": {
            "age_16_or_over": True,
            "gp_practice": "Z99001",
            "under_treatment_for_this": False,
            "referred_for_this_in_last_6_months": False,
        },
        "red_flags": dict(NO_RED_FLAGS),
        "problem": {
            "body_area": "lumbar_spine",
            "duration_weeks": 8,
            "pain_score": 6,
            "worse_with": "bending",
            "better_with": "walking",
            "night_pain": False,
            "affects_work": True,
            "affects_sleep": False,
            "tried": "painkillers, staying active",
        },
        "about_you": dict(PATIENT),
    }
    body = copy.deepcopy(body)
    for section, changes in sections.items():
        if isinstance(changes, dict):
            body[section].update(changes)
        else:
            body[section] = changes
    return body


# The demo accounts that hold the self-referral roles (services/staff/seed.py).
DEMO_ACCOUNT = {"triage": "triage@demo.nhs.uk", "call_handler": "callhandler@demo.nhs.uk"}


def staff_token(api, role: str) -> tuple[dict, dict]:
    """Headers with a token for the demo account that has `role`, and who they are."""
    headers = {"Authorization": f"Bearer {api.token(DEMO_ACCOUNT[role])}"}
    response = api.get("/api/v1/me", headers=headers)
    assert response.status_code == 200, response.text
    return headers, response.json()


# Data keys for tests that seal rows themselves (REFERRALS_DATA_KEYS entries).
K1 = "k1:" + base64.b64encode(b"1" * 32).decode()
K2 = "k2:" + base64.b64encode(b"2" * 32).decode()


def stored_referral(connection, keyring, received_at) -> str:
    """A referral put straight into the referrals database, sealed with `keyring`."""
    referral_id = str(uuid.uuid4())
    row = {
        "id": referral_id,
        "reference": f"MSK-{referral_id[:9].upper()}",
        "channel": "web",
        "status": "received",
        "received_at": received_at,
        "rules_version": 0,
        "age_band": "50-59",
        "gp_practice": "Z99001",
        "body_area": "knee",
        "duration_weeks": 3,
        "pain_score": 4,
        "night_pain": False,
        "affects_work": False,
        "affects_sleep": False,
        "may_leave_message": True,
        "nhs_match": keyring.match("9990000018"),
        "person_match": keyring.match("zebedee quillfeather|1970-05-04|LS14AP"),
    }
    identity = {**PATIENT, "nhs_number": "9990000018"}
    repository.add(connection, keyring, row, identity, {"tried": "rest"})
    return referral_id
