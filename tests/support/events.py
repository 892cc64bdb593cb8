"""Events as a producer would send them, and the calendar invites in the mail they cause."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

from icalendar import Calendar

from contracts.envelope import Envelope
from contracts.events import spec_for
from mskpeer.platform.publisher import EventPublisher


def envelope(event_type: str, data: dict, now: datetime | None = None) -> Envelope:
    """An event of the current version, checked against its contract as strictly as
    producers are."""
    spec = spec_for(event_type)
    errors = spec.validate(data)
    assert not errors, f"{event_type}: {errors}"
    return Envelope.new(event_type, data, now=now or datetime.now(UTC), schema_version=spec.version)


def publish(amqp_uri: str, *envelopes: Envelope) -> None:
    EventPublisher(amqp_uri).publish_all(list(envelopes))


def person(role: str | None = None, tag: str = "") -> dict:
    """A clinician of this test only, so its mail is told apart from everyone else's."""
    unique = uuid.uuid4().hex[:8]
    found = {
        "id": str(uuid.uuid4()),
        "name": f"{(role or 'clinician').title()} {tag}{unique}",
        "email": f"{role or 'clinician'}.{unique}@test.nhs.uk",
    }
    return {**found, "role": role} if role else found


def invite_of(message) -> tuple[str, Calendar] | None:
    """(method, calendar) of the text/calendar alternative in a sink message, if it has one."""
    mail = BytesParser(policy=policy.default).parsebytes(message.path.read_bytes())
    for part in mail.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), Calendar.from_ical(part.get_content())
    return None


def to(mail, email: str) -> list:
    return [m for m in mail if email in m.rcpt_to]
