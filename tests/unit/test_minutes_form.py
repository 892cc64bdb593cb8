"""The minutes form: typed text follows its case, and refusals land on the right field."""

from werkzeug.datastructures import MultiDict

from contracts.errors import Invalid
from gateway.pages.minutes_form import as_minutes, problems, restored, written

AGENDA = [{"case_id": "knee", "title": "Knee pain"}, {"case_id": "hip", "title": "Hip pain"}]
TITLES = {"knee": "Knee pain", "hip": "Hip pain"}


def form(**fields) -> MultiDict:
    return MultiDict({key.replace("__", "-"): value for key, value in fields.items()})


def test_text_stays_with_its_case_when_the_agenda_changed_while_the_form_was_open():
    sent = form(items__0__case_id="hip", items__0__discussion="Hip OA, early.")
    sheet = written(sent, AGENDA)
    assert [item["case_id"] for item in sheet["items"]] == ["knee", "hip"]
    assert sheet["items"][0]["discussion"] == ""
    assert sheet["items"][1]["discussion"] == "Hip OA, early."


def test_empty_action_rows_are_dropped_and_a_draft_sends_none_for_what_is_not_chosen():
    sent = form(
        items__0__case_id="knee",
        items__0__actions__0__owner_id="",
        items__0__actions__0__description="",
        items__0__actions__0__due_date__day="",
        items__0__actions__0__due_date__month="",
        items__0__actions__0__due_date__year="",
        items__0__actions__3__description="Review at six weeks",
        attendance__pat="present",
        attendance__sam="maybe",
    )
    sheet = written(sent, AGENDA[:1])
    draft = as_minutes(sheet, draft=True)
    assert draft["items"][0]["actions"] == [
        {"owner_id": None, "description": "Review at six weeks", "due_date": None}
    ]
    assert draft["attendance"] == [{"clinician_id": "pat", "status": "present"}]
    assert as_minutes(sheet, draft=False)["items"][0]["actions"][0]["owner_id"] == ""


def test_a_saved_draft_comes_back_in_the_agenda_order():
    saved = {
        "items": [{"case_id": "hip", "discussion": "Kept", "actions": [{"due_date": None}]}],
        "attendance": [{"clinician_id": "pat", "status": "apologies"}],
    }
    sheet = restored(saved, AGENDA)
    assert sheet["items"][1]["discussion"] == "Kept"
    no_date = {"day": "", "month": "", "year": ""}
    assert sheet["items"][1]["actions"] == [
        {"owner_id": "", "description": "", "due_date": no_date}
    ]
    assert sheet["attendance"] == {"pat": "apologies"}


def test_a_missing_field_is_asked_for_by_name_and_linked_to_its_field():
    sheet = restored(None, AGENDA)
    no_date = {"day": "", "month": "", "year": ""}
    sheet["items"][1]["actions"] = [{"owner_id": "", "description": "Call", "due_date": no_date}]
    refusal = Invalid(
        "INVALID_INPUT",
        "some fields are missing or wrong",
        {
            "items": {
                "1": {
                    "recommendations": ["Shorter than minimum length 1."],
                    "actions": {"0": {"owner_id": ["Shorter than minimum length 1."]}},
                }
            }
        },
    )
    found = problems(refusal, sheet, TITLES)
    assert found.messages == {
        "items-1-actions-0-owner_id": "Choose who will do action 1 for ‘Hip pain’",
        "items-1-recommendations": "Enter the recommendations for ‘Hip pain’",
    }


def test_patient_identifiers_are_named_and_highlighted_in_what_was_typed():
    sheet = restored(None, AGENDA)
    sheet["items"][0]["discussion"] = "NHS 943 476 5919 seen"
    hits = [{"kind": "nhs_number", "start": 4, "end": 16}]
    refusal = Invalid("PATIENT_IDENTIFIABLE_DATA", "remove it", {"items.0.discussion": hits})
    found = problems(refusal, sheet, TITLES)
    assert found.summary[0]["field"] == "items-0-discussion"
    assert "contains an NHS number" in found.summary[0]["message"]
    assert "<mark" in found.previews["items-0-discussion"]


def test_the_due_date_is_typed_in_three_fields_and_kept_as_typed_when_refused():
    sent = form(
        items__0__case_id="knee",
        items__0__actions__0__description="Order an X-ray",
        items__0__actions__0__due_date__day="15",
        items__0__actions__0__due_date__month="1",
        items__0__actions__0__due_date__year="2027",
        items__0__actions__1__description="Ring the patient",
        items__0__actions__1__due_date__day="31",
        items__0__actions__1__due_date__month="2",
        items__0__actions__1__due_date__year="2027",
    )
    sheet = written(sent, AGENDA[:1])
    actions = as_minutes(sheet, draft=True)["items"][0]["actions"]
    assert [a["due_date"] for a in actions] == ["2027-01-15", "2027-02-31"]
    refusal = Invalid(
        "INVALID_INPUT",
        "some fields are wrong",
        {"items": {"0": {"actions": {"1": {"due_date": ["Not a valid date."]}}}}},
    )
    found = problems(refusal, sheet, TITLES)
    wrong = "The due date of action 2 for ‘Knee pain’ must be a real date"
    assert found.messages == {"items-0-actions-1-due_date-day": wrong}
    assert sheet["items"][0]["actions"][1]["due_date"] == {
        "day": "31",
        "month": "2",
        "year": "2027",
    }
    back = restored(
        {"items": [{"case_id": "knee", "actions": [actions[0]]}], "attendance": []}, AGENDA
    )
    assert back["items"][0]["actions"][0]["due_date"] == {"day": "15", "month": "1", "year": "2027"}
