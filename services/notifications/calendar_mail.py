"""What conference events change in people's calendars, and the invite each message carries."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from contracts import events
from mskpeer.platform.clock import aware
from services.notifications import calendar_state, deliveries, domain, invites
from services.notifications.calendar_state import CANCELLED
from services.notifications.invites import CANCEL, REQUEST
from services.notifications.messages import reminder_messages

Invites = dict[str, tuple[str, str]]  # recipient id -> (iTIP method, iCalendar text)


def _at(iso: str) -> datetime:
    return aware(datetime.fromisoformat(iso))


def conference_link(base_url: str, conference_id: str) -> str:
    return f"{base_url}/conferences/{conference_id}"


def invites_for(session, event, organizer: str, base_url: str, now: datetime) -> Invites | None:
    """Record the event's change to its conference; per recipient, the invite to attach.

    None: the event is older than a change already sent (events may arrive
    out of order), so its messages would tell people something no longer true.
    """
    data = event.data
    if event.event_type == events.CONFERENCE_ASSIGNMENT_CHANGED:
        return _assignment(session, data, _at(event.occurred_at), organizer, base_url, now)
    if event.event_type == events.CONFERENCE_AGENDA_PUBLISHED:
        # No invite (nothing changed), but now we know whom to remind, and when.
        if calendar_state.record_change(
            session,
            data["conference_id"],
            _at(data["published_at"]),
            _at(data["starts_at"]),
            _at(data["ends_at"]),
            data["location"],
            raise_sequence=False,
        ):
            calendar_state.seat_panel(session, data["conference_id"], data["people"])
        return {}
    if event.event_type == events.CONFERENCE_MOVED:
        occurrence = calendar_state.record_change(
            session,
            data["conference_id"],
            _at(data["moved_at"]),
            _at(data["starts_at"]),
            _at(data["ends_at"]),
            data["location"],
        )
        method = REQUEST
    elif event.event_type == events.CONFERENCE_CANCELLED:
        occurrence = calendar_state.record_change(
            session,
            data["conference_id"],
            _at(data["cancelled_at"]),
            _at(data["starts_at"]),
            location=data["location"],
            status=CANCELLED,
        )
        method = CANCEL
    else:
        return {}
    if occurrence is None:
        return None
    calendar_state.seat_panel(session, data["conference_id"], data["people"])
    occurrence = replace(occurrence, link=conference_link(base_url, data["conference_id"]))
    text = invites.invite(occurrence, data["people"], organizer, method, now)
    return {person["id"]: (method, text) for person in data["people"]}


def _assignment(session, data, at, organizer, base_url, now) -> Invites | None:
    """The rota seats or unseats one person: they get an invite or its cancellation."""
    person, role, conference_id = data["clinician"], data["role"], data["conference_id"]
    # Locks the conference first: a person's removal and addition are then
    # handled one after the other, whichever comes first.
    occurrence = calendar_state.record_seat_change(
        session, conference_id, at, _at(data["starts_at"]), _at(data["ends_at"]), data["location"]
    )
    if occurrence is None:  # cancelled: nothing to join or leave
        return None
    if data["change"] == "removed":
        current = calendar_state.seat_of(session, conference_id, person["id"])
        if not domain.removal_still_true(role, current):
            return None  # their new role's invite already went, and stands
        calendar_state.unseat(session, conference_id, person["id"])
        method = CANCEL
    else:
        calendar_state.seat(session, conference_id, person, role)
        # A removal from their old role, still waiting, is replaced by this invite.
        deliveries.supersede(session, person["id"], conference_id, "assignment_removed")
        method = REQUEST
    occurrence = replace(occurrence, link=conference_link(base_url, conference_id))
    text = invites.invite(occurrence, [{**person, "role": role}], organizer, method, now)
    return {person["id"]: (method, text)}


def reminder_event_id(conference_id: str, starts_at: datetime) -> str:
    """One reminder per conference and start time, however often the timer looks."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mskpeer:reminder:{conference_id}:{starts_at}"))


def due_reminders(session, now: datetime, before: timedelta, base_url: str) -> list[tuple]:
    """(pseudo event id, messages) for each conference to remind its panel of now."""
    due = []
    for row in calendar_state.due_reminders(session, now, before):
        starts = aware(row.starts_at)
        data = {
            "conference_id": row.conference_id,
            "starts_at": starts.isoformat(),
            "location": row.location,
            "people": calendar_state.panel(session, row.conference_id),
        }
        calendar_state.mark_reminded(session, row.conference_id, starts)
        due.append(
            (reminder_event_id(row.conference_id, starts), reminder_messages(data, base_url))
        )
    return due
