"""A day of compressed time with two replicas of every service: each email and event once.

The product runs in its production shape, two OS processes of each service and
of the gateway, on real RabbitMQ, PostgreSQL and SMTP. Timers look every second
or so (TIMER_SCALE) and a day's waits are seconds: the agenda goes 40 s before
the meeting, the panel's quorum is checked at 30 s and reminded at 20 s, the
daily digest goes at a time of day a few seconds ahead, follow-ups fall due
seconds after the minutes. Every timer runs in both replicas; a timer with two
effects shows up here as an email or an event heard twice.
"""

from __future__ import annotations

import collections
import contextlib
import signal
from datetime import UTC, datetime, timedelta

import pytest

from mskpeer.mailsink import MailSink
from mskpeer.platform.settings import SERVICES
from services.notifications.domain import LONDON
from tests.support.api import eventually
from tests.support.event_tap import EventTap
from tests.support.infra import postgres_databases, rabbit_vhost
from tests.support.meetings import COORDINATOR, PHYSIO
from tests.support.production_shape import production_shape
from tests.support.referrals import PATIENT, referral, staff_token

# Fourteen processes start, and notifications restarts: minutes on a busy shared machine.
pytestmark = pytest.mark.timeout(1500)

COMPRESSED_DAY = {
    "TIMER_SCALE": "0.02",  # a minute between looks becomes about a second
    "AGENDA_PUBLISH_BEFORE": "40s",
    "QUORUM_CHECK_BEFORE": "30s",
    "REMINDER_BEFORE": "20s",
    "FOLLOW_UP_AFTER": "2s",
    "FOLLOW_UP_REMINDER_AFTER": "2s",
    "FOLLOW_UP_ESCALATE_AFTER": "2s",
    "HANDLER_BACKOFF": "0.05s",
    "RELAY_GRACE": "0.5s",
}
DIGEST_IN = 120  # seconds: long enough to restart notifications on a busy machine
DIGEST_BEFORE_START = 10  # the digest goes after the agenda and the reminder are held


@contextlib.contextmanager
def two_replicas(directory):
    with rabbit_vhost() as amqp_uri, postgres_databases() as urls, MailSink(directory) as sink:
        taps = [EventTap(amqp_uri, service, ["#"]) for service in SERVICES]
        try:
            with production_shape(
                directory, amqp_uri, urls, sink.port, copies=2, start_within=600, **COMPRESSED_DAY
            ) as shape:
                yield shape, sink, taps
        finally:
            for tap in taps:
                tap.close()


def heard(taps) -> list:
    return [envelope for tap in taps for envelope in tap.drain()]


def restart_with(shape, part: str, **settings) -> None:
    """Every copy of `part` stopped (SIGTERM: in-flight work finishes) and started with
    new settings; what arrives meanwhile waits on the broker."""
    shape.env.update(settings)
    copies = [shape.processes[(part, copy)] for copy in range(shape.copies)]
    for process in copies:
        process.send_signal(signal.SIGTERM)
    for copy, process in enumerate(copies):
        process.wait(timeout=120)
        shape.start(part, copy)
    shape.healthy(300)


def digest_time_read_by_notifications(shape) -> datetime:
    """A digest time a little ahead, read by notifications (restarted for it): a time of
    day, so one the restart has not already passed. Tried again with more room if it has."""
    room = timedelta(seconds=DIGEST_IN)
    for _ in range(3):
        asked = datetime.now(UTC)
        digest_at = asked.replace(microsecond=0) + room
        london = digest_at.astimezone(LONDON).strftime("%H:%M:%S")
        restart_with(shape, "notifications", DIGEST_AT=london)
        if datetime.now(UTC) < digest_at - timedelta(seconds=15):
            return digest_at
        room = (datetime.now(UTC) - asked) * 2 + timedelta(seconds=20)
    raise AssertionError("notifications took too long to restart, three times")


def what_it_says(envelope) -> tuple:
    """An event without what each emission makes afresh (ids of records, times)."""
    kept = {
        k: repr(v)
        for k, v in envelope.data.items()
        if not k.endswith("_at") and k not in ("rota_id", "warning_id")
    }
    return (envelope.event_type, tuple(sorted(kept.items())))


def mail_key(message, events: dict) -> tuple:
    """(message type, recipient, what the event said): the same news to the same person."""
    parts = message.message_id.strip("<>").split("@")[0].split(".")
    if len(parts) != 3:  # a referral's letter to the patient: its id is stable already
        return (message.message_id,)
    event_id, message_type, recipient = parts
    said = what_it_says(events[event_id]) if event_id in events else event_id
    return (message_type, recipient, said)


def test_a_compressed_day_with_two_replicas_sends_each_email_and_event_once(tmp_path):
    with two_replicas(tmp_path / "mail") as (shape, sink, taps):
        api = shape.clients()[0]
        titles = [f"Replica day case {n}: knee pain on stairs" for n in range(3)]
        cases = [api.submit_case(PHYSIO, title=t, body_region="knee") for t in titles]
        cases = [api.wait_for_case(PHYSIO, c["id"], "scheduled", timeout=60) for c in cases]
        conference_id = cases[0]["conference_id"]
        assert {c["conference_id"] for c in cases} == {conference_id}
        conference = api.get(f"/api/v1/conferences/{conference_id}", PHYSIO).json()
        chair = conference["chair"]
        # Not the presenter: a day away of theirs would rightly take their cases off this meeting.
        presenter = cases[0]["presenter_id"]
        panel = [
            a for a in conference["attendees"] if a["role"] == "attendee" and a["id"] != presenter
        ]
        assert len(panel) >= 2 and any(a["role"] == "standby" for a in conference["attendees"])
        digest_reader, away = panel[0], panel[1]
        choice = {"agenda": True, "reminders": True, "digest": "daily"}
        chosen = api.put("/api/v1/me/notification-preferences", digest_reader["email"], json=choice)
        assert chosen.status_code == 200, chosen.text

        patient = api.post("/api/v1/referrals", json=referral())
        assert patient.status_code == 201, patient.text
        triage, _ = staff_token(api, "triage")
        decision = {"priority": "routine", "destination": "physiotherapy", "site": "north"}
        triaged = api.post(
            f"/api/v1/referrals/{patient.json()['id']}/triage", json=decision, headers=triage
        )
        assert triaged.status_code == 200, triaged.text

        # The day: the digest goes at a time of day a little ahead (the notifications
        # replicas restart to read it), and the meeting starts just after it.
        digest_at = digest_time_read_by_notifications(shape)
        starts = digest_at + timedelta(seconds=DIGEST_BEFORE_START)
        moved = api.post(
            f"/api/v1/conferences/{conference_id}/move",
            COORDINATOR,
            json={"starts_at": starts.isoformat()},
        )
        assert moved.status_code == 200, moved.text
        assert datetime.now(UTC) < starts - timedelta(seconds=32), "the restart took too long"
        # Off that day after the rota, before the check: the quorum check calls up the standby.
        day = starts.astimezone(LONDON).date().isoformat()
        off = api.post(
            f"/api/v1/clinicians/{away['id']}/unavailability",
            away["email"],
            json={"dates": [day], "reason": "clinic cover"},
        )
        assert off.status_code in (200, 201), off.text

        ahead = (starts - datetime.now(UTC)).total_seconds()
        eventually(lambda: datetime.now(UTC), lambda now: now >= starts, ahead + 30, "the meeting")
        action = {"owner_id": cases[0]["presenter_id"], "description": "Review loading"}
        minutes = {
            "items": [
                {
                    "case_id": c["id"],
                    "discussion": "Load tolerance first.",
                    "recommendations": "Progressive loading.",
                    "actions": [{**action, "due_date": day}] if c is cases[0] else [],
                }
                for c in cases
            ]
        }
        recorded = api.post(
            f"/api/v1/conferences/{conference_id}/minutes", chair["email"], json=minutes
        )
        assert recorded.status_code == 201, recorded.text

        def the_day_done(envelopes) -> bool:
            types = collections.Counter(e.event_type for e in envelopes)
            return types["follow_up.escalated"] >= len(cases) and types["action.due"] >= 1

        eventually(lambda: heard(taps), the_day_done, 90, "the follow-ups and the action due")
        # Quiet: nothing new heard or sent for a few seconds (a second effect would be late).
        quiet = eventually(
            lambda: (len(heard(taps)), len(sink.messages())),
            _unchanged_for(4),
            60,
            "the product to fall quiet",
        )
        print(f"events heard, emails sent: {quiet}")

        envelopes = heard(taps)
        mail = sink.messages()
        ids = collections.Counter(e.event_id for e in envelopes)
        assert not [i for i, n in ids.items() if n > 1], "an event published twice"
        said = collections.Counter(what_it_says(e) for e in envelopes)
        assert not [s for s, n in said.items() if n > 1], "the same news emitted twice"
        assert not [m for m, n in collections.Counter(m.message_id for m in mail).items() if n > 1]
        by_id = {e.event_id: e for e in envelopes}
        keys = collections.Counter(mail_key(m, by_id) for m in mail)
        assert not [k for k, n in keys.items() if n > 1], "the same email sent twice"

        # And nothing missing: each step of the day, once.
        of = collections.Counter(
            (e.event_type, e.data.get("conference_id") or e.data.get("case_id")) for e in envelopes
        )
        assert of[("conference.agenda_published", conference_id)] >= 1
        assert of[("minutes.recorded", conference_id)] == 1
        for case in cases:
            for step in ("follow_up.due", "follow_up.reminded", "follow_up.escalated"):
                assert of[(step, case["id"])] == 1, (step, case["id"])
        assert sum(1 for e in envelopes if e.event_type == "action.due") == 1
        seats = [
            e.data
            for e in envelopes
            if e.event_type == "conference.assignment_changed"
            and e.data["conference_id"] == conference_id
        ]
        taken_off = [s for s in seats if s["clinician"]["email"] == away["email"]]
        assert [s["change"] for s in taken_off][-1:] == ["removed"], "the quorum check"
        assert sum(1 for s in taken_off if s["change"] == "removed") == 1
        called_up = [s for s in seats if "called up from standby" in " ".join(s["reasons"])]
        assert len(called_up) <= 1, called_up

        subjects = collections.Counter((m.rcpt_to, m.subject) for m in mail)
        physio = ((PHYSIO,),)
        for title in titles:
            assert subjects[(*physio, f"Case received: {title}")] == 1
        assert subjects[(*physio, f"Action due today: {titles[0]}")] == 1
        digests = [
            m for m in mail if m.rcpt_to == (digest_reader["email"],) and "digest" in m.subject
        ]
        assert len(digests) == 1, [m.subject for m in mail if digest_reader["email"] in m.rcpt_to]
        assert "agenda" in digests[0].text.lower()
        agendas = [m for m in mail if ".agenda_published." in m.message_id]
        assert agendas and digest_reader["email"] not in {r for m in agendas for r in m.rcpt_to}
        reminders = [m for m in mail if ".conference_reminder." in m.message_id]
        assert reminders, "the panel was reminded"
        to_patient = [m.subject for m in mail if m.rcpt_to == (PATIENT["email"],)]
        assert len(to_patient) == 2 == len(set(to_patient)), to_patient


def _unchanged_for(seconds: float):
    seen = {"value": None, "since": None}

    def still(value) -> bool:
        now = datetime.now(UTC)
        if value != seen["value"]:
            seen.update(value=value, since=now)
        return (now - seen["since"]).total_seconds() >= seconds

    return still
