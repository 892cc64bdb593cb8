"""What the domain emits matches, field for field, the contract consumers rely on."""

from datetime import UTC, datetime, timedelta

import pytest

from contracts import events
from contracts.events import UnknownEvent, spec_for
from services.cases.domain import Case, Person
from services.outcomes.domain import FollowUp, Timings

NOW = datetime(2025, 3, 13, 13, 0, tzinfo=UTC)
TIMINGS = Timings(timedelta(days=42), timedelta(days=7), timedelta(days=7))
PRESENTER = Person(id="clin-band6-knee", name="Sam Okoro", email="sam.okoro@nhs.example.uk")
CHAIR = {"id": "clin-band7-fcp", "name": "Ana Costa", "email": "ana.costa@nhs.example.uk"}
DETAILS = {
    "kind": "patient_case",
    "title": "Anterior knee pain in a runner not settling",
    "summary": "Ten weeks of loading; pain on stairs; no red flags.",
    "question": "Is an orthopaedic opinion needed now?",
    "body_region": "knee",
    "urgency": "soon",
    "intended_plan": "refer_orthopaedics",
}


def submitted(**changes) -> Case:
    return Case.submit({**DETAILS, **changes}, presenter=PRESENTER, now=NOW)


def discussed_data() -> dict:
    case = submitted()
    case.discuss("conf-knee", chair=CHAIR, now=NOW)
    return case.events[-1][1]


def test_a_submitted_cases_announcement_matches_its_contract():
    (name, data), *_ = submitted().events

    assert spec_for(name).validate(data) == {}


def test_a_topic_without_a_body_region_still_matches_its_contract():
    (name, data), *_ = submitted(kind="professional_topic", body_region=None).events

    assert spec_for(name).validate(data) == {}


def test_a_discussed_cases_announcement_matches_its_contract():
    assert spec_for(events.CASE_DISCUSSED).validate(discussed_data()) == {}


@pytest.mark.parametrize(
    "event_type",
    [events.FOLLOW_UP_DUE, events.FOLLOW_UP_REMINDED, events.FOLLOW_UP_ESCALATED],
)
def test_every_follow_up_message_matches_its_contract(event_type):
    current = FollowUp.after_discussion("fu-knee", discussed_data(), now=NOW, timings=TIMINGS)
    emitted = {}
    for _ in range(3):
        data = current.event_data()  # the service emits the data of the step that fell due
        current, name = current.advance(TIMINGS)
        emitted[name] = data

    assert spec_for(event_type).validate(emitted[event_type]) == {}


@pytest.mark.parametrize(
    ("event_type", "data"),
    [
        (events.CASE_SUBMITTED, lambda: submitted().events[0][1]),
        (events.CASE_DISCUSSED, discussed_data),
        (
            events.FOLLOW_UP_DUE,
            lambda: FollowUp.after_discussion("fu", discussed_data(), NOW, TIMINGS).event_data(),
        ),
    ],
)
def test_a_producer_that_adds_an_unknown_field_breaks_its_contract(event_type, data):
    errors = spec_for(event_type).validate({**data(), "nhs_number": "9434765919"})

    assert "nhs_number" in errors


def test_a_producer_that_drops_a_required_field_breaks_its_contract():
    data = discussed_data()
    del data["chair"]

    assert "chair" in spec_for(events.CASE_DISCUSSED).validate(data)


def test_an_event_type_nobody_declared_is_refused():
    with pytest.raises(UnknownEvent):
        spec_for("case.teleported")
