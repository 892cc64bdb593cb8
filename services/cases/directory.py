"""The cases service's directory part: expertise contact cards and matching cases to colleagues."""

from __future__ import annotations

from contracts import api, events
from contracts.errors import Forbidden, NotFound
from mskpeer.platform.consumer import on_event
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.validation import load
from services.cases import audit, card_repository, cards, matching

IDENTITY = (
    "name",
    "email",
    "band",
    "service",
    "site",
)  # the staff directory's, not the card owner's


class Directory:
    """Mixed into CasesService: needs `self.db`, `self.clock` and `self._readable_case`."""

    @rpc
    def search_cards(self, reader, filters, offset=0, limit=50):
        """Cards matching `filters` (q, body_region, tag, site, service, band), best first."""
        with self.db.transaction() as tx:
            found = matching.search_cards(_index(tx), **filters)
            audit.record(tx, reader["id"], "search", "cards", self.clock())
        page = found[offset : offset + limit]
        return {"items": [cards.card_out(c) for c in page], "total": len(found)}

    @rpc(expected_exceptions=NotFound)
    def get_card(self, clinician_id, reader):
        with self.db.transaction() as tx:
            card = _card_for(tx, clinician_id)
            audit.record(tx, reader["id"], "read", f"card:{clinician_id}", self.clock())
        return cards.card_out(card)

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def update_card(self, clinician_id, payload, actor):
        """The owner (or an admin) says what they know and how to reach them."""
        changes = load(api.CardIn(), payload)
        with self.db.transaction() as tx:
            card = cards.edit(_card_for(tx, clinician_id, lock=True), changes, actor, self.clock())
            card_repository.save(tx.session, card)
            audit.record(tx, actor["id"], "edit", f"card:{clinician_id}", self.clock())
        return cards.card_out(card)

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def experts_for_case(self, case_id, reader, limit=10):
        """Colleagues best placed to help with a case, with the reasons, never its presenter."""
        case = self._readable_case(case_id, reader, action="read_experts")
        with self.db.transaction() as tx:
            return {"items": _experts(tx, case, limit)}

    @on_event(events.STAFF_JOINED)
    def handle_staff_joined(self, event, tx):
        self._keep_card(tx, event.data)

    @on_event(events.STAFF_CHANGED)
    def handle_staff_changed(self, event, tx):
        self._keep_card(tx, event.data)

    @on_event(events.STAFF_LEFT)
    def handle_staff_left(self, event, tx):
        self._keep_card(tx, event.data)

    def _keep_card(self, tx, staff: dict) -> None:
        """A clinician's card follows the staff list; what its owner wrote stays."""
        known = card_repository.get(tx.session, staff["staff_id"], for_update=True)
        if known is None:
            if "clinician" in staff["roles"] and staff["active"]:
                card_repository.add(tx.session, cards.opened_for(staff, self.clock()))
            return
        identity = {k: staff[k] for k in IDENTITY}
        active = staff["active"] and "clinician" in staff["roles"]
        card = {**known, **identity, "active": active, "updated_at": self.clock()}
        card_repository.save(tx.session, card)


def announce_matches(tx, case, matched_at: str, top: int = 10) -> None:
    """Emit case.matched: the colleagues best placed to help, for scheduling to invite."""
    experts = [
        {k: expert[k] for k in ("clinician_id", "score", "reasons")}
        for expert in _experts(tx, case, top)
    ]
    tx.emit(
        events.CASE_MATCHED,
        {"case_id": case.id, "experts": experts, "matched_at": matched_at},
    )


def _index(tx) -> matching.CardIndex:
    """The active cards, indexed once per change of the directory rather than per request
    (indexing 200 cards costs tens of milliseconds; checking for a change, one query)."""
    key = (str(tx.session.engine.url), card_repository.version(tx.session))
    if _indexed.get("key") != key:
        _indexed.update(key=key, index=matching.index_cards(card_repository.active(tx.session)))
    return _indexed["index"]


_indexed: dict = {}  # one directory per process in production; tests key it by database


def _experts(tx, case, limit: int) -> list[dict]:
    index = _index(tx)
    presenter = next((c for c in index.cards if c["clinician_id"] == case.presenter.id), {})
    wanted = {
        "id": case.id,
        "title": case.title,
        "summary": case.summary or "",
        "question": case.question or "",
        "body_region": case.body_region,
        "tags": list(case.tags or []),
        "presenter_id": case.presenter.id,
        "presenter_service": presenter.get("service"),
        "presenter_site": presenter.get("site"),
    }
    return matching.rank_experts(wanted, index, limit=limit)


def _card_for(tx, clinician_id: str, lock: bool = False) -> dict:
    card = card_repository.get(tx.session, clinician_id, for_update=lock)
    if card is None:
        raise NotFound("CLINICIAN_NOT_FOUND", f"there is no contact card for {clinician_id}")
    return card
