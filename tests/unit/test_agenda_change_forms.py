"""The web app's forms for changing a meeting: the order of its cases and its new time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from gateway.pages.agenda_changes import new_start, reordered


def test_a_case_moves_one_place_and_stays_put_at_either_end():
    agenda = ["a", "b", "c"]
    assert reordered(agenda, "c", -1) == ["a", "c", "b"]
    assert reordered(agenda, "a", +1) == ["b", "a", "c"]
    assert reordered(agenda, "a", -1) == agenda and reordered(agenda, "c", +1) == agenda


def test_a_new_time_is_read_as_london_time_from_three_date_fields():
    moved = new_start({"new-day": "9", "new-month": "12", "new-year": "2026", "time": "12:30"})
    assert moved == datetime(2026, 12, 9, 12, 30, tzinfo=ZoneInfo("Europe/London"))
    summer = new_start({"new-day": "1", "new-month": "7", "new-year": "2027", "time": "12:30"})
    assert summer.utcoffset().total_seconds() == 3600


def test_a_date_or_time_that_is_not_one_is_named_in_words():
    assert new_start(
        {"new-day": "31", "new-month": "2", "new-year": "2027", "time": "12:30"}
    ).startswith("Enter the new date as a real date")
    assert new_start(
        {"new-day": "9", "new-month": "12", "new-year": "2026", "time": "25:00"}
    ).startswith("Enter the new time")
