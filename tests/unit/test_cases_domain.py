"""A case's life: submitted, scheduled, discussed, awaiting its outcome, closed."""

from datetime import UTC, datetime

import pytest

from contracts import events
from contracts.errors import Conflict
from contracts.events import spec_for
from services.cases import domain
from services.cases.domain import Case, Person

SUBMITTED_AT = datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
DISCUSSED_AT = datetime(2025, 3, 13, 12, 45, tzinfo=UTC)
PRESENTER = Person(id="clin-band6-ankle", name="Priya Shah", email="priya.shah@nhs.example.uk")
CHAIR = {"id": "clin-band8-esp", "name": "Tom Reid", "email": "tom.reid@nhs.example.uk"}
DETAILS = {
    "kind": "patient_case",
    "title": "Persistent lateral ankle pain after inversion injury",
    "summary": "Six months of pain despite progressive loading; no red flags.",
    "question": "Imaging or further rehab before referring to the MSK service?",
    "body_region": "ankle_foot",
    "urgency": "routine",
    "intended_plan": "refer_msk",
}


def submitted() -> Case:
    return Case.submit(DETAILS, presenter=PRESENTER, now=SUBMITTED_AT)


def discussed() -> Case:
    case = submitted()
    case.schedule("conf-2025-03-13")
    case.discuss("conf-2025-03-13", chair=CHAIR, now=DISCUSSED_AT)
    return case


def test_a_submitted_case_keeps_what_the_presenter_wrote_and_when():
    case = submitted()

    assert case.status == domain.SUBMITTED
    assert case.title == DETAILS["title"]
    assert case.question == DETAILS["question"]
    assert case.intended_plan == "refer_msk"
    assert case.presenter == PRESENTER
    assert case.submitted_at == SUBMITTED_AT
    assert case.conference_id is None and case.discussed_at is None


def test_each_submitted_case_gets_its_own_id():
    assert submitted().id != submitted().id


def test_a_case_without_a_body_region_can_be_submitted():
    details = {k: v for k, v in DETAILS.items() if k != "body_region"}
    details["kind"] = "professional_topic"

    case = Case.submit(details, presenter=PRESENTER, now=SUBMITTED_AT)

    assert case.body_region is None
    assert case.events[0][1]["body_region"] is None


def test_submitting_a_case_announces_it_with_its_details_but_not_its_summary():
    case = submitted()

    assert case.events == [
        (
            events.CASE_SUBMITTED,
            {
                "case_id": case.id,
                "kind": "patient_case",
                "title": DETAILS["title"],
                "question": DETAILS["question"],
                "body_region": "ankle_foot",
                "urgency": "routine",
                "intended_plan": "refer_msk",
                "presenter": {
                    "id": "clin-band6-ankle",
                    "name": "Priya Shah",
                    "email": "priya.shah@nhs.example.uk",
                },
                "submitted_at": "2025-03-03T09:15:00+00:00",
                "age_band": None,
                "sex": None,
                "duration_weeks": None,
                "start_msk_risk": None,
                "msk_hq_baseline": None,
                "tags": [],
                "preferred_conference_id": None,
                "red_flag_escalation": None,
            },
        )
    ]


def test_a_scheduled_case_belongs_to_its_conference():
    case = submitted()

    case.schedule("conf-2025-03-13")

    assert case.status == domain.SCHEDULED
    assert case.conference_id == "conf-2025-03-13"


def test_a_scheduled_case_can_move_to_another_conference():
    case = submitted()
    case.schedule("conf-2025-03-13")

    case.schedule("conf-2025-03-27")

    assert case.status == domain.SCHEDULED
    assert case.conference_id == "conf-2025-03-27"


def test_discussing_a_case_records_when_and_announces_it_to_the_follow_up():
    case = discussed()

    assert case.status == domain.DISCUSSED
    assert case.discussed_at == DISCUSSED_AT
    assert case.events[-1] == (
        events.CASE_DISCUSSED,
        {
            "case_id": case.id,
            "conference_id": "conf-2025-03-13",
            "chair": CHAIR,
            "title": DETAILS["title"],
            "intended_plan": "refer_msk",
            "presenter": PRESENTER.as_dict(),
            "discussed_at": "2025-03-13T12:45:00+00:00",
            "body_region": "ankle_foot",
            "submitted_at": "2025-03-03T09:15:00+00:00",
            "msk_hq_baseline": None,
            "presenter_service": None,
            "presenter_site": None,
        },
    )
    assert [name for name, _ in case.events] == [events.CASE_SUBMITTED, events.CASE_DISCUSSED]


def test_the_discussion_tells_the_outcome_evidence_where_the_presenter_works_and_the_baseline():
    case = Case.submit({**DETAILS, "msk_hq_baseline": 29}, presenter=PRESENTER, now=SUBMITTED_AT)
    card = {"clinician_id": PRESENTER.id, "service": "msk_esp", "site": "Poole Hospital", "band": 6}

    case.discuss("conf-2025-03-13", chair=CHAIR, now=DISCUSSED_AT, presenter_card=card)

    _name, data = case.events[-1]
    assert (data["msk_hq_baseline"], data["presenter_service"], data["presenter_site"]) == (
        29,
        "msk_esp",
        "Poole Hospital",
    )
    assert spec_for(events.CASE_DISCUSSED).validate(data) == {}


def test_a_chair_can_take_an_unscheduled_case_at_the_meeting():
    case = submitted()

    case.discuss("conf-2025-03-13", chair=CHAIR, now=DISCUSSED_AT)

    assert case.status == domain.DISCUSSED
    assert case.conference_id == "conf-2025-03-13"


def test_a_discussed_case_awaits_its_outcome_then_closes():
    case = discussed()

    case.await_outcome()
    assert case.status == domain.OUTCOME_PENDING

    case.close()
    assert case.status == domain.CLOSED


def test_a_discussed_case_can_close_without_waiting_for_an_outcome():
    case = discussed()

    case.close()

    assert case.status == domain.CLOSED


def test_a_closed_case_cannot_be_discussed_again():
    case = discussed()
    case.close()

    with pytest.raises(Conflict) as raised:
        case.discuss("conf-2025-04-10", chair=CHAIR, now=DISCUSSED_AT)

    assert raised.value.code == "INVALID_CASE_TRANSITION"
    assert case.status == domain.CLOSED
    assert case.conference_id == "conf-2025-03-13"
    assert [name for name, _ in case.events] == [events.CASE_SUBMITTED, events.CASE_DISCUSSED]


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(lambda case: case.await_outcome(), id="await_outcome"),
        pytest.param(lambda case: case.close(), id="close"),
    ],
)
def test_a_case_not_yet_discussed_can_neither_await_an_outcome_nor_close(attempt):
    undiscussed, scheduled = submitted(), submitted()
    scheduled.schedule("conf-2025-03-13")

    for case, status in ((undiscussed, domain.SUBMITTED), (scheduled, domain.SCHEDULED)):
        with pytest.raises(Conflict):
            attempt(case)
        assert case.status == status


def test_a_discussed_case_cannot_go_back_on_an_agenda():
    case = discussed()

    with pytest.raises(Conflict):
        case.schedule("conf-2025-03-27")

    assert case.conference_id == "conf-2025-03-13"


def test_a_case_awaiting_its_outcome_cannot_be_discussed_again():
    case = discussed()
    case.await_outcome()

    with pytest.raises(Conflict):
        case.discuss("conf-2025-04-10", chair=CHAIR, now=DISCUSSED_AT)
    with pytest.raises(Conflict):
        case.await_outcome()


def test_a_closed_case_cannot_be_scheduled_reopened_or_closed_twice():
    case = discussed()
    case.close()

    for attempt in (lambda: case.schedule("conf-x"), case.await_outcome, case.close):
        with pytest.raises(Conflict):
            attempt()
    assert case.status == domain.CLOSED
