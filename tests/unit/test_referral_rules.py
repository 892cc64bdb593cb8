"""The referrals service's pure rules: the screen, NHS numbers, eligibility, sealing, triage."""

import base64
from datetime import UTC, date, datetime, timedelta

import pytest

from contracts.api.referrals import EligibilityRulesIn
from contracts.errors import Invalid
from contracts.privacy import check_fields
from mskpeer.platform.validation import load
from services.referrals import eligibility
from services.referrals.domain import (
    age_band,
    nhs_number,
    person_key,
    purge_due,
    triage_problems,
    working_days_between,
)
from services.referrals.screening import CODES, EMERGENCY, URGENT, screen
from services.referrals.sealing import Keyring, KeysMissing, SealBroken

K1 = "k1:" + base64.b64encode(b"1" * 32).decode()
K2 = "k2:" + base64.b64encode(b"2" * 32).decode()
NOW = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
ANSWERS = {
    "age_16_or_over": True,
    "gp_practice": "Z99001",
    "under_treatment_for_this": False,
    "referred_for_this_in_last_6_months": False,
}


def test_all_no_passes_the_screen():
    assert screen(dict.fromkeys(CODES, False)) is None


def test_an_unanswered_question_is_never_read_as_yes_or_as_a_stop():
    assert screen({}) is None  # the API requires every answer; see the e2e test


def test_cauda_equina_outranks_an_urgent_flag_and_both_are_named():
    stop = screen({"injury_possible_fracture": True, "saddle_numbness": True})
    assert stop.care == EMERGENCY
    assert stop.kinds == ("cauda_equina", "possible_fracture")
    assert "999" in stop.advice and "routine GP" in stop.advice


@pytest.mark.parametrize(
    ("flag", "care"),
    [
        ("bladder_or_bowel_change", EMERGENCY),
        ("saddle_numbness", EMERGENCY),
        ("symptoms_in_both_legs", EMERGENCY),
        ("sexual_function_change", EMERGENCY),
        ("both_arms_or_legs_weak_or_numb", EMERGENCY),
        ("injury_possible_fracture", URGENT),
        ("hot_swollen_joint_or_fever", URGENT),
        ("cancer_history_with_night_pain_or_weight_loss", URGENT),
    ],
)
def test_each_flag_gets_its_care_level(flag, care):
    assert screen({flag: True}).care == care


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("943 476 5919", True),
        ("999-000-0018", True),
        ("9434765918", False),
        ("12345", False),
        ("", False),
    ],
)
def test_nhs_numbers_are_checked_with_modulus_11(text, valid):
    assert (nhs_number(text) is not None) is valid


def test_a_check_digit_of_ten_is_never_valid():
    # A stem whose check would be 10 has no valid NHS number, whatever the last digit.
    stems = [
        s
        for s in (f"99900{n:04d}" for n in range(200))
        if 11 - sum(int(d) * w for d, w in zip(s, range(10, 1, -1), strict=True)) % 11 == 10
    ]
    assert stems and all(nhs_number(stems[0] + str(d)) is None for d in range(10))


def test_age_bands_never_give_an_age():
    assert age_band(date(1970, 5, 4), date(2027, 5, 3)) == "50-59"
    assert age_band(date(2009, 1, 1), date(2027, 1, 1)) == "18-29"
    assert age_band(date(2010, 6, 1), date(2027, 1, 1)) == "16-17"
    assert age_band(date(1940, 1, 1), date(2027, 1, 1)) == "80+"


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"age_16_or_over": False}, "minimum_age"),
        ({"gp_practice": "A12345"}, "gp_practice"),
        ({"under_treatment_for_this": True}, "under_treatment"),
        ({"referred_for_this_in_last_6_months": True}, "referred_recently"),
        ({"condition": "pregnancy_pelvic_pain"}, "condition_not_taken"),
    ],
)
def test_each_eligibility_rule_says_why_and_where_to_go(change, rule):
    refused = eligibility.check(eligibility.DEFAULT_RULES, {**ANSWERS, **change}, None, NOW.date())
    assert refused.rule == rule and refused.go_instead


def test_the_date_of_birth_is_checked_against_the_minimum_age_too():
    rules = {**eligibility.DEFAULT_RULES, "minimum_age": 18}
    assert eligibility.check(rules, ANSWERS, date(2010, 1, 1), NOW.date()).rule == "minimum_age"
    assert (
        eligibility.check(eligibility.DEFAULT_RULES, ANSWERS, date(1990, 1, 1), NOW.date()) is None
    )


def test_an_admins_rules_without_practices_are_refused():
    broken = {**eligibility.DEFAULT_RULES, "gp_practices": [{"code": "Z1"}]}
    with pytest.raises(Invalid) as refused:
        load(EligibilityRulesIn(), broken)
    assert set(refused.value.fields) == {"gp_practices"}
    assert load(EligibilityRulesIn(), eligibility.DEFAULT_RULES) == eligibility.DEFAULT_RULES


def test_sealed_fields_open_only_on_their_own_row_and_field():
    keys = Keyring.from_setting(K1, embedded=False)
    sealed = keys.seal("Zebedee Quillfeather", "row-1", "name")
    assert "Zebedee" not in sealed and sealed.startswith("k1:")
    assert keys.open(sealed, "row-1", "name") == "Zebedee Quillfeather"
    with pytest.raises(SealBroken):
        keys.open(sealed, "row-2", "name")
    with pytest.raises(SealBroken):
        keys.open(sealed, "row-1", "email")


def test_an_old_key_still_opens_and_matching_finds_rows_of_either_key():
    old = Keyring.from_setting(K1, embedded=False)
    new = Keyring.from_setting(f"{K2},{K1}", embedded=False)
    sealed = old.seal("9990000018", "r", "nhs_number")
    assert new.open(sealed, "r", "nhs_number") == "9990000018"
    assert not new.is_current(sealed)
    assert old.match("9990000018") in new.matches("9990000018")
    assert new.match("9990000018") != old.match("9990000018")


def test_no_keys_refuses_to_start_except_the_embedded_demo():
    with pytest.raises(KeysMissing):
        Keyring.from_setting(None, embedded=False)
    with pytest.raises(KeysMissing):
        Keyring.from_setting("k1:c2hvcnQ=", embedded=True)  # 5 bytes
    assert Keyring.from_setting(None, embedded=True).current_id == "demo1"


def test_the_same_person_matches_however_they_type_it():
    assert person_key("Zebedee  Quillfeather", "1970-05-04", "ls1 4ap") == person_key(
        "zebedee quillfeather", "1970-05-04", "LS14AP"
    )


def test_triage_needs_a_site_for_physio_and_a_page_for_self_management():
    sites = {"north"}
    assert set(triage_problems({"priority": "routine", "destination": "physiotherapy"}, sites)) == {
        "site"
    }
    assert (
        triage_problems(
            {
                "priority": "routine",
                "destination": "self_management",
                "self_help_page": "neck-pain",
            },
            sites,
        )
        == {}
    )
    assert set(triage_problems({"priority": "soon", "destination": "urgent_care"}, sites)) == {
        "priority"
    }


def test_identity_is_purged_after_retention_from_the_last_change():
    year = timedelta(days=365)
    received = NOW - timedelta(days=400)
    assert purge_due(received, None, year, NOW)
    assert not purge_due(received, NOW - timedelta(days=10), year, NOW)


def test_time_to_triage_counts_working_days_only():
    friday = datetime(2027, 3, 5, 12, 0, tzinfo=UTC)
    assert working_days_between(friday, friday + timedelta(days=3)) == 1.0  # to Monday noon


def test_the_draft_case_carries_coarse_facts_and_passes_the_identifier_guard():
    from services.referrals.domain import case_draft

    referral = {
        "channel": "phone",
        "priority": "soon",
        "destination": "msk_interface",
        "start_msk_group": "high",
        "msk_hq_score": 22,
        "problem": {
            "body_area": "shoulder",
            "age_band": "60-69",
            "sex": "female",
            "duration_weeks": 14,
            "pain_score": 7,
            "night_pain": True,
            "affects_work": False,
            "affects_sleep": True,
        },
    }
    draft = case_draft(referral)
    assert (draft["age_band"], draft["msk_hq_baseline"], draft["body_region"]) == (
        "60-69",
        22,
        "shoulder",
    )
    assert "shoulder pain for 14 weeks, pain 7/10" in draft["summary"]
    assert check_fields({"title": draft["title"], "summary": draft["summary"]}) == {}


def test_every_body_area_links_to_a_self_help_page_that_exists():
    from pathlib import Path

    from services.referrals.domain import SELF_HELP_GENERAL, SELF_HELP_PAGES, self_help_path

    content = Path(__file__).resolve().parents[2] / "content"
    for slug in SELF_HELP_PAGES.values():
        folder = "pages" if slug in SELF_HELP_GENERAL else "conditions"
        assert (content / folder / f"{slug}.md").exists(), slug
    assert self_help_path("neck-pain") == "/self-help/conditions/neck-pain/"
    assert self_help_path("pain-medicines") == "/self-help/pain-medicines"


@pytest.mark.parametrize(
    ("destination", "words"),
    [
        ("urgent_care", "Go to A&E or an urgent treatment centre today"),
        ("gp", "Contact your GP practice"),
        ("physiotherapy", "They will contact you to arrange an appointment"),
    ],
)
def test_the_outcome_email_says_what_to_do_and_never_to_wait_when_nobody_will_call(
    destination, words
):
    from types import SimpleNamespace

    from services.referrals import mail

    row = SimpleNamespace(
        id="r-1", reference="MSK-AAAA-BBBB", body_area="knee", self_help_page=None,
        destination=destination, site=None,
    )  # fmt: skip
    config = {"BASE_URL": "https://msk.example.nhs.uk", "MAIL_FROM": "msk@example.nhs.uk"}
    body = mail.compose(row, {"name": "A", "email": "a@example.org"}, mail.OUTCOME, config)
    text = body.get_content()
    assert words in text
    assert ("Do not wait for us" in text) is (destination != "physiotherapy")


def test_the_outcome_email_names_the_site_as_people_know_it_not_by_its_code():
    from types import SimpleNamespace

    from services.referrals import mail

    row = SimpleNamespace(
        id="r-1", reference="MSK-AAAA-BBBB", body_area="knee", self_help_page=None,
        destination="physiotherapy", site="north",
    )  # fmt: skip
    config = {"BASE_URL": "https://msk.example.nhs.uk", "MAIL_FROM": "msk@example.nhs.uk"}
    names = {"north": "North Community Hospital"}
    body = mail.compose(row, {"name": "A", "email": "a@example.org"}, mail.OUTCOME, config, names)
    text = body.get_content()
    assert "physiotherapy at North Community Hospital" in text
    assert "(north)" not in text
