"""Contact cards: opened for every new colleague, changed only by their owner or an admin."""

from datetime import UTC, datetime

import pytest

from contracts.errors import Forbidden
from services.cases import cards

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PRIYA = {  # the data of staff.joined
    "staff_id": "p-1",
    "name": "Priya Dale",
    "email": "priya.dale@demo.nhs.uk",
    "band": 7,
    "service": "msk_esp",
    "site_id": "s-1",
    "site": "Poole Hospital",
    "roles": ["clinician"],
    "active": True,
    "expertise": [{"area": "shoulder", "level": "expert"}],
    "at": NOW.isoformat(),
}
CHANGES = {
    "role": "fcp",
    "expertise": [
        {"area": "frozen_shoulder", "level": "interest"},
        {"area": "frozen_shoulder", "level": "expert"},
    ],
    "happy_to_help_with": "Shoulder injections",
    "availability": "Fridays",
    "preferred_contact": "Teams",
}


def test_a_new_colleague_starts_with_the_expertise_they_declared_and_their_usual_role():
    card = cards.opened_for(PRIYA, NOW)
    assert card["role"] == "esp"
    assert card["expertise"] == PRIYA["expertise"]
    assert card["active"] and card["updated_at"] == NOW and card["updated_by"] is None


def test_the_owner_changes_their_card_and_an_area_given_twice_keeps_the_last_level():
    card = cards.edit(
        cards.opened_for(PRIYA, NOW), CHANGES, {"id": "p-1", "roles": ["clinician"]}, NOW
    )
    assert card["role"] == "fcp"
    assert card["expertise"] == [{"area": "frozen_shoulder", "level": "expert"}]
    assert card["updated_at"] == NOW and card["updated_by"] == "p-1"
    assert card["band"] == 7, "band, service and site stay the staff directory's"


def test_an_admin_may_change_anyones_card_but_a_colleague_may_not():
    card = cards.opened_for(PRIYA, NOW)
    assert cards.edit(card, CHANGES, {"id": "a-1", "roles": ["clinician", "admin"]}, NOW)
    with pytest.raises(Forbidden):
        cards.edit(card, CHANGES, {"id": "c-9", "roles": ["clinician", "chair"]}, NOW)


def test_a_card_shown_to_people_carries_no_bookkeeping():
    out = cards.card_out(cards.opened_for(PRIYA, NOW))
    assert "active" not in out and "updated_by" not in out
    assert out["updated_at"] == NOW.isoformat()
