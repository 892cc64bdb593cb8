"""Calendar invites and feeds that Outlook, Google and Apple calendars read the same way."""

import io
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.generator import BytesGenerator

import pytest
from icalendar import Calendar

from services.notifications.invites import CANCEL, REQUEST, Occurrence, feed, invite, uid
from services.notifications.mailer import compose

ORGANIZER = "MSK Peer Support <no-reply@mskpeer.example.nhs.uk>"
STAMP = datetime(2027, 5, 20, 9, 0, tzinfo=UTC)
CHAIR = {"id": "c1", "name": "Chris Chair", "email": "chair@demo.nhs.uk", "role": "chair"}
PHYSIO = {"id": "p1", "name": "Pat Physio", "email": "physio@demo.nhs.uk", "role": "attendee"}
STANDBY = {"id": "s1", "name": "Sam Standby", "email": "standby@demo.nhs.uk", "role": "standby"}


def summer_meeting(**changes) -> Occurrence:
    values = {
        "conference_id": "f4d8b2a6-1c3e-4a5f-9b70-2e6c8d4a1f93",
        "starts_at": datetime(2027, 6, 2, 11, 30, tzinfo=UTC),  # 12:30 in London (BST)
        "ends_at": datetime(2027, 6, 2, 12, 30, tzinfo=UTC),
        "location": "https://teams.example.nhs.uk/msk-peer-support",
        "sequence": 2,
        "link": "https://mskpeer.example.nhs.uk/conferences/f4d8b2a6",
    }
    return Occurrence(**{**values, **changes})


def parsed(text: str):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.events
    return calendar, event


def test_an_invite_names_the_meeting_by_a_stable_uid_at_london_time():
    calendar, event = parsed(invite(summer_meeting(), [CHAIR, PHYSIO], ORGANIZER, REQUEST, STAMP))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == "f4d8b2a6-1c3e-4a5f-9b70-2e6c8d4a1f93@mskpeer"
    assert event["SEQUENCE"] == 2
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.start.replace(tzinfo=None) == datetime(2027, 6, 2, 12, 30)
    assert event.start == datetime(2027, 6, 2, 11, 30, tzinfo=UTC)
    assert event.end - event.start == timedelta(hours=1)
    assert str(event["LOCATION"]) == str(event["URL"]) == summer_meeting().location
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "conferences/f4d8b2a6" in str(event["DESCRIPTION"])


def test_the_organizer_is_the_sender_and_the_chair_has_the_chair_role():
    _, event = parsed(invite(summer_meeting(), [CHAIR, PHYSIO, STANDBY], ORGANIZER, REQUEST, STAMP))
    assert str(event["ORGANIZER"]) == "mailto:no-reply@mskpeer.example.nhs.uk"
    assert event["ORGANIZER"].params["CN"] == "MSK Peer Support"
    roles = {str(a): a.params["ROLE"] for a in event["ATTENDEE"]}
    assert roles == {
        "mailto:chair@demo.nhs.uk": "CHAIR",
        "mailto:physio@demo.nhs.uk": "REQ-PARTICIPANT",
        "mailto:standby@demo.nhs.uk": "REQ-PARTICIPANT",
    }
    assert {a.params["CN"] for a in event["ATTENDEE"]} == {
        "Chris Chair",
        "Pat Physio",
        "Sam Standby",
    }


def test_a_cancellation_keeps_the_uid_and_says_cancelled():
    request = parsed(invite(summer_meeting(), [PHYSIO], ORGANIZER, REQUEST, STAMP))[1]
    calendar, event = parsed(invite(summer_meeting(sequence=3), [PHYSIO], ORGANIZER, CANCEL, STAMP))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["UID"] == request["UID"]
    assert event["SEQUENCE"] > request["SEQUENCE"]


def test_the_time_zone_sent_agrees_with_the_uk_clock_changes():
    calendar, _ = parsed(invite(summer_meeting(), [PHYSIO], ORGANIZER, REQUEST, STAMP))
    (zone,) = calendar.timezones
    london = zone.to_tz()
    # The last Sundays of March and October, either side of the change.
    assert datetime(2027, 3, 28, 0, 30, tzinfo=london).utcoffset() == timedelta(0)
    assert datetime(2027, 3, 28, 2, 30, tzinfo=london).utcoffset() == timedelta(hours=1)
    assert datetime(2027, 10, 31, 0, 30, tzinfo=london).utcoffset() == timedelta(hours=1)
    assert datetime(2027, 10, 31, 2, 30, tzinfo=london).utcoffset() == timedelta(0)
    assert datetime(2027, 12, 1, 12, 30, tzinfo=london).utcoffset() == timedelta(0)


def test_only_request_and_cancel_are_sent():
    with pytest.raises(ValueError, match="REQUEST or a CANCEL"):
        invite(summer_meeting(), [PHYSIO], ORGANIZER, "PUBLISH", STAMP)


def test_a_feed_lists_each_meeting_with_its_role_and_cancelled_ones_as_cancelled():
    winter = summer_meeting(
        conference_id="a7c3e9f1-2b4d-4f6a-8c1e-5d9b3f7a2e64",
        starts_at=datetime(2027, 12, 1, 12, 30, tzinfo=UTC),
        ends_at=datetime(2027, 12, 1, 13, 30, tzinfo=UTC),
        cancelled=True,
        sequence=0,
    )
    text = feed([(summer_meeting(), "chair"), (winter, "attendee")], STAMP)
    calendar = Calendar.from_ical(text)
    assert "METHOD" not in calendar
    assert str(calendar["X-WR-CALNAME"]) == "MSK Peer Support"
    first, second = calendar.events
    assert str(first["UID"]) == uid(summer_meeting().conference_id)
    assert "as chair" in str(first["DESCRIPTION"])
    assert str(second["STATUS"]) == "CANCELLED"
    assert second.start.replace(tzinfo=None) == datetime(2027, 12, 1, 12, 30)  # GMT
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()


def test_an_email_with_an_invite_has_text_html_and_calendar_alternatives_and_an_attachment():
    text = invite(summer_meeting(), [PHYSIO], ORGANIZER, REQUEST, STAMP)
    message = compose(
        ORGANIZER,
        PHYSIO["email"],
        "Rota",
        "Plain words",
        "<p>Words</p>",
        "<x@mskpeer>",
        (REQUEST, text),
    )
    wire = message_from_bytes(message.as_bytes(), policy=policy.default)
    alternative = next(p for p in wire.walk() if p.get_content_type() == "multipart/alternative")
    kinds = [part.get_content_type() for part in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == "REQUEST"
    assert Calendar.from_ical(calendar_part.get_content()).events[0]["SEQUENCE"] == 2
    (attachment,) = list(wire.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    assert Calendar.from_ical(attachment.get_content()).events[0]["UID"] == uid(
        summer_meeting().conference_id
    )


def test_an_email_without_an_invite_stays_text_and_html_only():
    message = compose(ORGANIZER, "a@b.nhs.uk", "Case received", "t", "<p>h</p>", "<y@mskpeer>")
    wire = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert wire.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in wire.iter_parts()] == ["text/plain", "text/html"]


def test_a_long_subject_stays_on_one_line_and_the_headers_are_kept():
    subject = "Rota: you are standby chair for the case conference on Wednesday 02 June 2027, 12:30"
    wire = compose(ORGANIZER, "a@b.nhs.uk", subject, "t", "<p>h</p>", "<y@mskpeer>").as_bytes()
    assert f"Subject: {subject}\n".encode() in wire.replace(b"\r\n", b"\n")
    parsed = message_from_bytes(wire, policy=policy.default)
    assert parsed["Message-ID"] == "<y@mskpeer>"
    assert parsed["From"].addresses[0].addr_spec == "no-reply@mskpeer.example.nhs.uk"
    assert parsed["Date"].datetime is not None


def test_names_and_words_outside_ascii_arrive_as_written():
    sian = {**PHYSIO, "name": "Siân Ní Bhriain"}
    text = invite(summer_meeting(), [sian], ORGANIZER, REQUEST, STAMP)
    message = compose(
        "Cydweithio MSK – Cymru <no-reply@mskpeer.example.nhs.uk>",
        sian["email"],
        "Rota: Siân, you are on the panel · 12:30",
        "Dear Siân,",
        "<p>Dear Siân ·</p>",
        "<z@mskpeer>",
        (REQUEST, text),
    )
    wire = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert wire["Subject"] == "Rota: Siân, you are on the panel · 12:30"
    assert wire["From"].addresses[0].display_name == "Cydweithio MSK – Cymru"
    assert wire.get_body(("plain",)).get_content().rstrip() == "Dear Siân,"
    assert wire.get_body(("html",)).get_content().rstrip() == "<p>Dear Siân ·</p>"
    calendar = next(p for p in wire.walk() if p.get_content_type() == "text/calendar")
    attendee = Calendar.from_ical(calendar.get_content()).events[0]["ATTENDEE"]  # the one
    assert attendee.params["CN"] == "Siân Ní Bhriain"


def test_an_address_outside_ascii_goes_as_utf8_to_a_server_that_takes_it():
    message = compose(ORGANIZER, "siân@bwrdd.cymru", "Rota", "t", "<p>h</p>", "<y@mskpeer>")
    wire = io.BytesIO()
    # What smtplib.send_message does when the server offers SMTPUTF8.
    BytesGenerator(wire, policy=message.policy.clone(utf8=True)).flatten(message, linesep="\r\n")
    assert "To: siân@bwrdd.cymru\r\n".encode() in wire.getvalue()


def test_a_line_break_in_a_subject_cannot_add_a_header():
    with pytest.raises(ValueError, match="line break|linefeed"):
        compose(ORGANIZER, "a@b.nhs.uk", "Title\r\nBcc: x@y.org", "t", "<p>h</p>", "<y@mskpeer>")


def test_long_lines_fold_at_75_octets_and_read_back_whole_names_and_punctuation():
    named = {**PHYSIO, "name": 'Siân Ní Bhriain-Llywelyn, "Dr"; Ffisiotherapydd Ymgynghorol ŵŷ'}
    meeting = summer_meeting(location="https://teams.example.nhs.uk/join?meeting=a,b;c\\d")
    text = invite(meeting, [named], ORGANIZER, REQUEST, STAMP)
    lines = text.split("\r\n")
    assert lines[-1] == "" and all(len(line.encode()) <= 75 for line in lines)
    assert not any("\n" in line for line in lines)
    _, event = parsed(text)
    assert event["ATTENDEE"].params["CN"] == named["name"]
    assert str(event["LOCATION"]) == str(event["URL"]) == meeting.location
