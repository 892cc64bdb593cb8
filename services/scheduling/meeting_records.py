"""The scheduling service's record of meetings: minutes (drafted, published, read) and actions."""

from __future__ import annotations

from contracts import api
from contracts.errors import Conflict, Forbidden, Invalid, NotFound
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.timers import timer
from mskpeer.platform.validation import load, refuse_patient_identifiers
from services.scheduling import actions, minutes


class MeetingRecords:
    """Mixed into SchedulingService: needs `self.db` and `self.clock`."""

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict, Invalid))
    def record_minutes(self, conference_id, payload, actor):
        """Publish the minutes of a meeting. Emits minutes.recorded and action.assigned."""
        details = load(api.RecordMinutes(), payload)
        refuse_patient_identifiers(minutes.free_text(details))
        with self.db.command() as tx:
            if not tx.done_before:
                tx.result = minutes.record_minutes(tx, conference_id, details, actor, self.clock())
        return tx.result

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict, Invalid))
    def save_minutes_draft(self, conference_id, payload, actor):
        """Keep the chair's minutes as they type; checked for patient identifiers all the same."""
        draft = load(api.DraftMinutes(), payload)
        refuse_patient_identifiers(minutes.free_text(draft))
        with self.db.transaction() as tx:
            return minutes.save_draft(tx, conference_id, draft, actor, self.clock())

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def get_minutes(self, conference_id, reader):
        with self.db.transaction() as tx:
            found = minutes.read_minutes(tx, conference_id, reader, self.clock())
        if found is None:  # refused, and the refusal is on its way to the audit log
            raise Forbidden(
                "NOT_YOUR_CONFERENCE",
                "only the people at a conference and those who presented may read its minutes",
            )
        return found

    @rpc
    def list_actions(self, owner_id=None, open_only=None, offset=0, limit=50):
        with self.db.transaction() as tx:
            items, total = actions.list_actions(tx.session, owner_id, open_only, offset, limit)
        return {"items": items, "total": total}

    @rpc(expected_exceptions=(NotFound, Forbidden, Conflict))
    def complete_action(self, action_id, actor):
        with self.db.transaction() as tx:
            return actions.complete(tx, action_id, actor, self.clock())

    @timer(interval=60)
    def remind_due_actions(self):
        """Tell owners when an action's day has come (action.due), once each."""
        with self.db.transaction() as tx:
            actions.release_due(tx, self.clock())
