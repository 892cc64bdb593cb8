"""The follow-up chain after a discussion, and what counts as a referral avoided."""

from datetime import UTC, datetime, timedelta

import pytest

from contracts import events
from services.outcomes import domain
from services.outcomes.domain import FollowUp, Timings, may_record_outcome, referral_avoided

DISCUSSED_AT = datetime(2025, 3, 13, 13, 0, tzinfo=UTC)
SIX_WEEKS, ONE_WEEK = timedelta(days=42), timedelta(days=7)
TIMINGS = Timings(follow_up_after=SIX_WEEKS, reminder_after=ONE_WEEK, escalate_after=ONE_WEEK)
PRESENTER = {"id": "clin-band6-ankle", "name": "Priya Shah", "email": "priya.shah@nhs.example.uk"}
CHAIR = {"id": "clin-band8-esp", "name": "Tom Reid", "email": "tom.reid@nhs.example.uk"}
DISCUSSED = {
    "case_id": "case-ankle-1",
    "conference_id": "conf-2025-03-13",
    "chair": CHAIR,
    "title": "Persistent lateral ankle pain after inversion injury",
    "intended_plan": "refer_msk",
    "presenter": PRESENTER,
    "discussed_at": DISCUSSED_AT.isoformat(),
}


def follow_up(timings: Timings = TIMINGS) -> FollowUp:
    return FollowUp.after_discussion("fu-ankle-1", DISCUSSED, now=DISCUSSED_AT, timings=timings)


def test_the_presenter_is_asked_for_the_outcome_six_weeks_after_the_discussion():
    fresh = follow_up()

    assert fresh.next_step == domain.DUE
    assert fresh.due_at == datetime(2025, 4, 24, 13, 0, tzinfo=UTC)
    assert fresh.status == domain.ACTIVE
    assert (fresh.case_id, fresh.title) == ("case-ankle-1", DISCUSSED["title"])
    assert (fresh.presenter, fresh.chair, fresh.intended_plan) == (PRESENTER, CHAIR, "refer_msk")


def test_without_an_answer_the_presenter_is_reminded_then_the_chair_told_then_it_closes():
    current, emitted, seen = follow_up(), [], []

    for _ in range(4):
        current, event = current.advance(TIMINGS)
        emitted.append(event)
        seen.append((current.next_step, current.due_at))

    assert emitted == [
        events.FOLLOW_UP_DUE,
        events.FOLLOW_UP_REMINDED,
        events.FOLLOW_UP_ESCALATED,
        None,
    ]
    assert seen[:3] == [
        (domain.REMINDER, DISCUSSED_AT + SIX_WEEKS + ONE_WEEK),
        (domain.ESCALATION, DISCUSSED_AT + SIX_WEEKS + 2 * ONE_WEEK),
        (domain.CLOSE, DISCUSSED_AT + SIX_WEEKS + 3 * ONE_WEEK),
    ]
    assert current.status == domain.NO_RESPONSE


def test_a_follow_up_closed_for_no_response_asks_nobody_again():
    current = follow_up()
    for _ in range(4):
        current, _event = current.advance(TIMINGS)

    after, event = current.advance(TIMINGS)

    assert event is None
    assert after == current


def test_each_step_is_timed_from_when_the_last_was_due_even_if_released_late():
    # advance() takes no clock: a step released days late still schedules the next one
    # a week after the step's own due time, so reminders after downtime keep their order.
    due = follow_up()

    reminder, _ = due.advance(TIMINGS)

    assert reminder.due_at - due.due_at == ONE_WEEK


def test_reminder_and_escalation_use_their_own_waits():
    timings = Timings(timedelta(days=42), timedelta(days=3), timedelta(days=10))
    current = follow_up(timings)
    due_times = [current.due_at]
    for _ in range(3):
        current, _event = current.advance(timings)
        due_times.append(current.due_at)

    gaps = [later - earlier for earlier, later in zip(due_times, due_times[1:], strict=False)]

    assert gaps == [timedelta(days=3), timedelta(days=10), timedelta(days=10)]


def test_every_step_is_a_new_version_so_two_timers_cannot_both_take_it():
    current = follow_up()
    versions = [current.version]
    for _ in range(4):
        current, _event = current.advance(TIMINGS)
        versions.append(current.version)

    assert versions == [0, 1, 2, 3, 4]


def test_an_answered_follow_up_sends_no_more_reminders():
    reminded, _ = follow_up().advance(TIMINGS)
    completed = reminded.complete()

    after, event = completed.advance(TIMINGS)

    assert completed.status == domain.COMPLETED
    assert completed.version == reminded.version + 1
    assert event is None
    assert after == completed


def test_the_follow_up_message_carries_who_to_ask_and_when_it_fell_due():
    assert follow_up().event_data() == {
        "follow_up_id": "fu-ankle-1",
        "case_id": "case-ankle-1",
        "title": DISCUSSED["title"],
        "presenter": PRESENTER,
        "chair": CHAIR,
        "due_at": "2025-04-24T13:00:00+00:00",
    }


@pytest.mark.parametrize(
    ("intended_plan", "avoided_when_not_referred"),
    [
        ("refer_msk", True),
        ("refer_orthopaedics", True),
        ("refer_other", True),
        ("continue_treatment", False),
        ("discharge", False),
        ("unsure", False),
    ],
)
def test_a_referral_is_avoided_only_when_one_was_intended_and_none_was_made(
    intended_plan, avoided_when_not_referred
):
    assert referral_avoided(intended_plan, "none") is avoided_when_not_referred
    for onward in ("msk", "orthopaedics", "other"):
        assert referral_avoided(intended_plan, onward) is False


def test_the_presenter_the_chair_and_coordinators_may_record_the_outcome_but_nobody_else():
    fu = follow_up()

    assert may_record_outcome({"id": PRESENTER["id"], "roles": ["clinician"]}, fu)
    assert may_record_outcome({"id": CHAIR["id"], "roles": ["clinician"]}, fu)
    assert may_record_outcome({"id": "coord-1", "roles": ["coordinator"]}, fu)
    assert may_record_outcome({"id": "admin-1", "roles": ["admin"]}, fu)
    assert not may_record_outcome({"id": "clin-other", "roles": ["clinician"]}, fu)
    assert not may_record_outcome({"id": "clin-other"}, fu)


def test_the_outcome_is_due_once_the_presenter_is_asked_and_early_before():
    fresh = follow_up()
    assert not fresh.outcome_due  # a week after the discussion "some weeks ago" is not true

    asked, _ = fresh.advance(TIMINGS)
    assert asked.outcome_due
    assert fresh.cancel().outcome_due is True  # the asking is over: nothing is early any more


@pytest.mark.parametrize(
    ("claimed", "still_open", "refused"),
    [
        ("all", 1, "1 agreed action is still open"),
        ("all", 2, "2 agreed actions are still open"),
        ("all", 0, None),
        ("some", 2, None),
        (None, 2, None),
    ],
)
def test_all_actions_carried_out_is_refused_while_one_is_still_open(claimed, still_open, refused):
    problem = domain.unfinished_actions_claimed_done(claimed, still_open)

    if refused is None:
        assert problem is None
    else:
        assert problem.startswith(refused) and "choose 'Some of them'" in problem
