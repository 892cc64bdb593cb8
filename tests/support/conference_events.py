"""Events about cases and conferences, shaped as their producers send them, for mail tests."""

import uuid
from datetime import UTC, datetime, timedelta

from contracts import events
from tests.support.events import envelope

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)
LINK = "https://teams.example.nhs.uk/msk-peer-support"


def at(delta_minutes: int = 0) -> str:
    return (SOON + timedelta(minutes=delta_minutes)).isoformat()


def case_events(presenter: dict, chair: dict, owner: dict) -> list:
    case_id, conference_id = str(uuid.uuid4()), str(uuid.uuid4())
    title = f"Shoulder stiffness {uuid.uuid4().hex[:6]}"
    scheduled = {
        "case_id": case_id,
        "conference_id": conference_id,
        "title": title,
        "starts_at": at(),
        "ends_at": at(60),
        "slot_starts_at": at(10),
        "slot_ends_at": at(20),
        "location": LINK,
        "chair": chair,
        "presenter": presenter,
    }
    follow_up = {
        "follow_up_id": str(uuid.uuid4()),
        "case_id": case_id,
        "title": title,
        "presenter": presenter,
        "chair": chair,
        "due_at": at(),
    }
    action = {
        "action_id": 4242,
        "conference_id": conference_id,
        "case_id": case_id,
        "title": title,
        "owner": owner,
        "description": "Review at four weeks",
        "due_date": SOON.date().isoformat(),
        "assigned_at": at(),
    }
    return [
        envelope(events.CASE_SCHEDULED, scheduled),
        envelope(
            events.CASE_RESCHEDULED, {**scheduled, "previous_conference_id": str(uuid.uuid4())}
        ),
        envelope(events.FOLLOW_UP_DUE, follow_up),
        envelope(events.FOLLOW_UP_REMINDED, follow_up),
        envelope(events.FOLLOW_UP_ESCALATED, follow_up),
        envelope(events.ACTION_ASSIGNED, action),
        envelope(events.ACTION_DUE, action),
    ]


def conference_events(conference_id: str, panel: list[dict]) -> list:
    place = {"conference_id": conference_id, "location": LINK, "people": panel}
    return [
        envelope(
            events.CONFERENCE_AGENDA_PUBLISHED,
            {
                **place,
                "starts_at": at(),
                "ends_at": at(60),
                "items": [
                    {
                        "case_id": str(uuid.uuid4()),
                        "title": "Knee pain on stairs",
                        "question": "Refer or load?",
                        "slot_starts_at": at(),
                        "slot_ends_at": at(10),
                    }
                ],
                "published_at": datetime.now(UTC).isoformat(),
            },
        )
    ]


def assignment(conference_id: str, who: dict, role: str, change: str, start: int = 0):
    return envelope(
        events.CONFERENCE_ASSIGNMENT_CHANGED,
        {
            "rota_id": str(uuid.uuid4()),
            "conference_id": conference_id,
            "clinician": {k: who[k] for k in ("id", "name", "email")},
            "role": role,
            "change": change,
            "starts_at": at(start),
            "ends_at": at(start + 60),
            "location": LINK,
            "reasons": ["fairness: 1st conference in 14 weeks"] if change == "added" else [],
        },
    )


def moved(conference_id: str, panel: list[dict], minutes: int):
    return envelope(
        events.CONFERENCE_MOVED,
        {
            "conference_id": conference_id,
            "previous_starts_at": at(),
            "starts_at": at(minutes),
            "ends_at": at(minutes + 60),
            "location": LINK,
            "people": panel,
            "moved_at": datetime.now(UTC).isoformat(),
        },
    )


def cancelled(conference_id: str, panel: list[dict]):
    return envelope(
        events.CONFERENCE_CANCELLED,
        {
            "conference_id": conference_id,
            "starts_at": at(),
            "location": LINK,
            "people": panel,
            "reason": "Bank holiday",
            "cancelled_at": datetime.now(UTC).isoformat(),
        },
    )
