"""The PID guard: no name, NHS number, date of birth, address or phone number enters a case."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from contracts.privacy import Hit, check_fields, find_identifiers

CORPUS = Path(__file__).resolve().parents[1] / "data" / "pid_corpus.jsonl"


def flagged(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.text) for hit in find_identifiers(text)]


def assert_flags(text: str, kind: str, words: str) -> None:
    assert flagged(text) == [(kind, words)], flagged(text)


# NHS number


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "999 000 0018"])
def test_a_valid_nhs_number_is_flagged_in_any_grouping(number):
    assert_flags(f"NHS no {number} on the referral.", "nhs_number", number)


def test_a_ten_digit_number_with_a_wrong_check_digit_is_not_an_nhs_number():
    assert flagged("Reference 9434765918 on the referral.") == []


def test_a_number_whose_check_digit_would_be_ten_is_never_an_nhs_number():
    # 000000006: weighted sum 6 x 2 = 12, 12 mod 11 = 1, check 11 - 1 = 10: no valid number.
    assert [flagged(f"ref 000000006{digit}") for digit in range(10)] == [[]] * 10


def test_an_nhs_number_inside_a_longer_number_is_not_flagged():
    assert flagged("Order 194347659190 dispatched.") == []


# Date of birth


@pytest.mark.parametrize(
    "date",
    [
        "12/03/1956",
        "12-03-1956",
        "12.03.56",
        "12 March 1956",
        "12th March 1956",
        "March 12, 1956",
        "1956-03-12",
        "3rd of May 1961",
        "12 Sept 1949",
    ],
)
def test_a_full_date_is_flagged_as_a_possible_date_of_birth(date):
    assert_flags(f"Seen with her son, {date}, pain worse.", "date_of_birth", date)


@pytest.mark.parametrize("label", ["DOB", "DOB:", "D.O.B.", "date of birth", "born", "born on"])
def test_a_date_after_dob_or_born_is_flagged_even_without_a_year(label):
    assert_flags(f"{label} 12 March, lives alone.", "date_of_birth", "12 March")


def test_a_full_appointment_date_this_year_is_flagged_because_full_dates_are_not_needed():
    assert_flags("Injection on 12/03/2026 helped.", "date_of_birth", "12/03/2026")


@pytest.mark.parametrize(
    "text",
    [
        "Seen on 12 March, review 3/4.",
        "Physio since 2 Feb; booked for 21/11.",
        "Pain since March 2024, knee replacement in 2019.",
        "Reviewed by the ESP on 3/4 at 10.30.",
        "Not a real date: 31/02/1956.",
    ],
)
def test_dates_without_a_year_or_impossible_dates_pass(text):
    assert flagged(text) == []


# Postcode


@pytest.mark.parametrize(
    "code", ["BH1 1AA", "SO16 6YD", "DT1 2JY", "W1A 0AX", "EC1A 1BB", "SO166YD", "bh1 1aa"]
)
def test_a_uk_postcode_is_flagged_with_or_without_the_space_and_in_lower_case(code):
    assert_flags(f"Lives near {code} with her daughter.", "postcode", code)


@pytest.mark.parametrize(
    "text",
    [
        "MRI: disc bulge L4 L5, C5 C6 foraminal narrowing.",
        "L4/5 and C5-6 degenerative change, S1 nerve root irritation.",
        "Pain at L4 5th time this year; L5 1st episode.",
        "B12 normal, T12 wedge fracture excluded, naproxen 500mg.",
    ],
)
def test_spinal_levels_nerve_roots_and_doses_are_not_postcodes(text):
    assert flagged(text) == []


# Phone, email, hospital number


@pytest.mark.parametrize(
    "number",
    ["07700 900123", "+44 7700 900123", "01202 123456", "(01202) 123456", "0300 123 4567"],
)
def test_a_uk_phone_number_is_flagged(number):
    assert_flags(f"Call her on {number} after 5pm.", "phone", number)


def test_an_email_address_is_flagged():
    address = "jo.bloggs+msk@example.org"
    assert_flags(f"Send the leaflet to {address}.", "email", address)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("MRN: A1234567", "A1234567"),
        ("hospital no 12345678", "12345678"),
        ("Hospital number is RBD123456", "RBD123456"),
        ("hosp no. 7654321", "7654321"),
        ("RiO 1234567", "1234567"),
        ("patient ID 55512345", "55512345"),
        ("case number CN204117", "CN204117"),
    ],
)
def test_a_number_after_a_hospital_number_label_is_flagged(text, number):
    assert_flags(f"Seen in fracture clinic, {text}.", "hospital_number", number)


# Names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Discussed with Mr Smith today.", "Mr Smith"),
        ("Mrs J. Patel reports less pain.", "Mrs J. Patel"),
        ("Ms O'Neill walks 2 miles.", "Ms O'Neill"),
        ("Miss Jones attended alone.", "Miss Jones"),
        ("Letter to Dr Jones, consultant.", "Dr Jones"),
        ("Seen by Prof. Khan last year.", "Prof. Khan"),
        ("Patient John Smith reports night pain.", "John Smith"),
        ("Her daughter called Sarah about it.", "Sarah"),
        ("Patient named Mr Brown in the letter.", "Mr Brown"),
        ("The patient, Aisha, is keen to run.", "Aisha"),
        ("Pt Ahmed attended with his wife.", "Ahmed"),
        ("His name is Tom Hughes.", "Tom Hughes"),
        ("Mr John Smith-Jones declined surgery.", "Mr John Smith-Jones"),
        ("Seen with patient J. Smith today.", "J. Smith"),
    ],
)
def test_a_name_after_a_title_or_a_cue_word_is_flagged(text, name):
    assert_flags(text, "name", name)


@pytest.mark.parametrize(
    "text",
    [
        "Patient reports night pain; patient is a 45-year-old postman.",
        "Patient Specific Functional Scale 4/10 for stairs.",
        "Called back after the first session; named in the referral as urgent.",
        "Hawkins-Kennedy test positive, Lachman negative, McKenzie assessment done.",
        "Thessaly, Phalen's test, Finkelstein and Spurling's test all negative.",
        "Kernig's sign absent; Trendelenburg sign on the left.",
        "Discussed with the Dr on call and the GP.",
        "Patient Reported Outcome Measures collected; Patient Initiated Follow Up for 6/12.",
        "Patient Hawkins-Kennedy test positive; patient O'Brien's test negative.",
        "Presents with shoulder pain. Seen by the FCP. Reviewed by ESP.",
        "Patient A and Patient B compared at MDT.",
    ],
)
def test_clinical_words_eponyms_and_roles_are_not_names(text):
    assert flagged(text) == []


# Clinical detail that must pass


@pytest.mark.parametrize(
    "text",
    [
        "45-year-old, aged 62, in her 60s.",
        "Symptoms 6 weeks, 3/12, 2/52, seen 4/7 ago.",
        "MSK-HQ 32/56, PSFS 4/10, NRS 7/10, VAS 6, ODI 42%.",
        "Naproxen 500mg bd, codeine 30mg qds, co-codamol 30/500.",
        "Beighton score 6/9, BP 138/82, HR 72, grip 22kg.",
        "Right shoulder, left knee, lumbar spine, C6/7, L5/S1.",
    ],
)
def test_ages_durations_scores_doses_and_body_regions_pass(text):
    assert flagged(text) == []


# Shape of the answer


def test_every_hit_spans_exactly_its_words_in_the_original_text():
    text = "Mrs J. Patel (NHS 943 476 5919), DOB 12/03/1956, BH1 1AA, tel 07700 900123."
    hits = find_identifiers(text)
    kinds = ["name", "nhs_number", "date_of_birth", "postcode", "phone"]
    assert [hit.kind for hit in hits] == kinds
    assert all(text[hit.start : hit.end] == hit.text for hit in hits)
    assert [hit.start for hit in hits] == sorted(hit.start for hit in hits)


def test_overlapping_candidates_leave_the_longest_hit():
    # "7700 900123" could pass as ten digits; the whole international phone number wins.
    hits = find_identifiers("Mobile +44 7700 900123.")
    assert hits == [Hit("phone", 7, 22, "+44 7700 900123")]


def test_a_hit_cannot_be_changed_after_it_is_found():
    hit = find_identifiers("MRN: A1234567")[0]
    with pytest.raises(FrozenInstanceError):
        hit.kind = "name"  # type: ignore[misc]


def test_check_fields_lists_only_fields_with_identifiers_with_their_spans():
    fields = {
        "title": "Shoulder pain, Mr Smith",
        "summary": "Six weeks of pain, PSFS 4/10.",
        "question": None,
        "notes": "Call 07700 900123 or email a.smith@example.com",
    }
    assert check_fields(fields) == {
        "title": [{"kind": "name", "start": 15, "end": 23, "text": "Mr Smith"}],
        "notes": [
            {"kind": "phone", "start": 5, "end": 17, "text": "07700 900123"},
            {"kind": "email", "start": 27, "end": 46, "text": "a.smith@example.com"},
        ],
    }


def test_check_fields_of_clean_fields_is_empty():
    assert check_fields({"summary": "Knee OA, 45-year-old, 6 weeks.", "question": ""}) == {}


# The labelled corpus


def corpus() -> list[tuple[str, set[tuple[str, str]], set[tuple[str, str]]]]:
    """(text, labelled (kind, words), found (kind, words)) for every corpus line."""
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        labels = {(hit["kind"], hit["text"]) for hit in record["hits"]}
        rows.append((record["text"], labels, set(flagged(record["text"]))))
    return rows


def test_the_corpus_is_big_and_varied_enough_to_judge_the_guard():
    rows = corpus()
    kinds = [kind for _, labels, _ in rows for kind, _ in labels]
    assert len(rows) >= 300
    assert sum(not labels for _, labels, _ in rows) >= 150
    assert sum(bool(labels) for _, labels, _ in rows) >= 150
    assert all(kinds.count(kind) >= 25 for kind in ("nhs_number", "date_of_birth", "postcode"))
    assert all(kinds.count(kind) >= 15 for kind in ("phone", "email", "hospital_number", "name"))
    assert all(words in text for text, labels, _ in rows for _, words in labels)


@pytest.mark.parametrize("kind", ["nhs_number", "postcode", "date_of_birth"])
def test_the_guard_finds_nearly_every_nhs_number_postcode_and_date_of_birth_in_the_corpus(kind):
    labelled = [(label, found) for _, labels, found in corpus() for label in labels]
    of_kind = [(label, found) for label, found in labelled if label[0] == kind]
    missed = [label for label, found in of_kind if label not in found]
    assert 1 - len(missed) / len(of_kind) >= 0.99, missed


def test_the_guard_flags_at_most_two_percent_of_clean_corpus_texts():
    clean = [(text, found) for text, labels, found in corpus() if not labels]
    flagged_clean = [(text, found) for text, found in clean if found]
    assert len(flagged_clean) / len(clean) <= 0.02, flagged_clean
