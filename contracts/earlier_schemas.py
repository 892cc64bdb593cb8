"""The data of earlier versions of events, kept so that events already sent (in queues,
outboxes and dead letters) can still be read, and a pinned producer can still send them.

What is particular to a version here never changes again: a change to an event's
data is a new version, with an upcaster and a downcaster in `contracts/upcasters.py`.
The fields all versions share live once in `contracts/schemas.py` (`CaseSubmission`),
so an optional field added later, without a new version, is added to every one.
"""

from marshmallow import fields, validate

from contracts.schemas import ESCALATION_PATHWAYS, CaseSubmission


class CaseSubmittedV1(CaseSubmission):
    # Two loose optional fields: flags could come without their pathway, and a missing
    # list could not be told from "none found". Version 2 makes them one object.
    red_flags = fields.List(fields.String())
    escalation_pathway = fields.String(
        allow_none=True, validate=validate.OneOf(ESCALATION_PATHWAYS)
    )
