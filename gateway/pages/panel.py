"""Who sits on a conference, in which seat and why, as its pages show them."""

from __future__ import annotations

from contracts import policy
from gateway.calls import call
from gateway.pages.rendering import london

SEAT_ORDER = ("chair", "standby", "attendee", "expert")


def panel_of(scheduling, staff, conference: dict) -> list[dict]:
    """Chair, standby, panel and invited experts, each with the rota's reasons for them
    (the rota keeps reasons only for conferences still scheduled) and their service's name."""
    day = london(conference["starts_at"]).date().isoformat()
    planned = call(scheduling, "get_rota", {"from": day, "to": day, "page_size": 500})["items"]
    rota = next((c for c in planned if c["conference_id"] == conference["id"]), None)
    reasons = {}
    if rota:
        for seat in [rota["chair"], rota["standby"], *rota["attendees"]]:
            if seat:
                reasons[(seat["id"], seat["role"])] = seat["reasons"]
    services = service_names(staff)
    return [
        {
            **seat,
            "service_name": services.get(seat["service"], seat["service"]),
            "reasons": reasons.get((seat["id"], seat["role"]), []),
        }
        for seat in seated(conference)
    ]


def service_names(staff) -> dict[str, str]:
    """Each service's name by its code: services are data an admin adds to."""
    return {s["code"]: s["name"] for s in call(staff, "list_services")["items"]}


def seated(conference: dict) -> list[dict]:
    """Everyone with a seat, the chair first, then the standby, the panel and the experts."""
    seats = [{**conference["chair"], "role": "chair"}] if conference["chair"] else []
    seats += conference["attendees"]
    return sorted(seats, key=lambda seat: (_rank(seat["role"]), seat["name"]))


def _rank(role: str) -> int:
    return SEAT_ORDER.index(role) if role in SEAT_ORDER else len(SEAT_ORDER)


def seats_of(conference: dict, person_id: str) -> list[str]:
    """The seats a person holds on this conference's panel (none when they are not on it)."""
    seats = [a["role"] for a in conference["attendees"] if a["id"] == person_id]
    if conference["chair"] and conference["chair"]["id"] == person_id:
        seats.insert(0, "chair")
    return seats


def mark_readable(me: dict, conference: dict, my_case_ids, seated: bool) -> None:
    """Which agenda items this person may open: the one case-read rule (contracts.policy)."""
    here = [conference["id"]] if seated else []
    for item in conference["agenda"]:
        presenter = me["id"] if item["case_id"] in my_case_ids else None
        item["readable"] = policy.may_read_case(me, presenter, conference["id"], lambda: here)


def is_lead(person: dict) -> bool:
    """Moves and cancels meetings (contracts.policy)."""
    return policy.has_role_for(person, policy.PLAN_CONFERENCES)


def writes_minutes(conference: dict, person: dict) -> bool:
    """Whether to offer the minutes editor: the service decides again on every save."""
    chair = conference["chair"]
    return policy.may_record_minutes(person, chair and chair["id"])
