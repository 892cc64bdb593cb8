"""The delivery log, notification preferences and personal calendar feeds."""

from marshmallow import Schema, fields, validate

from contracts.api.common import Flag, Paging, Strict

DELIVERY_STATES = (
    "queued",
    "sending",
    "sent",
    "failed",
    "held",
    "digested",
    "skipped",
    "superseded",
)
DIGESTS = ("off", "daily")


class NotificationQuery(Paging):
    status = fields.String(load_default=None, validate=validate.OneOf(DELIVERY_STATES))
    mine = fields.Boolean(load_default=False)


class DeliveryOut(Schema):
    id = fields.Integer()
    event_id = fields.String()
    type = fields.String(metadata={"description": "the message, e.g. case_received"})
    recipient_id = fields.String()
    recipient = fields.String(metadata={"description": "the email address"})
    subject = fields.String()
    status = fields.String(
        validate=validate.OneOf(DELIVERY_STATES),
        metadata={
            "description": "held: waits for the daily digest; digested: sent in digest_id; "
            "skipped: turned off in the recipient's preferences; "
            "superseded: replaced before it went by a newer message to the same person"
        },
    )
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    invite = fields.String(
        allow_none=True, metadata={"description": "REQUEST or CANCEL: the calendar invite sent"}
    )
    digest_id = fields.Integer(allow_none=True)
    created_at = fields.String()
    sent_at = fields.String(allow_none=True)


class DeliveryList(Schema):
    items = fields.List(fields.Nested(DeliveryOut))
    total = fields.Integer()


class RetryOut(Schema):
    id = fields.Integer()
    requeued = fields.Boolean()


class NotificationPreferencesIn(Strict):
    """Essential messages (assignments, cancellations, moves, escalations, outcome
    requests) always go; these choose the rest."""

    agenda = Flag(required=True, metadata={"description": "agendas when published"})
    reminders = Flag(
        required=True, metadata={"description": "the day-before reminder and actions due"}
    )
    digest = fields.String(
        required=True,
        validate=validate.OneOf(DIGESTS),
        metadata={"description": "daily: the messages above come in one email at DIGEST_AT"},
    )


class NotificationPreferencesOut(NotificationPreferencesIn):
    digest_at = fields.String(metadata={"description": "when the daily digest goes, London time"})


class CalendarTokenOut(Schema):
    url = fields.String(
        metadata={"description": "the private feed to subscribe to; the previous one stops"}
    )
