"""The STarT MSK total entered at triage sets the risk group by the tool's published cut-offs."""

import pytest

from services.referrals.domain import start_msk_group, triage_problems

SITES = {"north"}


@pytest.mark.parametrize(
    ("score", "group"),
    [(0, "low"), (4, "low"), (5, "medium"), (8, "medium"), (9, "high"), (12, "high")],
)
def test_each_total_falls_in_one_group_at_the_cut_offs(score, group):
    assert start_msk_group(score) == group


def test_every_total_has_exactly_one_group_and_groups_rise_with_the_score():
    groups = [start_msk_group(score) for score in range(13)]
    assert groups == ["low"] * 5 + ["medium"] * 4 + ["high"] * 4


@pytest.mark.parametrize("score", [-1, 13])
def test_a_total_outside_the_tool_is_refused(score):
    with pytest.raises(ValueError, match="0 to 12"):
        start_msk_group(score)


def test_a_group_that_contradicts_the_total_is_named_as_the_problem():
    decision = {"priority": "routine", "destination": "gp", "start_msk_score": 10}
    assert triage_problems({**decision, "start_msk_group": "low"}, SITES) == {
        "start_msk_group": ["a STarT MSK total of 10 is high risk"]
    }
    assert triage_problems({**decision, "start_msk_group": "high"}, SITES) == {}
    assert triage_problems(decision, SITES) == {}
