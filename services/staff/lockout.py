"""Wrong passwords: after a few in a row the account rests for a while. Pure, time passed in.

Passwords guessed over the web are the commonest way into an account; a short
rest after five wrong tries makes guessing slow without locking a clinician
out for long when they mistype between patients.
"""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_WRONG = 5
REST = timedelta(minutes=15)


def resting(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def after_wrong_password(wrong_so_far: int, now: datetime) -> tuple[int, datetime | None]:
    """The new count of wrong tries in a row, and until when the account rests (if it does)."""
    wrong = wrong_so_far + 1
    if wrong >= MAX_WRONG:
        return 0, now + REST
    return wrong, None


def minutes_left(locked_until: datetime, now: datetime) -> int:
    return max(1, -(-int((locked_until - now).total_seconds()) // 60))
