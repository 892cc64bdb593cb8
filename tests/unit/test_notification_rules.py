"""Which messages a clinician gets, when, and what a calendar is told: the pure rules."""

from datetime import UTC, datetime, time, timedelta

import pytest

from contracts import events
from contracts.api.notifications import DELIVERY_STATES
from services.notifications import domain
from services.notifications.deliveries import STATUSES
from services.notifications.digests import inner_text
from services.notifications.domain import (
    DAILY,
    HOLD,
    SEND,
    SKIP,
    Preferences,
    disposition,
    last_digest_time,
    parse_clock,
    reminder_due,
)
from services.notifications.messages import Templates, messages_for

ESSENTIAL = [
    "case_received",
    "case_scheduled",
    "case_moved",
    "assignment",
    "assignment_removed",
    "conference_cancelled",
    "conference_moved",
    "outcome_requested",
    "outcome_reminder",
    "outcome_escalated",
    "action_assigned",
    "quorum_at_risk",
]


@pytest.mark.parametrize("message_type", ESSENTIAL)
def test_essential_messages_go_at_once_whatever_the_clinician_chose(message_type):
    everything_off = Preferences(agenda=False, reminders=False, digest=DAILY)
    assert disposition(message_type, everything_off) == SEND


def test_a_message_type_nobody_classified_is_treated_as_essential():
    assert disposition("unheard_of", Preferences(agenda=False, reminders=False)) == SEND


def test_agendas_and_reminders_follow_the_clinicians_choice():
    assert disposition("agenda_published", Preferences()) == SEND
    assert disposition("agenda_published", Preferences(agenda=False)) == SKIP
    assert disposition("conference_reminder", Preferences(reminders=False)) == SKIP
    assert disposition("action_due", Preferences(reminders=False)) == SKIP
    assert disposition("action_due", Preferences(agenda=False)) == SEND


def test_with_a_daily_digest_wanted_optional_messages_are_held_and_unwanted_ones_skipped():
    digest = Preferences(agenda=True, reminders=False, digest=DAILY)
    assert disposition("agenda_published", digest) == HOLD
    assert disposition("conference_reminder", digest) == SKIP
    assert disposition("conference_cancelled", digest) == SEND


def test_a_digest_setting_other_than_off_or_daily_is_refused():
    with pytest.raises(ValueError, match="digest is one of"):
        Preferences(digest="weekly")


def test_the_digest_goes_at_seven_on_the_london_clock_in_winter_and_summer():
    winter = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    summer = datetime(2027, 7, 12, 9, 0, tzinfo=UTC)
    assert last_digest_time(winter, time(7)) == datetime(2027, 1, 12, 7, 0, tzinfo=UTC)
    assert last_digest_time(summer, time(7)) == datetime(2027, 7, 12, 6, 0, tzinfo=UTC)


def test_before_the_digest_time_the_last_digest_was_yesterdays():
    early = datetime(2027, 1, 12, 6, 59, tzinfo=UTC)
    assert last_digest_time(early, time(7)) == datetime(2027, 1, 11, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["7", "7am", "24:00", "07:60", ""])
def test_a_digest_time_nobody_can_read_is_refused(text):
    with pytest.raises(ValueError, match="not a time of day"):
        parse_clock(text)


def test_a_conference_is_reminded_of_once_the_day_before_and_again_only_if_it_moves():
    starts = datetime(2027, 1, 13, 12, 30, tzinfo=UTC)
    day = timedelta(hours=24)
    assert not reminder_due(starts, day, starts - timedelta(hours=25), None)
    assert reminder_due(starts, day, starts - timedelta(hours=23), None)
    assert not reminder_due(starts, day, starts - timedelta(hours=23), starts)
    assert not reminder_due(starts, day, starts + timedelta(minutes=1), None)
    moved = starts + timedelta(days=1)
    assert reminder_due(moved, day, moved - timedelta(hours=2), starts)


def test_every_change_raises_the_sequence_and_a_first_change_starts_above_any_earlier_invite():
    assert domain.first_sequence() == 0
    assert domain.next_sequence(None) == 1
    assert domain.next_sequence(4) == 5


def test_an_older_change_never_undoes_a_newer_one():
    moved_at = datetime(2027, 1, 10, 16, 0, tzinfo=UTC)
    assert domain.is_newer(moved_at, None)
    assert domain.is_newer(moved_at, moved_at)
    assert not domain.is_newer(moved_at - timedelta(seconds=1), moved_at)


def test_a_removal_is_dropped_when_the_person_already_holds_their_new_role():
    assert domain.removal_still_true("attendee", None)
    assert domain.removal_still_true("attendee", "attendee")
    assert not domain.removal_still_true("attendee", "chair")


def test_a_removal_waits_so_that_a_role_change_gives_one_invite():
    now = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
    assert domain.send_after("assignment_removed", now) > now
    assert domain.send_after("assignment", now) == now


def assignment(change: str, role: str = "chair") -> dict:
    return {
        "rota_id": "r1",
        "conference_id": "f4d8b2a6-1c3e-4a5f-9b70-2e6c8d4a1f93",
        "clinician": {"id": "c1", "name": "Chris Chair", "email": "chair@demo.nhs.uk"},
        "role": role,
        "change": change,
        "starts_at": "2027-01-13T12:30:00+00:00",
        "ends_at": "2027-01-13T13:30:00+00:00",
        "location": "https://teams.example.nhs.uk/msk",
        "reasons": ["fairness: 1st conference in 14 weeks"],
    }


def test_a_rota_assignment_tells_the_person_their_role_and_why():
    (message,) = messages_for(events.CONFERENCE_ASSIGNMENT_CHANGED, assignment("added"), "B")
    assert message.message_type == "assignment"
    assert message.recipient["email"] == "chair@demo.nhs.uk"
    assert (
        message.subject == "Rota: you chair the case conference on Wednesday 13 January 2027, 12:30"
    )
    text, html = Templates().render(message)
    assert "fairness: 1st conference in 14 weeks" in text and "fairness" in html
    assert "B/conferences/f4d8b2a6-1c3e-4a5f-9b70-2e6c8d4a1f93" in text


def test_an_invited_expert_is_told_why_and_told_again_when_no_longer_needed():
    data = {**assignment("added", role="expert"), "rota_id": "case:k1"}
    data["reasons"] = ["Invited as the expert for the case ‘Knee giving way’"]
    (invite,) = messages_for(events.CONFERENCE_ASSIGNMENT_CHANGED, data, "B")
    assert invite.subject.startswith("Invitation: the expert for a case at the case conference")
    assert "Knee giving way" in Templates().render(invite)[0]
    released = {**data, "change": "removed", "reasons": []}
    (message,) = messages_for(events.CONFERENCE_ASSIGNMENT_CHANGED, released, "B")
    assert message.subject.startswith("No longer needed as the expert")
    assert "has moved or been withdrawn" in Templates().render(message)[0]


def test_an_agenda_sent_again_after_a_change_says_it_changed():
    agenda = {
        "conference_id": "f4d8",
        "starts_at": "2027-01-13T12:30:00+00:00",
        "ends_at": "2027-01-13T13:30:00+00:00",
        "location": "https://teams.example.nhs.uk/msk",
        "people": [{"id": "c1", "name": "Chris Chair", "email": "c@demo.nhs.uk", "role": "chair"}],
        "items": [],
        "published_at": "2027-01-11T12:30:00+00:00",
    }
    (first,) = messages_for(events.CONFERENCE_AGENDA_PUBLISHED, agenda, "B")
    (again,) = messages_for(events.CONFERENCE_AGENDA_PUBLISHED, {**agenda, "changed": True}, "B")
    assert first.subject.startswith("Agenda:") and "changed" not in Templates().render(first)[0]
    assert again.subject == "Changed agenda: case conference on Wednesday 13 January 2027, 12:30"
    assert "The agenda has changed since we sent it" in Templates().render(again)[0]


def test_a_removal_from_the_rota_says_so():
    data = assignment("removed", role="standby")
    (message,) = messages_for(events.CONFERENCE_ASSIGNMENT_CHANGED, data, "B")
    assert message.message_type == "assignment_removed"
    assert message.subject.startswith("Rota: you are no longer standby at")
    assert "removes it from your calendar" in Templates().render(message)[0]


def test_a_digest_repeats_each_message_without_its_greeting_and_sign_off():
    text = "Dear Pat Physio,\n\nThe agenda of the case conference.\n\nMSK Peer Support\n"
    assert inner_text(text) == "The agenda of the case conference."


def test_a_later_review_asks_the_presenter_and_then_tells_the_chair():
    from contracts import events
    from services.notifications.messages import Templates, messages_for

    people = {
        "presenter": {"id": "p", "name": "Pat Physio", "email": "physio@demo.nhs.uk"},
        "chair": {"id": "c", "name": "Chris Chair", "email": "chair@demo.nhs.uk"},
    }
    data = {"case_id": "case-1", "title": "Stiff shoulder", "round": 2, **people}
    asked = messages_for(events.REVIEW_DUE, data, "http://localhost:8000")
    assert [(m.recipient["email"], m.subject) for m in asked] == [
        ("physio@demo.nhs.uk", "How is your patient now? Stiff shoulder")
    ]
    escalated = messages_for(events.REVIEW_ESCALATED, data, "http://localhost:8000")
    assert [m.recipient["email"] for m in escalated] == ["chair@demo.nhs.uk"]
    text, html = Templates().render(asked[0])
    assert "http://localhost:8000/cases/case-1/outcome" in text and "Stiff shoulder" in html


def test_each_coordinator_hears_what_a_panel_lacks_and_who_was_called_up():
    coordinators = [
        {"id": "k1", "name": "Cora Coordinator", "email": "coordinator@demo.nhs.uk"},
        {"id": "k2", "name": "Kit Coordinator", "email": "kit@demo.nhs.uk"},
    ]
    data = {
        "warning_id": "w1",
        "conference_id": "f4d8b2a6-1c3e-4a5f-9b70-2e6c8d4a1f93",
        "starts_at": "2027-01-13T12:30:00+00:00",
        "ends_at": "2027-01-13T13:30:00+00:00",
        "location": "https://teams.example.nhs.uk/msk",
        "cause": "decline",
        "problems": ["fewer than 3 sites"],
        "absent": [{"id": "a1", "name": "Ash Away", "email": "ash@demo.nhs.uk"}],
        "called_up": None,
        "coordinators": coordinators,
        "raised_at": "2027-01-12T12:30:00+00:00",
    }
    messages = messages_for(events.CONFERENCE_QUORUM_AT_RISK, data, "B")
    assert [m.recipient["email"] for m in messages] == [c["email"] for c in coordinators]
    assert {m.message_type for m in messages} == {"quorum_at_risk"}
    assert messages[0].subject == (
        "Quorum at risk: case conference on Wednesday 13 January 2027, 12:30"
    )
    text, html = Templates().render(messages[0])
    assert "after a late decline" in text and "- fewer than 3 sites" in text
    assert "Ash Away" in text and "No standby chair could be called up" in text
    assert "B/conferences/f4d8b2a6-1c3e-4a5f-9b70-2e6c8d4a1f93" in html
    assert "B/quorum-warnings" in text


def test_the_api_documents_every_state_a_delivery_can_be_in():
    assert set(DELIVERY_STATES) == set(STATUSES)
