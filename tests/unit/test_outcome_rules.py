"""What an outcome says beyond its answers: referrals, MSK-HQ change, who may read or correct it."""

from datetime import UTC, datetime, timedelta

import pytest

from services.outcomes.domain import (
    FollowUp,
    editable_until,
    may_read_outcome,
    meaningful_improvement,
    msk_hq_change,
    referral_made_as_intended,
)

PRESENTER, CHAIR = {"id": "clin-b6"}, {"id": "clin-b8"}
CHAIN = FollowUp(
    "fu",
    "case-1",
    "Neck pain",
    PRESENTER,
    CHAIR,
    "refer_msk",
    "due",
    datetime(2026, 4, 1, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("plan", "onward", "as_intended"),
    [
        ("refer_msk", "msk", True),
        ("refer_orthopaedics", "orthopaedics", True),
        ("refer_other", "other", True),
        ("refer_msk", "orthopaedics", False),  # referred, but not where the presenter meant
        ("refer_msk", "none", False),  # avoided, not made
        ("continue_treatment", "none", False),  # no referral was ever intended
        ("unsure", "msk", False),
    ],
)
def test_a_referral_is_made_as_intended_only_to_the_destination_planned(plan, onward, as_intended):
    assert referral_made_as_intended(plan, onward) is as_intended


@pytest.mark.parametrize(
    ("baseline", "later", "change", "meaningful"),
    [(30, 36, 6, True), (30, 35, 5, False), (30, 44, 14, True), (40, 31, -9, False)],
)
def test_an_msk_hq_change_of_six_points_or_more_is_a_meaningful_improvement(
    baseline, later, change, meaningful
):
    assert msk_hq_change(baseline, later) == change
    assert meaningful_improvement(change) is meaningful


def test_without_both_scores_there_is_no_change_to_judge():
    assert msk_hq_change(None, 40) is None and msk_hq_change(30, None) is None
    assert meaningful_improvement(None) is None


def test_the_people_at_the_conference_may_read_the_outcome_but_not_a_stranger():
    attended = {"clin-b5-attendee"}

    assert may_read_outcome({"id": "clin-b5-attendee", "roles": ["clinician"]}, CHAIN, attended)
    assert may_read_outcome({"id": "clin-b8", "roles": ["clinician"]}, CHAIN, set())
    assert may_read_outcome({"id": "coord", "roles": ["coordinator"]}, CHAIN, set())
    assert not may_read_outcome({"id": "stranger", "roles": ["clinician"]}, CHAIN, attended)


def test_an_outcome_can_be_corrected_for_fourteen_days():
    recorded = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)

    assert editable_until(recorded) == recorded + timedelta(days=14)
