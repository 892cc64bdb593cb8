"""Five wrong passwords in a row rest the account for a quarter of an hour."""

from datetime import UTC, datetime, timedelta

from services.staff.lockout import MAX_WRONG, after_wrong_password, minutes_left, resting

NOW = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)


def test_the_fifth_wrong_password_in_a_row_rests_the_account_and_starts_the_count_again():
    wrong, until = 0, None
    for _ in range(MAX_WRONG - 1):
        wrong, until = after_wrong_password(wrong, NOW)
        assert until is None
    wrong, until = after_wrong_password(wrong, NOW)
    assert (wrong, until) == (0, NOW + timedelta(minutes=15))
    assert resting(until, NOW + timedelta(minutes=14, seconds=59))
    assert not resting(until, NOW + timedelta(minutes=15))
    assert not resting(None, NOW)


def test_the_wait_is_said_in_whole_minutes_never_zero():
    until = NOW + timedelta(minutes=15)
    assert minutes_left(until, NOW) == 15
    assert minutes_left(until, NOW + timedelta(minutes=14, seconds=30)) == 1
    assert minutes_left(until, NOW + timedelta(minutes=10, seconds=1)) == 5
