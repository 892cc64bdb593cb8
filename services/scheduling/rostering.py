"""The scheduling service's rota entrypoints: plan a window, read it, record unavailability,
decline a seat, and check each panel's quorum before its meeting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from contracts import api, policy
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform.clock import aware
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.lease import leased
from mskpeer.platform.settings import parse_duration
from mskpeer.platform.timers import timer
from mskpeer.platform.validation import load
from services.scheduling import (
    agenda,
    presenters_away,
    quorum_check,
    rota_inputs,
    rota_publishing,
    rota_views,
    unavailability,
)

# Far longer than a planning round takes (the solver has a second), so only a
# copy that died holding it loses it.
PLANNING_LEASE = timedelta(minutes=2)


class Rostering:
    """Mixed into SchedulingService: needs `self.db`, `self.clock` and `self.config`."""

    @rpc(expected_exceptions=(Invalid, NotFound, Conflict, Forbidden))
    def plan_rota(self, payload, actor):
        """Chair, standby and panel for every conference in the window. Emits rota.published."""
        policy.require(actor, policy.PLAN_CONFERENCES)
        details = load(api.RotaIn(), payload)
        start, end = details["from"], details["to"]
        summary = rota_publishing.plan_window(
            self.db, start, end, details["series_id"], actor["id"], self.clock()
        )
        with self.db.transaction() as tx:
            items, total = rota_views.rota_between(tx.session, start, end, 0, 10_000)
        return {**summary, "items": items, "total": total}

    @rpc(expected_exceptions=Invalid)
    def get_rota(self, query):
        query = load(api.RotaQuery(), query)
        with self.db.transaction() as tx:
            items, total = rota_views.rota_between(
                tx.session, query["from_"], query["to"], *_window(query)
            )
        return {"items": items, "total": total}

    @rpc(expected_exceptions=Invalid)
    def clinician_rota(self, clinician_id, query):
        query = load(api.RotaQuery(), query)
        with self.db.transaction() as tx:
            items, total = rota_views.duties(
                tx.session, clinician_id, query["from_"], query["to"], *_window(query)
            )
        return {"items": items, "total": total}

    @rpc(expected_exceptions=(Invalid, NotFound, Forbidden))
    def mark_unavailable(self, clinician_id, payload, actor):
        """Days the clinician cannot sit; the next rota leaves them off those days."""
        details = load(api.UnavailabilityIn(), payload)
        now = self.clock()
        with self.db.transaction() as tx:
            days = unavailability.mark(tx.session, clinician_id, details, actor, now)
            _move_their_cases(tx, clinician_id, days, now)
            # Too close to a meeting to wait for a decline: as if they had declined it.
            soon = now + self._quorum_check_before()
            for duty in unavailability.still_rostered(tx.session, clinician_id, days):
                if now < datetime.fromisoformat(duty["starts_at"]) <= soon:
                    quorum_check.secure(tx, duty["conference_id"], "decline", actor["id"], now)
            return self._unavailability(tx, clinician_id, actor, days)

    @rpc(expected_exceptions=(Invalid, NotFound, Forbidden))
    def clear_unavailable(self, clinician_id, day, actor):
        """A day entered by mistake, or leave cancelled: they may sit that day again."""
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise Invalid(
                "INVALID_INPUT", "day is not a date", {"day": ["use YYYY-MM-DD"]}
            ) from None
        with self.db.transaction() as tx:
            unavailability.clear(tx.session, clinician_id, day, actor)
        return {"clinician_id": clinician_id, "day": day.isoformat(), "removed": True}

    @rpc(expected_exceptions=(Invalid, NotFound, Forbidden))
    def list_unavailability(self, clinician_id, query, actor):
        query = load(api.UnavailabilityQuery(), query)
        with self.db.transaction() as tx:
            items, total = unavailability.listing(
                tx.session, clinician_id, actor, query["from_"], query["to"], *_window(query)
            )
            days = [item["day"] for item in items]
            rostered = unavailability.still_rostered(tx.session, clinician_id, _dates(days))
        return {
            "clinician_id": clinician_id,
            "items": items,
            "total": total,
            "still_rostered": rostered,
        }

    def _unavailability(self, tx, clinician_id, actor, days) -> dict:
        items, _ = unavailability.listing(
            tx.session, clinician_id, actor, min(days), max(days), 0, len(days)
        )
        asked = {day.isoformat() for day in days}
        items = [item for item in items if item["day"] in asked]
        return {
            "clinician_id": clinician_id,
            "items": items,
            "total": len(items),
            "still_rostered": unavailability.still_rostered(tx.session, clinician_id, days),
        }

    @rpc(expected_exceptions=(Invalid, NotFound, Conflict, Forbidden))
    def decline(self, conference_id, payload, actor):
        """Someone on a panel cannot come: they are off that day, and the day's conferences are
        planned again with as few changes as possible (the changes go out as events).

        Close to the meeting, or when no rota keeps every rule without them, the
        standby is called up instead and the coordinators hear of what is left.
        """
        details = load(api.DeclineIn(), payload)
        now = self.clock()
        with self.db.transaction() as tx:
            conference = unavailability.seat_to_decline(tx.session, conference_id, actor, now)
            day = rota_inputs.local_day(conference.starts_at)
            absent = {"dates": [day], "reason": f"declined: {details['reason']}"}
            unavailability.mark(tx.session, actor["id"], absent, actor, now)
            _move_their_cases(tx, actor["id"], [day], now)
        declined = {"conference_id": conference_id, "declined_by": actor["id"]}
        if aware(conference.starts_at) - now > self._quorum_check_before():
            try:
                summary = rota_publishing.plan_window(self.db, day, day, None, actor["id"], now)
                # Who declined needs what changed, not the solver's figures (GET /rota has them).
                changed = {k: summary[k] for k in ("changes", "rota_id", "status")}
                return {**declined, "replanned": True, "problems": [], **changed}
            except Conflict as error:
                if error.code != "ROTA_IMPOSSIBLE":
                    raise
        with self.db.transaction() as tx:
            called = quorum_check.secure(tx, conference_id, "decline", actor["id"], now)
        return {**declined, "replanned": False, **called}

    @rpc(expected_exceptions=(Invalid, Forbidden))
    def quorum_warnings(self, query, actor):
        """Panels at risk on meetings still ahead, for the coordinators to sort out."""
        policy.require(actor, policy.PLAN_CONFERENCES)
        query = load(api.QuorumWarningQuery(), query)
        with self.db.transaction() as tx:
            items, total = quorum_check.warnings(
                tx.session, self.clock(), query["open"], *_window(query)
            )
        return {"items": items, "total": total}

    @timer(interval=60, eager=True)
    def check_quorum(self):
        """QUORUM_CHECK_BEFORE each meeting: call up standbys, warn of panels still short."""
        now = self.clock()
        with self.db.transaction() as tx:
            due = quorum_check.due(tx.session, now, self._quorum_check_before())
        for conference_id in due:
            with self.db.transaction() as tx:
                if quorum_check.claim(tx.session, conference_id, now):
                    quorum_check.secure(tx, conference_id, "quorum_check", None, now)

    def _quorum_check_before(self) -> timedelta:
        return parse_duration(self.config.get("QUORUM_CHECK_BEFORE", "24h"))

    @timer(interval=30, eager=True)
    def plan_conferences(self) -> bool:
        """Keep conferences generated ahead, each with a panel, and place waiting cases.

        One copy of the service plans at a time (a lease): two planners would both
        find the same conferences missing and both seat a panel. False: another
        copy is planning now.
        """
        with leased(self.db, "scheduling.plan_conferences", PLANNING_LEASE) as mine:
            if mine:
                rota_publishing.plan_new_conferences(self.db, self.clock())
                with self.db.transaction() as tx:
                    agenda.place_waiting(tx, self.clock())
        return mine


def _window(query: dict) -> tuple[int, int]:
    return (query["page"] - 1) * query["page_size"], query["page_size"]


def _dates(days: list[str]) -> list[date]:
    return [date.fromisoformat(day) for day in days]


def _move_their_cases(tx, presenter_id: str, days, now) -> None:
    """Their own cases on those days wait for the next meeting they can come to.

    The agenda is held before any of its rows change, in the order placing takes it,
    so this and a placement queue rather than deadlock.
    """
    agenda.hold(tx.session, now)
    if presenters_away.unplace_on_days(tx.session, presenter_id, days, now):
        agenda.place_waiting(tx, now)
