"""Where a case goes: the next conference that suits it (focus, body region) and has room."""

from datetime import UTC, datetime, timedelta

from services.scheduling.domain import SLOT_MINUTES, Opening, first_with_room, opening_for

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def meeting(name, days, used=0, capacity=None, focus=None):
    starts = NOW + timedelta(days=days)
    return Opening(name, starts, starts + timedelta(minutes=60), used, capacity, focus)


def test_a_patient_case_takes_ten_minutes_and_a_group_or_topic_fifteen():
    assert SLOT_MINUTES == {"patient_case": 10, "patient_group": 15, "professional_topic": 15}


def test_a_spinal_conference_takes_a_back_case_before_a_later_general_one():
    spinal = meeting("spinal", 1, focus="spinal")
    general = meeting("general", 2)
    assert first_with_room([general, spinal], 10, NOW, "lumbar_spine") == spinal


def test_a_focused_conference_turns_away_cases_outside_its_focus():
    spinal = meeting("spinal", 1, focus="spinal")
    general = meeting("general", 2)
    assert first_with_room([spinal, general], 10, NOW, "knee") == general
    assert first_with_room([spinal, general], 15, NOW, None) == general
    assert first_with_room([spinal], 10, NOW, "shoulder") is None


def test_the_capacity_of_a_series_limits_the_agenda_below_the_meetings_length():
    short = meeting("short", 1, used=35, capacity=40)
    assert short.minutes_free == 5
    assert first_with_room([short], 10, NOW) is None


def test_a_presenters_chosen_conference_takes_their_case_whatever_its_focus():
    spinal = meeting("spinal", 3, focus="spinal")
    general = meeting("general", 1)
    assert opening_for([general, spinal], 10, NOW, "spinal", "knee") == spinal


def test_a_case_never_goes_to_a_day_its_presenter_is_on_leave_or_declined():
    first, second, third = meeting("9 Dec", 8), meeting("10 Dec", 9), meeting("16 Dec", 15)
    away = {first.day, second.day}  # leave entered for 9-10 December
    assert opening_for([first, second, third], 10, NOW, away=away) == third
    # Not even the meeting they preferred, once they cannot come that day.
    assert opening_for([first, second, third], 10, NOW, "9 Dec", away=away) == third
    assert opening_for([first], 10, NOW, away={first.day}) is None


def test_the_day_away_is_the_london_day_of_the_meeting():
    late = Opening("late", datetime(2026, 6, 9, 23, 30, tzinfo=UTC), NOW, 0)  # 00:30 on 10 June
    assert late.day.isoformat() == "2026-06-10"
