"""Conference rules: when meetings happen, who sits on them, where a case fits on the agenda."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from services.scheduling.domain import (
    Clinician,
    Opening,
    Series,
    choose_panel,
    first_date_problem,
    first_with_room,
    occurrences,
    opening_for,
    slot,
)

THURSDAY = 3


def thursday_lunchtime(first_date: date, every_weeks: int = 1) -> Series:
    return Series("series-north", THURSDAY, "12:30", 60, every_weeks, first_date)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_lunchtime_meeting_keeps_london_wall_clock_time_when_the_clocks_go_forward():
    meetings = list(
        occurrences(thursday_lunchtime(date(2025, 3, 1)), date(2025, 3, 20), date(2025, 4, 3))
    )

    assert meetings == [
        (at(2025, 3, 20, 12, 30), at(2025, 3, 20, 13, 30)),  # GMT
        (at(2025, 3, 27, 12, 30), at(2025, 3, 27, 13, 30)),
        (at(2025, 4, 3, 11, 30), at(2025, 4, 3, 12, 30)),  # BST from 30 March
    ]


def test_a_lunchtime_meeting_keeps_london_wall_clock_time_when_the_clocks_go_back():
    meetings = list(
        occurrences(thursday_lunchtime(date(2025, 3, 1)), date(2025, 10, 23), date(2025, 10, 30))
    )

    assert [starts for starts, _ in meetings] == [
        at(2025, 10, 23, 11, 30),
        at(2025, 10, 30, 12, 30),
    ]


def test_a_series_meets_on_its_weekday_and_not_before_its_first_date():
    series = thursday_lunchtime(date(2025, 1, 4))  # a Saturday

    meetings = list(occurrences(series, date(2024, 12, 1), date(2025, 1, 16)))

    assert [starts.date() for starts, _ in meetings] == [date(2025, 1, 9), date(2025, 1, 16)]


def test_a_fortnightly_series_keeps_its_rhythm_whatever_day_the_window_opens():
    series = thursday_lunchtime(date(2025, 1, 9), every_weeks=2)

    meetings = list(occurrences(series, date(2025, 1, 20), date(2025, 2, 20)))

    assert [starts.date() for starts, _ in meetings] == [
        date(2025, 1, 23),
        date(2025, 2, 6),
        date(2025, 2, 20),
    ]


def clinician(id, band, service="core", site_id="site-a", can_chair=False, is_chair=False):
    return Clinician(id, band, service, site_id, can_chair, is_chair)


def test_no_panel_is_chosen_when_nobody_may_chair():
    people = [clinician("b5", 5), clinician("b6", 6), clinician("b6-other", 6, site_id="site-b")]

    assert choose_panel(people, Counter(), size=3) is None


def test_a_band_6_marked_as_co_chair_may_chair():
    people = [clinician("b5", 5), clinician("b6-trainee", 6, can_chair=True)]

    assert choose_panel(people, Counter(), size=2).chair_id == "b6-trainee"


def test_the_senior_who_has_chaired_least_chairs_next():
    people = [clinician("b7-busy", 7), clinician("b8-rested", 8), clinician("b6", 6)]

    panel = choose_panel(people, Counter({"b7-busy": 3, "b8-rested": 1}), size=2)

    assert panel.chair_id == "b8-rested"


def test_a_holder_of_the_chair_role_chairs_first_when_loads_are_equal():
    people = [clinician("a-band7", 7), clinician("z-chair", 8, is_chair=True)]

    assert choose_panel(people, Counter(), size=2).chair_id == "z-chair"
    busier = Counter({"z-chair": 2, "a-band7": 1})
    assert choose_panel(people, busier, size=2).chair_id == "a-band7"


def test_the_chair_does_not_also_sit_as_an_attendee():
    people = [clinician("chair", 8), clinician("b6", 6, site_id="site-b")]

    panel = choose_panel(people, Counter(), size=5)

    assert panel.chair_id == "chair"
    assert panel.attendee_ids == ("b6",)


def test_the_panel_size_counts_the_chair():
    people = [clinician(f"b6-{n}", 6, site_id=f"site-{n}") for n in range(5)]
    people.append(clinician("chair", 8))

    panel = choose_panel(people, Counter(), size=3)

    assert len(panel.attendee_ids) == 2


def test_the_panel_draws_colleagues_from_another_site_before_the_chairs_own():
    people = [
        clinician("chair", 8, service="msk", site_id="site-a"),
        clinician("a-same-site", 6, service="core", site_id="site-a"),
        clinician("b-other-site", 6, service="core", site_id="site-b"),
    ]

    assert choose_panel(people, Counter(), size=2).attendee_ids == ("b-other-site",)


def test_the_panel_draws_colleagues_from_another_service_before_the_chairs_own():
    people = [
        clinician("chair", 8, service="msk", site_id="site-a"),
        clinician("a-same-service", 6, service="msk", site_id="site-b"),
        clinician("b-other-service", 6, service="orthopaedics", site_id="site-c"),
    ]

    assert choose_panel(people, Counter(), size=2).attendee_ids == ("b-other-service",)


def test_those_who_have_attended_least_are_invited_before_the_panel_is_spread():
    people = [
        clinician("chair", 8, site_id="site-a"),
        clinician("a-same-site", 6, site_id="site-a"),
        clinician("b-other-site", 6, site_id="site-b"),
    ]

    panel = choose_panel(people, Counter({"b-other-site": 2}), size=2)

    assert panel.attendee_ids == ("a-same-site",)


NOW = at(2025, 3, 13, 9, 0)


def opening(conference_id, starts_at, minutes_used=0, length=60):
    return Opening(conference_id, starts_at, starts_at + timedelta(minutes=length), minutes_used)


def test_a_case_goes_to_the_next_conference_that_has_not_started_and_has_room():
    started = opening("started", NOW - timedelta(minutes=10))
    starting_now = opening("starting-now", NOW)
    full = opening("full", NOW + timedelta(days=1), minutes_used=50)
    roomy = opening("roomy", NOW + timedelta(days=7), minutes_used=20)
    later = opening("later", NOW + timedelta(days=14))

    chosen = first_with_room([later, roomy, full, starting_now, started], minutes=15, now=NOW)

    assert chosen == roomy


def test_a_case_that_exactly_fills_the_time_left_still_fits():
    nearly_full = opening("nearly-full", NOW + timedelta(days=1), minutes_used=45)

    assert first_with_room([nearly_full], minutes=15, now=NOW) == nearly_full
    assert first_with_room([nearly_full], minutes=20, now=NOW) is None


def test_no_conference_is_offered_when_none_has_room():
    assert first_with_room([opening("full", NOW + timedelta(days=1), 60)], 15, NOW) is None
    assert first_with_room([], 15, NOW) is None


def test_items_take_the_agenda_in_order_of_arrival():
    starts = at(2025, 3, 13, 12, 30)

    assert slot(opening("c", starts), 15) == (starts, at(2025, 3, 13, 12, 45))
    assert slot(opening("c", starts, minutes_used=35), 20) == (
        at(2025, 3, 13, 13, 5),
        at(2025, 3, 13, 13, 25),
    )


def test_a_case_goes_to_its_preferred_conference_when_that_has_room():
    sooner = opening("sooner", NOW + timedelta(days=1), 0)
    preferred = opening("preferred", NOW + timedelta(days=8), 30)

    assert opening_for([sooner, preferred], 15, NOW, preferred_id="preferred") == preferred


def test_a_full_past_or_unknown_preferred_conference_gives_the_next_with_room():
    sooner = opening("sooner", NOW + timedelta(days=1), 0)
    full = opening("full", NOW + timedelta(days=8), 60)
    started = opening("started", NOW - timedelta(minutes=5), 0)

    for preferred in ("full", "started", "cancelled", None):
        chosen = opening_for([full, started, sooner], 15, NOW, preferred_id=preferred)
        assert chosen == sooner, preferred


def test_a_series_first_date_must_fall_on_its_day_of_the_week():
    thursday, wednesday = date(2027, 1, 7), date(2027, 1, 6)

    assert first_date_problem(3, thursday) is None
    assert first_date_problem(3, wednesday) == (
        "6 January 2027 is a Wednesday: the series meets on Thursdays, "
        "so choose a Thursday or another day"
    )
