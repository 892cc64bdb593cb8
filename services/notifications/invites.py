"""Calendar invites (RFC 5545 objects, RFC 5546 REQUEST/CANCEL) and personal feeds.

Built with `icalendar`. One conference occurrence keeps one UID for life, in
invites and feeds alike, so calendar clients update or remove the entry they
already have instead of adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from services.notifications.domain import LONDON, ical_role

PRODID = "-//MSK Peer Support//Case conferences//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"
PRODUCT = "MSK Peer Support"


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
    zone.add("tzid", "Europe/London")
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add_component(london_timezone())
    return calendar


def _event(occurrence: Occurrence, stamp: datetime, description: str) -> Event:
    event = Event()
    event.add("uid", uid(occurrence.conference_id))
    event.add("sequence", occurrence.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", occurrence.starts_at.astimezone(LONDON))
    if occurrence.ends_at is not None:
        event.add("dtend", occurrence.ends_at.astimezone(LONDON))
    event.add("summary", occurrence.summary)
    event.add("location", occurrence.location)
    event.add("url", occurrence.location)
    event.add("description", description)
    event.add("status", "CANCELLED" if occurrence.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _address(name: str, email: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = name
    for key, value in params.items():
        address.params[key.replace("_", "-")] = value
    return address


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
    calendar = _calendar(method)
    cancelled = method == CANCEL or occurrence.cancelled
    lines = ["Cancelled." if cancelled else "Join with the video link."]
    if occurrence.link:
        lines.append(f"The conference: {occurrence.link}")
    event = _event(_cancelled(occurrence, cancelled), stamp, "\n".join(lines))
    name, email = parseaddr(organizer)
    event.add("organizer", _address(name or PRODUCT, email))
    for person in attendees:
        event.add(
            "attendee",
            _address(
                person["name"],
                person["email"],
                role=ical_role(person.get("role", "attendee")),
                partstat="NEEDS-ACTION",
                rsvp="FALSE",
                cutype="INDIVIDUAL",
            ),
        )
    calendar.add_component(event)
    return calendar.to_ical().decode()


def _cancelled(occurrence: Occurrence, cancelled: bool) -> Occurrence:
    if cancelled == occurrence.cancelled:
        return occurrence
    return Occurrence(**{**occurrence.__dict__, "cancelled": cancelled})


def feed(entries: list[tuple[Occurrence, str]], stamp: datetime, name: str = PRODUCT) -> str:
    """A person's conferences, each with their role, as a calendar to subscribe to."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    # Ask clients to look again hourly: a rota change should show the same day.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for occurrence, role in entries:
        lines = [f"You are on it as {role}."]
        if occurrence.link:
            lines.append(f"The conference: {occurrence.link}")
        calendar.add_component(_event(occurrence, stamp, "\n".join(lines)))
    return calendar.to_ical().decode()
