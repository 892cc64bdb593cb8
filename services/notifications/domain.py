"""What a clinician's inbox and calendar get, and when: pure rules, time passed in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

SEND, HOLD, SKIP = "send", "hold", "skip"
OFF, DAILY = "off", "daily"
DIGESTS = (OFF, DAILY)

# Messages a clinician may turn off or take in a daily digest: helpful, but
# nobody misses a meeting or a patient's outcome without them. Every other
# message (a case received or moved, a rota assignment, a cancellation or
# move, an outcome request, reminder or escalation, an action agreed) is
# essential and always goes at once; a new message type is essential until
# someone decides otherwise, so a forgotten entry here never silences mail.
AGENDA_MESSAGES = frozenset({"agenda_published"})
REMINDER_MESSAGES = frozenset({"conference_reminder", "action_due"})
OPTIONAL_MESSAGES = AGENDA_MESSAGES | REMINDER_MESSAGES

# A rota that moves someone from attendee to chair announces it as a removal
# and an addition, which may be handled in either order. The removal waits
# this long so that the addition can replace it: one invite, not a
# cancellation followed by a new invite.
REMOVAL_GRACE = timedelta(seconds=10)
HELD_BACK = {"assignment_removed": REMOVAL_GRACE}

# The personal calendar feed: recent meetings (for a CPD diary) and the months ahead.
FEED_PAST = timedelta(days=28)
FEED_AHEAD = timedelta(days=183)


@dataclass(frozen=True)
class Preferences:
    agenda: bool = True
    reminders: bool = True
    digest: str = OFF

    def __post_init__(self):
        if self.digest not in DIGESTS:
            raise ValueError(f"digest is one of {', '.join(DIGESTS)}, not {self.digest!r}")


def is_essential(message_type: str) -> bool:
    return message_type not in OPTIONAL_MESSAGES


def disposition(message_type: str, preferences: Preferences) -> str:
    """SEND now, HOLD for the daily digest, or SKIP because they turned it off."""
    if is_essential(message_type):
        return SEND
    wanted = preferences.agenda if message_type in AGENDA_MESSAGES else preferences.reminders
    if not wanted:
        return SKIP
    return HOLD if preferences.digest == DAILY else SEND


def send_after(message_type: str, now: datetime) -> datetime:
    """The earliest a message may go."""
    return now + HELD_BACK.get(message_type, timedelta(0))


def removal_still_true(removed_role: str, current_role: str | None) -> bool:
    """A removal from a role tells the truth unless the person already holds another seat.

    That happens when the rota's addition of their new role was handled first.
    """
    return current_role is None or current_role == removed_role


_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


def parse_clock(text: str) -> time:
    """`07:00`: a local time of day in 24-hour clock (`07:00:30` to the second, for tests)."""
    match = _CLOCK.match(str(text).strip())
    if not match:
        raise ValueError(f"not a time of day: {text!r} (use HH:MM, e.g. 07:00)")
    return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


def last_digest_time(now: datetime, digest_at: time) -> datetime:
    """The latest `digest_at`, London time, not after `now` (in UTC).

    Messages held before it go in that day's digest; later ones wait for the
    next. London time so the digest arrives at 07:00 on the clinician's
    clock in summer and winter alike.
    """
    local = now.astimezone(LONDON)
    slot = datetime.combine(local.date(), digest_at, tzinfo=LONDON)
    if slot > local:
        slot = datetime.combine(local.date() - timedelta(days=1), digest_at, tzinfo=LONDON)
    return slot.astimezone(UTC)


def reminder_due(
    starts_at: datetime, before: timedelta, now: datetime, reminded_for: datetime | None
) -> bool:
    """A conference is reminded of once per start time, `before` it starts and not after.

    A moved conference is reminded of again for its new time.
    """
    return starts_at - before <= now < starts_at and reminded_for != starts_at


def next_sequence(current: int | None) -> int:
    """RFC 5545 SEQUENCE after a change: clients ignore an invite that does not raise it.

    A change to a conference we never sent an invite for gets 1: any invite
    sent before we kept count carried 0.
    """
    return 1 if current is None else current + 1


def first_sequence() -> int:
    """The SEQUENCE of a conference's first invite."""
    return 0


def ical_role(role: str) -> str:
    """The iCalendar ROLE of a seat on the panel: the chair chairs, everyone else is needed."""
    return "CHAIR" if role == "chair" else "REQ-PARTICIPANT"


def is_newer(at: datetime, last_applied: datetime | None) -> bool:
    """Events may arrive out of order: an older change must not undo a newer one."""
    return last_applied is None or at >= last_applied


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    return now - FEED_PAST, now + FEED_AHEAD
