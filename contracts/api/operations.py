"""Running the service: dead letters and the audit trail."""

from marshmallow import fields, validate

from contracts.api.common import Paging


class DeadLetterQuery(Paging):
    status = fields.String(
        load_default=None, validate=validate.OneOf(("parked", "replay_requested", "replayed"))
    )


class AuditQuery(Paging):
    object = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^(case|card|minutes):[0-9a-f-]{36}$",
            error="use case:<case id>, card:<clinician id> or minutes:<conference id>",
        ),
    )
