"""Versions of an event: every one is read, converted up and down, and emitted as pinned."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.pool import StaticPool

from contracts import events
from contracts.envelope import Envelope
from contracts.events import REGISTRY, UnknownVersion, spec_for
from contracts.upcasters import (
    DOWNCASTERS,
    UPCASTERS,
    downcast_case_submitted_v2_v1,
    upcast_case_submitted_v1_v2,
)
from contracts.versions import NewerThanKnown, Unreadable, read, version_pins
from mskpeer.platform.consumer import HandlerFailed, readable
from mskpeer.platform.database import EventContractBroken, Transaction
from services.cases import models as cases_models
from services.cases.domain import Case, Person

NOW = datetime(2025, 3, 4, 9, 12, tzinfo=UTC)
PRESENTER = Person(id="clin-band6", name="Pat Physio", email="pat.physio@demo.nhs.uk")
CASE = {
    "kind": "patient_case",
    "title": "Low back pain with new bladder changes",
    "summary": "Six weeks of low back pain.",
    "question": "What should the plan be once the spinal team has seen him?",
    "body_region": "lumbar_spine",
    "urgency": "soon",
    "intended_plan": "unsure",
    "red_flags_escalated": True,
    "escalation_pathway": "same_day_spinal",
}
SPINAL = {"flags": ["cauda_equina"], "pathway": "same_day_spinal"}


def announced(**changes) -> dict:
    """case.submitted as the cases domain produces it today (the current version)."""
    case = Case.submit({**CASE, **changes}, presenter=PRESENTER, now=NOW)
    return dict(case.events)[events.CASE_SUBMITTED]


def escalated() -> dict:
    return announced(red_flags=["cauda_equina"])


def v1(data: dict, **fields) -> dict:
    """The same case as a version-1 producer sent it."""
    old = {k: v for k, v in data.items() if k != "red_flag_escalation"}
    return {**old, **fields}


def envelope(data: dict, version: int) -> Envelope:
    return Envelope.new(events.CASE_SUBMITTED, data, now=NOW, schema_version=version)


def test_the_red_flags_and_their_pathway_travel_as_one_object_in_version_2():
    assert escalated()["red_flag_escalation"] == SPINAL
    assert announced()["red_flag_escalation"] is None
    assert spec_for(events.CASE_SUBMITTED).version == 2
    assert spec_for(events.CASE_SUBMITTED).validate(escalated()) == {}


def test_version_2_refuses_flags_without_a_pathway_field_or_an_empty_list_of_flags():
    spec = spec_for(events.CASE_SUBMITTED)
    assert "red_flag_escalation" in spec.validate({**escalated(), "red_flag_escalation": {}})
    empty = {**escalated(), "red_flag_escalation": {"flags": [], "pathway": "gp_same_day"}}
    assert "red_flag_escalation" in spec.validate(empty)
    assert "red_flag_escalation" in spec.validate(v1(escalated()))


def test_upcasting_version_1_gives_the_flags_with_their_pathway():
    current = escalated()
    old = v1(current, red_flags=["cauda_equina"], escalation_pathway="same_day_spinal")

    assert upcast_case_submitted_v1_v2(old) == current


@pytest.mark.parametrize(
    "loose",
    [{}, {"red_flags": []}, {"red_flags": [], "escalation_pathway": "gp_same_day"}],
    ids=["fields absent", "no flags", "a pathway without a flag"],
)
def test_upcasting_version_1_without_flags_gives_none_to_show(loose):
    assert upcast_case_submitted_v1_v2(v1(announced(), **loose))["red_flag_escalation"] is None


def test_flags_sent_before_pathways_were_recorded_keep_their_flags_with_no_pathway():
    upcast = upcast_case_submitted_v1_v2(v1(escalated(), red_flags=["cauda_equina"]))

    assert upcast["red_flag_escalation"] == {"flags": ["cauda_equina"], "pathway": None}
    assert spec_for(events.CASE_SUBMITTED).validate(upcast) == {}


@pytest.mark.parametrize("data", [escalated, announced], ids=["red flags", "none"])
def test_a_downcast_is_valid_version_1_and_upcasts_back_to_the_same_event(data):
    current = data()
    before = copy.deepcopy(current)
    old = downcast_case_submitted_v2_v1(current)

    assert spec_for(events.CASE_SUBMITTED).validate(old, 1) == {}
    assert upcast_case_submitted_v1_v2(old) == current
    assert current == before, "the producer's own data is not changed in place"


def test_every_version_step_of_every_event_has_an_upcaster_and_a_downcaster():
    steps = {(name, v) for name, spec in REGISTRY.items() for v in range(1, spec.version)}

    assert set(UPCASTERS) == steps
    assert set(DOWNCASTERS) == {(name, v + 1) for name, v in steps}


def test_a_version_1_event_reaches_the_handler_as_version_2():
    current = escalated()
    old = v1(current, red_flags=["cauda_equina"], escalation_pathway="same_day_spinal")

    event = read(envelope(old, 1))

    assert (event.schema_version, event.data) == (2, current)


def test_a_handler_written_for_version_1_reads_version_1_as_it_came():
    old = v1(announced(), red_flags=[], escalation_pathway=None)

    assert read(envelope(old, 1), reads=1).data == old


def test_fields_a_newer_producer_added_are_dropped_at_every_depth():
    data = escalated()
    added = {
        **data,
        "pain_score": 7,
        "presenter": {**data["presenter"], "pronouns": "he/him"},
        "red_flag_escalation": {**SPINAL, "escalated_by": "clin-band6"},
    }

    assert read(envelope(added, 2)).data == data


@pytest.mark.parametrize(("version", "reads"), [(2, 1), (3, 2), (3, None)])
def test_a_version_newer_than_the_handler_reads_is_not_read(version, reads):
    with pytest.raises(NewerThanKnown, match=f"version {version} is newer"):
        read(envelope(escalated(), version), reads)


def test_data_that_does_not_fit_its_own_version_is_unreadable_not_guessed_at():
    with pytest.raises(Unreadable, match="red_flag_escalation"):
        read(envelope(v1(escalated(), red_flags=["cauda_equina"]), 2))
    with pytest.raises(Unreadable, match="urgency"):
        read(envelope(v1(announced(), urgency="whenever"), 1))


def test_the_consumer_parks_a_newer_version_as_awaiting_an_upgrade_without_retrying():
    with pytest.raises(HandlerFailed) as newer:
        readable(envelope(escalated(), 3), None)
    assert newer.value.newer and newer.value.attempts == 1
    with pytest.raises(HandlerFailed) as unreadable:
        readable(envelope({"case_id": "c1"}, 2), None)
    assert not unreadable.value.newer


def test_an_event_has_no_version_0_nor_one_after_its_current():
    spec = spec_for(events.CASE_SUBMITTED)
    for version in (0, 3):
        with pytest.raises(UnknownVersion):
            spec.schema_of(version)


def test_pins_name_an_event_and_one_of_its_earlier_versions():
    assert version_pins(" case.submitted = 1 ") == {events.CASE_SUBMITTED: 1}
    assert version_pins("") == version_pins(None) == {}
    assert version_pins({"case.submitted": 2}) == {events.CASE_SUBMITTED: 2}


@pytest.mark.parametrize(
    "setting", ["case.submitted=3", "case.submitted=0", "case.teleported=1", "case.submitted"]
)
def test_a_pin_that_cannot_be_honoured_stops_the_service_at_start(setting):
    with pytest.raises(ValueError, match="EVENT_VERSION_PINS"):
        version_pins(setting)


@pytest.fixture
def outbox_connection():
    engine = create_engine("sqlite://", poolclass=StaticPool)
    cases_models.metadata.create_all(engine)
    with engine.begin() as connection:
        yield connection
    engine.dispose()


def emit(connection, data: dict, pins: dict | None = None) -> tuple[Envelope, dict]:
    tx = Transaction(connection, cases_models.messaging, lambda: NOW, pins=pins)
    sent = tx.emit(events.CASE_SUBMITTED, data)
    outbox = cases_models.messaging["outbox"]
    stored = connection.execute(
        select(outbox.c.envelope).where(outbox.c.event_id == sent.event_id)
    ).scalar_one()
    return sent, stored


def test_a_pinned_producer_stores_and_sends_the_previous_version(outbox_connection):
    sent, stored = emit(outbox_connection, escalated(), {events.CASE_SUBMITTED: 1})

    assert stored == sent.to_wire()
    assert stored["schema_version"] == 1
    assert stored["data"]["red_flags"] == ["cauda_equina"]
    assert stored["data"]["escalation_pathway"] == "same_day_spinal"
    assert "red_flag_escalation" not in stored["data"]


def test_an_unpinned_producer_sends_the_current_version(outbox_connection):
    current = escalated()
    _, stored = emit(outbox_connection, current, {events.CASE_SCHEDULED: 1})

    assert (stored["schema_version"], stored["data"]) == (2, current)


def test_a_pinned_producer_is_still_checked_against_the_current_contract(outbox_connection):
    with pytest.raises(EventContractBroken, match="red_flag_escalation"):
        emit(outbox_connection, v1(escalated()), {events.CASE_SUBMITTED: 1})
