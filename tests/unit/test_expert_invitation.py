"""The best-matched colleague who is free joins the case's conference as its expert."""

from datetime import date

from services.scheduling.experts import first_free, too_close

MATCHES = [{"clinician_id": "ana"}, {"clinician_id": "ben"}, {"clinician_id": "cat"}]


def test_the_best_match_is_invited_when_free():
    assert first_free(MATCHES, on_panel={"zed"}, busy=set()) == "ana"


def test_someone_already_on_the_panel_or_busy_nearby_is_passed_over():
    assert first_free(MATCHES, on_panel={"ana"}, busy={"ben"}) == "cat"


def test_nobody_is_invited_when_every_match_is_taken():
    assert first_free(MATCHES, on_panel={"ana", "ben"}, busy={"cat"}) is None
    assert first_free([], on_panel=set(), busy=set()) is None


def test_a_meeting_moved_a_day_later_is_too_close_to_a_duty_two_weeks_after_its_old_day():
    # Invited for Wednesday 9 December, standby on Wednesday 23 December: 14 days apart,
    # within the maximum. Moved to Thursday 10 December, the two are 13 days apart.
    standby = [date(2026, 12, 23)]
    assert not too_close(date(2026, 12, 9), standby)
    assert too_close(date(2026, 12, 10), standby)
    assert too_close(date(2026, 12, 10), [date(2026, 11, 27)])
    assert not too_close(date(2026, 12, 10), [date(2026, 11, 26)])
