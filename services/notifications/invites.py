"""Calendar invites (RFC 5545 objects, RFC 5546 REQUEST/CANCEL) and personal feeds.

Written as text (ical.py); only the time zone is built with `icalendar`, once.
One conference occurrence keeps one UID for life, in
invites and feeds alike, so calendar clients update or remove the entry they
already have instead of adding a second one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from services.notifications import ical
from services.notifications.domain import LONDON, ical_role

PRODID = "-//MSK Peer Support//Case conferences//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"
PRODUCT = "MSK Peer Support"
LONDON_ID = "Europe/London"


@dataclass(frozen=True)
class Occurrence:
    """One meeting as a calendar sees it."""

    conference_id: str
    starts_at: datetime
    ends_at: datetime | None
    location: str  # the video link
    sequence: int
    cancelled: bool = False
    link: str = ""  # the conference's page in the product
    summary: str = "MSK case conference"


def uid(conference_id: str) -> str:
    return f"{conference_id}@mskpeer"


def london_timezone() -> Timezone:
    """Europe/London by its rules (as Outlook sends it), not a list of every past change."""
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))  # 01:00 GMT, last Sunday of March
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))  # 02:00 BST, last Sunday of October
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    zone = Timezone()
    zone.add("tzid", LONDON_ID)
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


@functools.cache
def _london() -> str:
    """The VTIMEZONE block: the same in every invite and feed, so serialised once."""
    return london_timezone().to_ical().decode()


def _calendar(method: str | None, *properties: str) -> list[str]:
    lines = [
        "BEGIN:VCALENDAR" + ical.CRLF,
        ical.line("VERSION", "2.0"),
        ical.line("PRODID", ical.text(PRODID)),
        ical.line("CALSCALE", "GREGORIAN"),
    ]
    if method:
        lines.append(ical.line("METHOD", method))
    return [*lines, *properties, _london()]


def _event(occurrence: Occurrence, stamp: datetime, description: str, *people: str) -> str:
    times = [ical.line("DTSTART", ical.local_time(occurrence.starts_at, LONDON), tzid=LONDON_ID)]
    if occurrence.ends_at is not None:
        times.append(
            ical.line("DTEND", ical.local_time(occurrence.ends_at, LONDON), tzid=LONDON_ID)
        )
    return "".join(
        [
            "BEGIN:VEVENT" + ical.CRLF,
            ical.line("UID", ical.text(uid(occurrence.conference_id))),
            ical.line("SEQUENCE", str(occurrence.sequence)),
            ical.line("DTSTAMP", ical.utc_time(stamp)),
            *times,
            ical.line("SUMMARY", ical.text(occurrence.summary)),
            ical.line("LOCATION", ical.text(occurrence.location)),
            ical.line("URL", occurrence.location),
            ical.line("DESCRIPTION", ical.text(description)),
            ical.line("STATUS", "CANCELLED" if occurrence.cancelled else "CONFIRMED"),
            ical.line("TRANSP", "OPAQUE"),
            *people,
            "END:VEVENT" + ical.CRLF,
        ]
    )


def _address(kind: str, name: str, email: str, /, **params: str) -> str:
    return ical.line(kind, f"mailto:{email}", cn=name, **params)


def invite(
    occurrence: Occurrence,
    attendees: list[dict],
    organizer: str,
    method: str,
    stamp: datetime,
) -> str:
    """An iTIP message: REQUEST (new or changed) or CANCEL, for `attendees` (person + role).

    RSVP is off: replies would go to a no-reply address, and the rota, not a
    reply, decides who comes.
    """
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"an invite is a REQUEST or a CANCEL, not {method}")
    cancelled = method == CANCEL or occurrence.cancelled
    lines = ["Cancelled." if cancelled else "Join with the video link."]
    if occurrence.link:
        lines.append(f"The conference: {occurrence.link}")
    name, email = parseaddr(organizer)
    people = [_address("ORGANIZER", name or PRODUCT, email)]
    for person in attendees:
        people.append(
            _address(
                "ATTENDEE",
                person["name"],
                person["email"],
                role=ical_role(person.get("role", "attendee")),
                partstat="NEEDS-ACTION",
                rsvp="FALSE",
                cutype="INDIVIDUAL",
            )
        )
    event = _event(_cancelled(occurrence, cancelled), stamp, "\n".join(lines), *people)
    return "".join([*_calendar(method), event, "END:VCALENDAR" + ical.CRLF])


def _cancelled(occurrence: Occurrence, cancelled: bool) -> Occurrence:
    if cancelled == occurrence.cancelled:
        return occurrence
    return Occurrence(**{**occurrence.__dict__, "cancelled": cancelled})


def feed(entries: list[tuple[Occurrence, str]], stamp: datetime, name: str = PRODUCT) -> str:
    """A person's conferences, each with their role, as a calendar to subscribe to."""
    calendar = _calendar(
        None,
        ical.line("X-WR-CALNAME", ical.text(name)),
        ical.line("X-WR-TIMEZONE", LONDON_ID),
        # Ask clients to look again hourly: a rota change should show the same day.
        ical.line("REFRESH-INTERVAL", "PT1H", value="DURATION"),
        ical.line("X-PUBLISHED-TTL", "PT1H"),
    )
    for occurrence, role in entries:
        lines = [f"You are on it as {role}."]
        if occurrence.link:
            lines.append(f"The conference: {occurrence.link}")
        calendar.append(_event(occurrence, stamp, "\n".join(lines)))
    return "".join([*calendar, "END:VCALENDAR" + ical.CRLF])
