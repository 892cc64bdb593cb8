"""Running the service: dead letters and the audit trail."""

from marshmallow import fields, validate

from contracts.api.common import Paging, Strict


class DeadLetterQuery(Paging):
    status = fields.String(
        load_default=None,
        validate=validate.OneOf(("parked", "replay_requested", "awaiting_upgrade", "replayed")),
    )


class AuditLines(Strict):
    """What a service's `audit_lines` RPC is asked: the lines about any of these objects
    (`case:<id>`, `outcome:<case id>`, `referral:<id>`...) and/or by this person."""

    objects = fields.List(fields.String(validate=validate.Length(max=80)), load_default=list)
    actor_id = fields.String(load_default=None, validate=validate.Length(max=60))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class AuditQuery(Paging):
    object = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^((case|card|minutes):[0-9a-f-]{36}|urgent_pathway:[a-z0-9_]{1,30})$",
            error="use case:<case id>, card:<clinician id>, minutes:<conference id> "
            "or urgent_pathway:<code>",
        ),
    )
