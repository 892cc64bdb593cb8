"""A clinician's own settings: which messages they want, and their calendar feed."""

from __future__ import annotations

from datetime import time

import eventlet

from contracts import api
from contracts.errors import Invalid, NotFound
from mskpeer.platform.entrypoints import ResilientRpcProxy as RpcProxy
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.settings import base_url
from mskpeer.platform.validation import load
from services.notifications import calendar_state, domain, feeds, preferences
from services.notifications.domain import Preferences

SCHEDULING_TIMEOUT = 10  # seconds


def digest_time(config) -> time:
    return domain.parse_clock(config.get("DIGEST_AT") or "07:00")


class PersonalSettings:
    """Mixed into NotificationsService: needs `self.db`, `self.clock`, `self.config`, `_send`."""

    scheduling = RpcProxy("scheduling")

    @rpc
    def get_preferences(self, clinician_id):
        with self.db.transaction() as tx:
            chosen = preferences.of(tx.session, clinician_id)
        return preferences.out(chosen, digest_time(self.config))

    @rpc(expected_exceptions=Invalid)
    def set_preferences(self, clinician_id, payload):
        """Replace them; turning the digest off sends what it was holding at once."""
        chosen = Preferences(**load(api.NotificationPreferencesIn(), payload))
        with self.db.transaction() as tx:
            released = preferences.save(tx.session, clinician_id, chosen, self.clock())
        if released:
            self._send(released)
        return preferences.out(chosen, digest_time(self.config))

    @rpc
    def rotate_calendar_token(self, clinician_id):
        """A new secret for the person's feed; the previous one stops working."""
        with self.db.transaction() as tx:
            token = feeds.rotate(tx.session, clinician_id, self.clock())
        return {"token": token}

    @rpc(expected_exceptions=NotFound)
    def calendar_feed(self, token):
        """The iCalendar text of the feed a token opens."""
        with self.db.transaction() as tx:
            clinician_id = feeds.owner(tx.session, token)
        if clinician_id is None:
            raise NotFound("CALENDAR_NOT_FOUND", "this calendar link is unknown or was replaced")
        now = self.clock()
        start, end = domain.feed_window(now)
        # A feed client retries on its own; a worker waiting forever helps nobody.
        with eventlet.Timeout(SCHEDULING_TIMEOUT):
            conferences = self.scheduling.calendar_of(
                clinician_id, start.isoformat(), end.isoformat()
            )
        with self.db.transaction() as tx:
            sequences = calendar_state.sequences(
                tx.session, [c["conference_id"] for c in conferences]
            )
        return feeds.render(conferences, sequences, base_url(self.config), now)
