"""Which event becomes which message to whom, rendered from one template per message type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from contracts import events

LONDON = ZoneInfo("Europe/London")
PRODUCT = "MSK Peer Support"


@dataclass(frozen=True)
class Message:
    message_type: str
    recipient: dict
    subject: str
    context: dict


def _clock(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(LONDON).strftime("%H:%M")


def _when(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(LONDON).strftime("%A %d %B %Y, %H:%M")


# The follow-up chain after a discussion, and the later reviews (round 2, 3...)
# of the same case: message type, who gets it, and the subject.
FOLLOW_UP_MESSAGES = {
    events.FOLLOW_UP_DUE: (
        "outcome_requested",
        "presenter",
        "What happened to your patient? {title}",
    ),
    events.FOLLOW_UP_REMINDED: ("outcome_reminder", "presenter", "Reminder: outcome for {title}"),
    events.FOLLOW_UP_ESCALATED: (
        "outcome_escalated",
        "chair",
        "No outcome yet for a case you chaired: {title}",
    ),
    events.REVIEW_DUE: ("outcome_requested", "presenter", "How is your patient now? {title}"),
    events.REVIEW_REMINDED: ("outcome_reminder", "presenter", "Reminder: review of {title}"),
    events.REVIEW_ESCALATED: (
        "outcome_escalated",
        "chair",
        "No review yet for a case you chaired: {title}",
    ),
}

# Messages to everyone on a conference's panel: type, and subject from the context.
PANEL_MESSAGES = {
    events.CONFERENCE_CANCELLED: ("conference_cancelled", "Cancelled: case conference on {when}"),
    events.CONFERENCE_MOVED: ("conference_moved", "Moved: case conference now on {when}"),
    events.CONFERENCE_AGENDA_PUBLISHED: ("agenda_published", "Agenda: case conference on {when}"),
}


def messages_for(event_type: str, data: dict, base_url: str) -> list[Message]:
    """The messages one event sends. Never more than the pseudonymised title goes by email."""
    case_link = f"{base_url}/cases/{data.get('case_id', '')}"
    if event_type == events.CASE_SUBMITTED:
        return [
            Message(
                "case_received",
                data["presenter"],
                f"Case received: {data['title']}",
                {"link": case_link, **data},
            )
        ]
    if event_type == events.CASE_SCHEDULED:
        context = {"link": case_link, "when": _when(data["slot_starts_at"]), **data}
        return [
            Message(
                "case_scheduled_chair",
                data["chair"],
                f"New case on your conference agenda: {data['title']}",
                context,
            ),
            Message(
                "case_scheduled",
                data["presenter"],
                f"Your case is scheduled for {context['when']}",
                context,
            ),
        ]
    outcome_link = f"{case_link}/outcome"
    if event_type in FOLLOW_UP_MESSAGES:
        message_type, to, subject = FOLLOW_UP_MESSAGES[event_type]
        context = {"link": outcome_link, "round": data.get("round"), **data}
        return [Message(message_type, data[to], subject.format(**context), context)]
    if event_type == events.CASE_RESCHEDULED:
        context = {"link": case_link, "when": _when(data["slot_starts_at"]), **data}
        return [
            Message(
                "case_moved", data["presenter"], f"Your case has moved: {context['when']}", context
            )
        ]
    if event_type == events.CONFERENCE_ASSIGNMENT_CHANGED:
        return [assignment_message(data, base_url)]
    if event_type in PANEL_MESSAGES:
        message_type, subject = PANEL_MESSAGES[event_type]
        if data.get("changed"):  # sent again: it changed after the panel first had it
            subject = "Changed agenda: case conference on {when}"
        return panel_messages(message_type, subject, data, base_url)
    if event_type == events.CONFERENCE_QUORUM_AT_RISK:
        return quorum_messages(data, base_url)
    if event_type in (events.ACTION_ASSIGNED, events.ACTION_DUE):
        due = date.fromisoformat(data["due_date"]).strftime("%A %d %B %Y")
        context = {"link": f"{base_url}/actions", "due": due, **data}
        if event_type == events.ACTION_ASSIGNED:
            return [
                Message(
                    "action_assigned", data["owner"], f"Action for you: {data['title']}", context
                )
            ]
        return [Message("action_due", data["owner"], f"Action due today: {data['title']}", context)]
    if event_type == events.STAFF_PASSWORD_LINK_ISSUED:
        return [password_link_message(data, base_url)]
    return []


# A password link opens an account: the delivery log keeps the words of the email
# once it is sent or given up on, never the link's token (deliveries.py).
HOLDS_A_KEY = frozenset({"password_invitation", "password_reset"})
_PASSWORD_TOKEN = re.compile(r"(set-password\?token=)[\w-]+")


def without_key(text: str) -> str:
    return _PASSWORD_TOKEN.sub(r"\1withheld", text)


def password_link_message(data: dict, base_url: str) -> Message:
    """An invitation to set a first password (7 days), or a reset link (1 hour)."""
    to = {"id": data["staff_id"], "name": data["name"], "email": data["email"]}
    context = {
        "link": f"{base_url}/set-password?token={data['token']}",
        "until": _when(data["expires_at"]),
    }
    if data["purpose"] == "invitation":
        return Message("password_invitation", to, f"You are invited to {PRODUCT}", context)
    return Message("password_reset", to, f"Set a new password for {PRODUCT}", context)


# What a seat on the rota means, in the words of a subject line.
SEATS = {
    "chair": "you chair",
    "standby": "you are standby chair for",
    "attendee": "you are on the panel of",
}


def assignment_message(data: dict, base_url: str) -> Message:
    """The rota seats someone (an invite) or takes them off (a cancellation)."""
    when = _when(data["starts_at"])
    context = {"link": f"{base_url}/conferences/{data['conference_id']}", "when": when, **data}
    seat = SEATS.get(data["role"], f"you are {data['role']} at")
    if data["change"] == "added" and data["role"] == "expert":
        subject = f"Invitation: the expert for a case at the case conference on {when}"
        return Message("assignment", data["clinician"], subject, context)
    if data["change"] == "added":
        subject = f"Rota: {seat} the case conference on {when}"
        return Message("assignment", data["clinician"], subject, context)
    if data["role"] == "expert":
        subject = f"No longer needed as the expert at the case conference on {when}"
        return Message("assignment_removed", data["clinician"], subject, context)
    subject = f"Rota: you are no longer {data['role']} at the case conference on {when}"
    return Message("assignment_removed", data["clinician"], subject, context)


def panel_messages(message_type: str, subject: str, data: dict, base_url: str) -> list[Message]:
    """One message to each person on a conference's panel, naming their role."""
    link = f"{base_url}/conferences/{data['conference_id']}"
    context = {"link": link, "when": _when(data["starts_at"]), **data}
    if "previous_starts_at" in data:
        context["was"] = _when(data["previous_starts_at"])
    if "items" in data:  # the agenda, at London times
        context["items"] = [{**i, "at": _clock(i["slot_starts_at"])} for i in data["items"]]
    return [
        Message(
            message_type, person, subject.format(**context), {**context, "role": person["role"]}
        )
        for person in data["people"]
    ]


def quorum_messages(data: dict, base_url: str) -> list[Message]:
    """Each coordinator hears that a panel is short, what is wrong and who was called up."""
    context = {
        "link": f"{base_url}/conferences/{data['conference_id']}",
        "warnings_link": f"{base_url}/quorum-warnings",
        "when": _when(data["starts_at"]),
        **data,
    }
    subject = f"Quorum at risk: case conference on {context['when']}"
    return [Message("quorum_at_risk", person, subject, context) for person in data["coordinators"]]


def reminder_messages(data: dict, base_url: str) -> list[Message]:
    """The day before: the conference's time, link and the recipient's role."""
    return panel_messages(
        "conference_reminder", "Reminder: case conference on {when}", data, base_url
    )


def digest_message(person: dict, items: list[dict], day: str) -> Message:
    """One email with every message held for a person's daily digest, oldest first."""
    count = f"{len(items)} message{'s' if len(items) != 1 else ''}"
    return Message(
        "digest", person, f"{PRODUCT} daily digest: {count}", {"items": items, "day": day}
    )


class Templates:
    def __init__(self, directory: Path | None = None):
        self._env = Environment(
            loader=FileSystemLoader(directory or Path(__file__).parent / "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )

    def render(self, message: Message) -> tuple[str, str]:
        context = {"product": PRODUCT, "recipient": message.recipient, **message.context}
        text = self._env.get_template(f"{message.message_type}.txt").render(context)
        html = self._env.get_template(f"{message.message_type}.html").render(context)
        return text, html
