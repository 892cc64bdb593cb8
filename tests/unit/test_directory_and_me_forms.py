"""The contact card, days-off and directory pages: what they send the services, and why
a card is said to match."""

from contracts import api
from contracts.errors import Invalid
from gateway.pages.directory import why_they_match
from gateway.pages.my_card import card_changes, on_rows, questions, written
from gateway.pages.my_unavailability import days_off
from gateway.pages.refusals import refusal
from mskpeer.platform.validation import load

CARD_FORM = {
    "role": "esp",
    "area-0": "Frozen shoulder",
    "level-0": "expert",
    "area-1": "",
    "level-1": "",
    "area-2": "Shoulder & elbow",
    "level-2": "interest",
    "area-3": "knee-oa",
    "level-3": "",
    "happy_to_help_with": "Second opinions\r\non stiff shoulders ",
    "availability": "",
    "preferred_contact": "Teams",
}


def test_a_card_form_becomes_the_apis_card_with_empty_rows_left_out():
    changes = card_changes(written(CARD_FORM))

    assert changes["role"] == "esp"
    assert changes["expertise"] == [
        {"area": "frozen_shoulder", "level": "expert"},
        {"area": "shoulder_&_elbow", "level": "interest"},
        {"area": "knee_oa"},  # no level: the service's schema names it
    ]
    assert changes["happy_to_help_with"] == "Second opinions\non stiff shoulders"


def test_the_services_refusal_of_a_card_lands_on_the_rows_that_were_wrong():
    changes = card_changes(written(CARD_FORM))
    try:
        load(api.CardIn(), changes)
    except Invalid as error:
        found = refusal(on_rows(error), questions(4))
    else:
        raise AssertionError("the card should have been refused")

    assert found.messages["area-1"] == (
        "Area 2: use only letters, numbers and spaces, from 2 to 40 of them"
    )
    assert found.messages["level-2"] == "Select how much you know about area 3"
    assert [item["field"] for item in found.summary] == ["area-1", "level-2"]


def test_one_day_off_is_sent_as_dates_and_two_as_a_range():
    one = {"day": "4", "month": "3", "year": "2027"}
    none = {"day": "", "month": "", "year": ""}
    last = {"day": "6", "month": "3", "year": "2027"}

    assert days_off({"from": one, "to": none, "reason": ""}) == {
        "dates": ["2027-03-04"],
        "reason": None,
    }
    assert days_off({"from": one, "to": last, "reason": "Leave"}) == {
        "from": "2027-03-04",
        "to": "2027-03-06",
        "reason": "Leave",
    }
    # Not a date: sent as written, for the service's schema to refuse.
    assert days_off({"from": {**one, "month": "March"}, "to": none, "reason": ""})["dates"] == [
        "2027-March-4"
    ]


def test_a_card_found_for_a_region_says_which_of_its_areas_answer_it():
    card = {
        "name": "Chloe Ellis",
        "happy_to_help_with": "",
        "expertise": [
            {"area": "shoulder", "level": "experienced"},
            {"area": "frozen_shoulder", "level": "expert"},
            {"area": "knee_oa", "level": "expert"},
        ],
    }

    assert why_they_match(card, {"body_region": "shoulder"}) == [
        "Expert in frozen shoulder",
        "Experienced in shoulder",
    ]
    assert why_they_match(card, {"q": "chloe"}) == ["Their name"]
    assert why_they_match(card, {"body_region": "elbow"}) == ["Knows conditions of the elbow"]
    assert why_they_match(card, {"q": "adhesive capsulitis"}) == [
        "What their card says is close to “adhesive capsulitis”"
    ]
