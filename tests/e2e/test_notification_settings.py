"""A clinician's preferences and private calendar feed; an admin sends a failed message again."""

from datetime import UTC, datetime

from icalendar import Calendar

from services.notifications import deliveries
from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"
ADMIN = "admin@demo.nhs.uk"
PREFERENCES = "/api/v1/me/notification-preferences"


def test_preferences_start_with_everything_at_once_and_keep_what_the_clinician_chose(api):
    assert api.get(PREFERENCES, COORDINATOR).json() == {
        "agenda": True,
        "reminders": True,
        "digest": "off",
        "digest_at": "07:00",
    }
    chosen = {"agenda": True, "reminders": False, "digest": "daily"}
    saved = api.put(PREFERENCES, COORDINATOR, json=chosen)
    assert saved.status_code == 200, saved.text
    assert api.get(PREFERENCES, COORDINATOR).json() == {**chosen, "digest_at": "07:00"}
    assert api.get(PREFERENCES, ADMIN).json()["digest"] == "off", "they are each person's own"


def test_preferences_nobody_can_act_on_are_refused_field_by_field(api):
    wrong = api.put(PREFERENCES, ADMIN, json={"agenda": "sometimes", "digest": "weekly"})
    assert wrong.status_code == 422
    assert set(wrong.json()["fields"]) == {"agenda", "reminders", "digest"}
    assert api.get(PREFERENCES).status_code == 401


def feed_of(api, url: str):
    path = url.split("://", 1)[1].split("/", 1)[1]
    return api.get("/" + path)


def seated_chair(api) -> str:
    """The email of someone the rota seated as a chair (every demo clinician's password is demo)."""
    listed = eventually(
        lambda: api.get("/api/v1/conferences?page_size=500", COORDINATOR).json()["items"],
        lambda items: any(c["chair"] for c in items),
        60,
        "the rota to seat the demo conferences",
    )
    return next(c["chair"]["email"] for c in listed if c["chair"])


def test_a_calendar_feed_lists_my_conferences_and_a_new_link_retires_the_old_one(api):
    chair = seated_chair(api)
    first = api.post("/api/v1/me/calendar-token", chair)
    assert first.status_code == 200, first.text
    url = first.json()["url"]
    assert url.endswith(".ics") and len(url.rsplit("/", 1)[1]) > 40, "long and random"
    answer = feed_of(api, url)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.text)
    assert str(calendar["X-WR-CALNAME"]) == "MSK Peer Support"
    me = api.get("/api/v1/me", chair).json()
    listed = api.get("/api/v1/conferences?page_size=500", chair).json()["items"]
    mine = {
        c["id"]
        for c in listed
        if (c["chair"] or {}).get("id") == me["id"] or me["id"] in {a["id"] for a in c["attendees"]}
    }
    in_feed = {str(e["UID"]).removesuffix("@mskpeer") for e in calendar.events}
    assert mine and mine <= in_feed
    for event in calendar.events:
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert "You are on it as" in str(event["DESCRIPTION"])

    second = api.post("/api/v1/me/calendar-token", chair).json()["url"]
    assert second != url
    gone = feed_of(api, url)
    assert gone.status_code == 404 and gone.json()["error"] == "CALENDAR_NOT_FOUND"
    assert feed_of(api, second).status_code == 200
    assert api.get("/api/v1/calendar/not-a-token.ics").status_code == 404


def test_a_cancelled_conference_stays_in_the_feed_marked_cancelled(api):
    seated_chair(api)
    listed = api.get("/api/v1/conferences?page_size=500", COORDINATOR).json()["items"]
    conference = next(
        c
        for c in reversed(listed)
        if c["status"] == "scheduled"
        and c["chair"]
        and datetime.fromisoformat(c["starts_at"]) > datetime.now(UTC)
    )
    chair = conference["chair"]["email"]  # every demo clinician signs in with "demo"
    cancelled = api.post(
        f"/api/v1/conferences/{conference['id']}/cancel", COORDINATOR, json={"reason": "Strike"}
    )
    assert cancelled.status_code == 200, cancelled.text
    url = api.post("/api/v1/me/calendar-token", chair).json()["url"]

    def entry():
        events = {str(e["UID"]): e for e in Calendar.from_ical(feed_of(api, url).text).events}
        return events[f"{conference['id']}@mskpeer"]

    assert str(entry()["STATUS"]) == "CANCELLED"
    # The cancellation's invite raised the SEQUENCE; the feed says the same once it is sent.
    eventually(entry, lambda e: e["SEQUENCE"] >= 1, 10, "the feed to carry the raised SEQUENCE")


def test_an_admin_sends_a_failed_message_again_once_smtp_takes_it(api, mailbox, monkeypatch):
    monkeypatch.setattr(deliveries, "MAX_ATTEMPTS", 1)  # give up at the first refusal
    mailbox.refuse(True)
    try:
        case = api.submit_case(PHYSIO, title="Retried by an admin: heel pain in the morning")
        subject = f"Case received: {case['title']}"

        def failed():
            items = api.get("/api/v1/notifications?status=failed", ADMIN).json()["items"]
            return [d for d in items if d["subject"] == subject]

        (delivery,) = eventually(failed, bool, 20, "the refused message to be marked failed")
    finally:
        mailbox.refuse(False)
    retry = f"/api/v1/notifications/{delivery['id']}/retry"
    assert api.post(retry, PHYSIO).status_code == 403
    answer = api.post(retry, ADMIN)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"id": delivery["id"], "requeued": True}
    mailbox.wait_for(lambda mail: any(m.subject == subject for m in mail))
    mine = api.get("/api/v1/notifications?mine=true", PHYSIO).json()["items"]
    assert [d["status"] for d in mine if d["id"] == delivery["id"]] == ["sent"]
    again = api.post(retry, ADMIN)
    assert again.status_code == 404 and again.json()["error"] == "FAILED_DELIVERY_NOT_FOUND"
    assert [m.subject for m in mailbox.messages()].count(subject) == 1
