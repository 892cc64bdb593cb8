"""Self-referral end to end on embedded defaults: the person, the triage clinician, the lead.

The raw SQLite files of every service are read directly at the end: no
service's database holds the test patient's name, NHS number or date of birth
in plain text (the referrals service seals them).
"""

import logging
import sqlite3
import uuid

import pytest
from fhir.resources.R4B.bundle import Bundle

from mskpeer.platform.settings import SERVICES
from tests.support.referrals import PATIENT, referral, staff_token


@pytest.fixture(scope="module")
def triage(api):
    return staff_token(api, "triage")


def submit(api, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return api.post("/api/v1/referrals", json=body, headers=headers)


def test_the_form_offers_practices_areas_and_the_red_flag_questions(api):
    form = api.get("/api/v1/referrals/form").json()
    assert {"code": "Z99001", "name": "Riverside Surgery"} in form["gp_practices"]
    assert {"code": "lumbar_spine", "name": "Lower back"} in form["body_areas"]
    assert len(form["red_flags"]) == 8


def test_a_double_submit_creates_one_referral_and_one_acknowledgement(embedded_product, triage):
    api, mailbox, _ = embedded_product
    key = str(uuid.uuid4())
    body = referral(about_you={"email": f"twice-{key[:6]}@example.org"})
    first, second = submit(api, body, key), submit(api, body, key)
    assert first.status_code == 201, first.text
    assert second.json()["reference"] == first.json()["reference"]
    mail = mailbox.wait_for(lambda ms: any(first.json()["reference"] in m.subject for m in ms))
    mine = [m for m in mail if body["about_you"]["email"] in m.rcpt_to]
    assert len(mine) == 1 and "/self-help/conditions/low-back-pain-and-sciatica/" in mine[0].text
    queue = api.get("/api/v1/referrals?status=received", headers=triage[0]).json()
    assert [i["reference"] for i in queue["items"]].count(first.json()["reference"]) == 1


@pytest.mark.parametrize(
    ("flag", "care", "words"),
    [
        ("bladder_or_bowel_change", "emergency", "Call 999 or go to A&E now"),
        ("saddle_numbness", "emergency", "cauda equina"),
        ("symptoms_in_both_legs", "emergency", "Call 999 or go to A&E now"),
        ("sexual_function_change", "emergency", "cauda equina"),
        ("both_arms_or_legs_weak_or_numb", "emergency", "spinal cord"),
        ("injury_possible_fracture", "urgent", "urgent treatment centre"),
        ("hot_swollen_joint_or_fever", "urgent", "call 111"),
        ("cancer_history_with_night_pain_or_weight_loss", "urgent", "urgent appointment"),
    ],
)
def test_every_red_flag_stops_with_its_care_card_and_creates_nothing(
    api, triage, flag, care, words
):
    before = api.get("/api/v1/referrals", headers=triage[0]).json()["total"]
    # Even with the rest of the answers missing: safety before completeness.
    stopped = submit(api, {"red_flags": {flag: True}})
    assert stopped.status_code == 422, stopped.text
    body = stopped.json()
    assert (body["error"], body["care"]) == ("SEEK_URGENT_CARE", care)
    assert words in body["advice"]
    assert api.get("/api/v1/referrals", headers=triage[0]).json()["total"] == before


def test_an_ineligible_person_is_told_why_and_where_to_go(api):
    outside = submit(api, referral(eligibility={"gp_practice": "A00000"}))
    assert outside.status_code == 422
    assert outside.json()["error"] == "NOT_ELIGIBLE"
    assert "GP practice" in outside.json()["go_instead"]
    young = submit(api, referral(about_you={"date_of_birth": "2015-01-01"}))
    assert young.json()["rule"] == "minimum_age"


def test_a_wrong_nhs_number_or_postcode_is_named_per_field(api):
    wrong = submit(api, referral(about_you={"nhs_number": "999 000 0019", "postcode": "nowhere"}))
    assert wrong.status_code == 422
    fields = wrong.json()["fields"]["about_you"]
    assert set(fields) == {"postcode"}  # the schema first; then the NHS number
    wrong = submit(api, referral(about_you={"nhs_number": "999 000 0019"}))
    assert "NHS number" in wrong.json()["fields"]["about_you"]["nhs_number"][0]


def test_triage_routes_need_the_triage_role(api):
    clinician = {"Authorization": f"Bearer {api.token('physio@demo.nhs.uk')}"}
    assert api.get("/api/v1/referrals", headers=clinician).status_code == 403
    assert api.get("/api/v1/referrals").status_code == 401
    phone = submit(api, referral(channel="phone"))
    assert phone.status_code == 403  # only a signed-in call handler takes phone referrals


def test_a_triage_clinician_sends_one_to_peer_support_with_fhir_and_the_lead_sees_it(
    embedded_product, triage
):
    api, mailbox, _ = embedded_product
    headers, clinician = triage
    handler, person = staff_token(api, "call_handler")
    created = api.post("/api/v1/referrals", json=referral(channel="phone"), headers=handler)
    assert created.status_code == 201, created.text
    referral_id = created.json()["id"]
    read = api.get(f"/api/v1/referrals/{referral_id}", headers=headers).json()
    assert read["about_you"]["name"] == PATIENT["name"]
    assert (read["channel"], read["taken_by"]) == ("phone", person["id"])

    decision = {
        "priority": "soon",
        "destination": "msk_interface",
        "msk_hq_score": 31,
        "start_msk_group": "medium",
    }
    triaged = api.post(f"/api/v1/referrals/{referral_id}/triage", json=decision, headers=headers)
    assert triaged.status_code == 200, triaged.text
    mailbox.wait_for(
        lambda ms: any(
            "what happens next" in m.subject and created.json()["reference"] in m.subject
            for m in ms
        )
    )

    bundle = api.get(f"/api/v1/referrals/{referral_id}/fhir", headers=headers)
    assert bundle.status_code == 200
    parsed = Bundle.model_validate(bundle.json())
    patient = parsed.entry[0].resource
    assert patient.identifier[0].value == "9990000018"

    case = api.post(f"/api/v1/referrals/{referral_id}/case", headers=headers)
    assert case.status_code == 201, case.text
    draft = case.json()["case"]
    assert (draft["status"], draft["age_band"], draft["msk_hq_baseline"]) == ("draft", "50-59", 31)
    assert PATIENT["name"] not in str(draft)
    assert "lower back pain for 8 weeks, pain 6/10" in draft["summary"]

    trail = api.get(f"/api/v1/referrals/{referral_id}", headers=headers)
    assert trail.status_code == 200
    coordinator = {"Authorization": f"Bearer {api.token('coordinator@demo.nhs.uk')}"}
    report = api.get("/api/v1/reports/referrals", headers=coordinator).json()
    assert report["red_flag_stops"]["cauda_equina"] >= 1
    assert report["time_to_triage"]["triaged"] >= 1
    csv = api.get("/api/v1/reports/referrals?format=csv", headers=coordinator)
    assert csv.text.startswith("week,site,channel,destination,referrals")
    assert api.get("/api/v1/reports/referrals", headers=headers).status_code == 403


def test_no_database_holds_the_patient_in_plain_text(embedded_product):
    api, mailbox, directory = embedded_product
    reference = submit(api, referral()).json()["reference"]
    mailbox.wait_for(lambda ms: any(reference in m.subject for m in ms), timeout=20)
    secrets = [
        PATIENT["name"],
        "Quillfeather",
        "9990000018",
        "999 000 0018",
        "1970-05-04",
        PATIENT["phone"],
        PATIENT["email"],
    ]
    for service in SERVICES:
        connection = sqlite3.connect(directory / f"{service}.db")
        connection.execute("PRAGMA wal_checkpoint(FULL)")
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                text = " ".join(map(str, row))
                for secret in secrets:
                    assert secret not in text, f"{secret!r} in {service}.{table}"
        connection.close()
        raw = (directory / f"{service}.db").read_bytes()
        assert b"Quillfeather" not in raw and b"9990000018" not in raw, service


def test_a_second_referral_of_the_same_person_is_matched_without_plain_text(api, triage):
    someone = {"name": "Ottoline Brackenbury", "nhs_number": "943 476 5919"}
    first = submit(api, referral(about_you=someone, problem={"body_area": "knee"}))
    # Typed differently, with no NHS number: the name, date of birth and postcode match.
    again = {"name": "ottoline  BRACKENBURY", "nhs_number": None, "postcode": "ls14ap"}
    second = submit(api, referral(about_you=again, problem={"body_area": "knee"}))
    assert first.status_code == second.status_code == 201, second.text
    read = api.get(f"/api/v1/referrals/{second.json()['id']}", headers=triage[0]).json()
    assert read["repeat_of"] == first.json()["id"]


def test_the_person_sees_where_their_referral_is_and_every_read_is_audited(api, triage):
    created = submit(api, referral()).json()
    asked = {"reference": created["reference"], "date_of_birth": PATIENT["date_of_birth"]}
    status = api.post("/api/v1/referral-status", json=asked)
    assert status.json()["status"] == "received"
    wrong = api.post("/api/v1/referral-status", json={**asked, "date_of_birth": "1970-05-05"})
    assert wrong.status_code == 404
    decision = {"priority": "routine", "destination": "physiotherapy", "site": "south"}
    path = f"/api/v1/referrals/{created['id']}"
    assert api.post(path + "/triage", json=decision, headers=triage[0]).status_code == 200
    status = api.post("/api/v1/referral-status", json=asked).json()
    assert (status["status"], status["site"], status["typical_wait_weeks"]) == (
        "triaged",
        "South Clinic",
        4,
    )
    api.get(path, headers=triage[0])
    trail = api.get(path + "/audit", headers=triage[0]).json()["items"]
    actions = [(e["actor_id"], e["action"]) for e in trail]
    assert ("patient", "create") in actions and ("patient", "status") in actions
    assert (triage[1]["id"], "read") in actions and (triage[1]["id"], "triage") in actions


def test_an_admin_changes_who_the_service_takes_as_a_new_version(api):
    admin = {"Authorization": f"Bearer {api.token('admin@demo.nhs.uk')}"}
    form = api.get("/api/v1/referrals/form").json()
    rules = {key: form[key] for key in ("gp_practices", "sites", "conditions_not_taken")}
    changed = {**rules, "minimum_age": 18, "repeat_within_months": 6}
    saved = api.put("/api/v1/referral-rules", json=changed, headers=admin)
    assert saved.status_code == 200, saved.text
    assert saved.json()["rules_version"] == form["rules_version"] + 1
    seventeen = submit(api, referral(about_you={"date_of_birth": "2009-06-01"}))
    assert seventeen.json()["rule"] == "minimum_age"
    assert "18 or over" in seventeen.json()["reason"]
    clinician = {"Authorization": f"Bearer {api.token('physio@demo.nhs.uk')}"}
    assert api.put("/api/v1/referral-rules", json=changed, headers=clinician).status_code == 403
    broken = api.put("/api/v1/referral-rules", json={**changed, "sites": [{}]}, headers=admin)
    assert broken.status_code == 422 and "sites" in broken.json()["fields"]
    restored = {**rules, "minimum_age": 16, "repeat_within_months": 6}
    assert api.put("/api/v1/referral-rules", json=restored, headers=admin).status_code == 200


def test_a_red_flag_question_left_unanswered_or_answered_in_words_is_refused_by_name(api, triage):
    before = api.get("/api/v1/referrals", headers=triage[0]).json()["total"]
    unanswered = referral()
    del unanswered["red_flags"]["saddle_numbness"]
    worded = referral(red_flags={"symptoms_in_both_legs": "no"})
    for body, question in ((unanswered, "saddle_numbness"), (worded, "symptoms_in_both_legs")):
        refused = submit(api, body)
        assert refused.status_code == 422, refused.text
        assert question in refused.json()["fields"]["red_flags"]
    assert api.get("/api/v1/referrals", headers=triage[0]).json()["total"] == before


def test_no_patient_detail_reaches_the_logs_or_an_error_answer(api, caplog):
    caplog.set_level(logging.DEBUG)
    answers = [
        submit(api, referral()),
        submit(api, referral(about_you={"nhs_number": "999 000 0019"})),
        submit(api, referral(about_you={"postcode": "nowhere", "email": "not an address"})),
        submit(api, referral(red_flags={"saddle_numbness": True})),
        api.post(
            "/api/v1/referral-status",
            json={"reference": "MSK-0000-0000", "date_of_birth": PATIENT["date_of_birth"]},
        ),
    ]
    assert [a.status_code for a in answers] == [201, 422, 422, 422, 404]
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    secrets = [PATIENT["name"], "Quillfeather", "9990000018", "999 000 001", PATIENT["phone"]]
    # (Not the postcode: the test patient's is the example the postcode hint gives.)
    secrets += [PATIENT["email"], PATIENT["address"], PATIENT["date_of_birth"]]
    for secret in secrets:
        assert secret not in logged
        assert all(secret not in a.text for a in answers[1:]), secret
