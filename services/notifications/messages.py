"""Which event becomes which message to whom, rendered from one template per message type."""

from __future__ import annotations

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


def _when(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(LONDON).strftime("%A %d %B %Y, %H:%M")


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
    if event_type == events.FOLLOW_UP_DUE:
        return [
            Message(
                "outcome_requested",
                data["presenter"],
                f"What happened to your patient? {data['title']}",
                {"link": outcome_link, **data},
            )
        ]
    if event_type == events.FOLLOW_UP_REMINDED:
        return [
            Message(
                "outcome_reminder",
                data["presenter"],
                f"Reminder: outcome for {data['title']}",
                {"link": outcome_link, **data},
            )
        ]
    if event_type == events.FOLLOW_UP_ESCALATED:
        return [
            Message(
                "outcome_escalated",
                data["chair"],
                f"No outcome yet for a case you chaired: {data['title']}",
                {"link": outcome_link, **data},
            )
        ]
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
    return []


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
