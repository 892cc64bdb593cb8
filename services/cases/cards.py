"""Expertise contact cards: pure rules, no I/O.

A card says who to ask about what between meetings. Name, band, service and
site are the staff directory's (they arrive with clinician.registered); the
role, expertise and how to get hold of someone are the clinician's own words,
which only they or an admin may change.
"""

from __future__ import annotations

from datetime import datetime

from contracts import policy
from contracts.errors import Forbidden

# What someone in each service most likely does, until they say otherwise.
USUAL_ROLE = {
    "core_physio": "core_physio",
    "msk_esp": "esp",
    "orthopaedics": "orthopaedic_practitioner",
}
EDITABLE = ("role", "expertise", "happy_to_help_with", "availability", "preferred_contact")


def opened_for(colleague: dict, now: datetime) -> dict:
    """The card a colleague who joined (staff.joined) starts with."""
    return {
        "clinician_id": colleague["staff_id"],
        "name": colleague["name"],
        "email": colleague["email"],
        "role": USUAL_ROLE.get(colleague["service"], "core_physio"),
        "band": colleague["band"],
        "service": colleague["service"],
        "site": colleague["site"],
        "expertise": colleague.get("expertise", []),
        "happy_to_help_with": "",
        "availability": "",
        "preferred_contact": "",
        "active": True,
        "updated_at": now,
        "updated_by": None,  # the staff directory, not a person
    }


def edit(card: dict, changes: dict, by: dict, now: datetime) -> dict:
    """The card with its owner's (or an admin's) changes; anyone else is refused."""
    if not policy.may_edit_card(by, card["clinician_id"]):
        raise Forbidden("NOT_YOUR_CARD", "only its owner or an admin may change a contact card")
    # The same area twice (e.g. at two levels) keeps the last one given.
    expertise = {item["area"]: item for item in changes["expertise"]}
    return {
        **card,
        **{field: changes[field] for field in EDITABLE},
        "expertise": list(expertise.values()),
        "updated_at": now,
        "updated_by": by["id"],
    }


def card_out(card: dict) -> dict:
    out = {k: v for k, v in card.items() if k not in ("active", "updated_by")}
    out["updated_at"] = card["updated_at"].isoformat()
    return out
