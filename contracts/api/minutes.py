"""Minutes being written during a meeting, published minutes, and the actions they agree."""

from marshmallow import Schema, fields

from contracts.api.common import Paging, Strict, Uuid, text
from contracts.api.meetings import AttendanceIn


class DraftActionIn(Strict):
    owner_id = Uuid(load_default=None)
    description = text(1000, required=False, load_default="")
    due_date = fields.Date(load_default=None)


class DraftItemIn(Strict):
    """An agenda item as the chair types it: anything may still be empty."""

    case_id = Uuid(required=True)
    discussion = text(8000, required=False, load_default="")
    recommendations = text(4000, required=False, load_default="")
    agreed_plan = text(2000, required=False, load_default="")
    actions = fields.List(fields.Nested(DraftActionIn), load_default=list)


class DraftMinutes(Strict):
    items = fields.List(fields.Nested(DraftItemIn), required=True)  # may be [] at the start
    attendance = fields.List(fields.Nested(AttendanceIn), load_default=list)


class ActionOut(Schema):
    id = fields.Integer()
    conference_id = fields.String()
    case_id = fields.String()
    owner_id = fields.String(allow_none=True)  # a draft's action may not have them yet
    description = fields.String()
    due_date = fields.String(allow_none=True)
    status = fields.String()
    completed_at = fields.String(allow_none=True)


class ActionList(Schema):
    items = fields.List(fields.Nested(ActionOut))
    total = fields.Integer()


class ActionQuery(Paging):
    mine = fields.Boolean(load_default=True)
    open = fields.Boolean(load_default=None)


class MinutesItemOut(Schema):
    case_id = fields.String()
    title = fields.String()
    discussion = fields.String()
    recommendations = fields.String()
    agreed_plan = fields.String()
    actions = fields.List(fields.Nested(ActionOut))


class MinutesOut(Schema):
    conference_id = fields.String()
    status = fields.String()  # draft (chair and leads only) or published
    saved_at = fields.String()
    recorded_by = fields.Dict(allow_none=True)  # {id, name}: who published them
    on_behalf_of_chair = fields.Boolean()  # published by a coordinator or admin for the chair
    items = fields.List(fields.Nested(MinutesItemOut))
    attendance = fields.List(fields.Dict())
