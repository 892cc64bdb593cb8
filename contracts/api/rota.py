"""The rota: planning a window of conferences, reading it, and days clinicians cannot sit."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.api.common import Paging, Strict, Uuid

MAX_WINDOW_DAYS = 366  # a year of conferences at a time is the most a coordinator plans


def _in_order(data: dict, first: str, last: str, data_keys: tuple[str, str]) -> None:
    """`first` <= `last`, and at most a year apart; errors name the fields as sent."""
    start, end = data.get(first), data.get(last)
    if start is None or end is None:
        return
    if end < start:
        raise ValidationError("must not be before from", data_keys[1])
    if (end - start).days >= MAX_WINDOW_DAYS:
        raise ValidationError(f"at most {MAX_WINDOW_DAYS} days after from", data_keys[1])


# `from` is a Python keyword: these fields are declared by name so that loaded
# data and error messages use the words the client sent.
_WINDOW = {"from": fields.Date(required=True), "to": fields.Date(required=True)}


class RotaIn(Strict.from_dict(_WINDOW, name="RotaWindow")):
    series_id = Uuid(load_default=None, allow_none=True)

    @validates_schema
    def window_in_order(self, data, **kwargs):
        _in_order(data, "from", "to", ("from", "to"))


class RotaQuery(Paging):
    from_ = fields.Date(load_default=None, data_key="from")
    to = fields.Date(load_default=None)

    @validates_schema
    def window_in_order(self, data, **kwargs):
        _in_order(data, "from_", "to", ("from", "to"))


class RotaSeat(Schema):
    id = fields.String()
    name = fields.String()
    email = fields.String()
    band = fields.Integer()
    service = fields.String()
    site = fields.String()
    role = fields.String()  # chair, standby, attendee, or expert (invited for a case)
    reasons = fields.List(fields.String())  # why the rota chose them


class RotaConference(Schema):
    conference_id = fields.String()
    series = fields.String()
    starts_at = fields.String()
    ends_at = fields.String()
    location = fields.String()
    chair = fields.Nested(RotaSeat, allow_none=True)
    standby = fields.Nested(RotaSeat, allow_none=True)
    attendees = fields.List(fields.Nested(RotaSeat))


class RotaList(Schema):
    items = fields.List(fields.Nested(RotaConference))
    total = fields.Integer()


class RotaOut(RotaList):
    rota_id = fields.String(allow_none=True)  # None when the window has no conferences
    from_ = fields.String(data_key="from")
    to = fields.String()
    series_id = fields.String(allow_none=True)
    status = fields.String()  # optimal, or feasible (the best found in the time limit)
    objective = fields.Float(allow_none=True)
    bound = fields.Float(allow_none=True)  # no rota can score below this
    max_load = fields.Integer()  # conferences of the busiest person in the window
    lower_bound = fields.Integer()  # the seats shared out evenly, rounded up
    changes = fields.Integer()  # people added to or removed from a role (one event each)
    seconds = fields.Float()
    # People over their maximum before this rota (a moved meeting, an expert invitation):
    # the rota cannot undo that, so it plans around them and says so.
    warnings = fields.List(fields.String())


class Duty(Schema):
    conference_id = fields.String()
    day = fields.String()  # the London date of the meeting
    starts_at = fields.String()
    ends_at = fields.String()
    location = fields.String()
    role = fields.String()
    reasons = fields.List(fields.String())


class DutyList(Schema):
    items = fields.List(fields.Nested(Duty))
    total = fields.Integer()


class UnavailabilityIn(Strict):
    """Either `dates`, or a range `from`-`to` (both days included)."""

    dates = fields.List(fields.Date(), validate=validate.Length(min=1, max=MAX_WINDOW_DAYS))
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))

    @validates_schema
    def dates_or_range(self, data, **kwargs):
        has_range = "from_" in data or "to" in data
        if "dates" in data and has_range:
            raise ValidationError("send dates, or from and to, not both", "dates")
        if "dates" not in data and not has_range:
            raise ValidationError("send dates, or from and to")
        if has_range:
            for key, name in (("from_", "from"), ("to", "to")):
                if key not in data:
                    raise ValidationError("needed with a range", name)
            _in_order(data, "from_", "to", ("from", "to"))


class UnavailableDay(Schema):
    day = fields.String()
    reason = fields.String(allow_none=True)


class UnavailabilityList(Schema):
    clinician_id = fields.String()
    items = fields.List(fields.Nested(UnavailableDay))
    total = fields.Integer()
    # Conferences on those days the clinician still holds a seat on: the next
    # rota (POST /api/v1/rota) moves them off with as few changes as possible.
    still_rostered = fields.List(fields.Nested(Duty))


class UnavailabilityQuery(Paging):
    from_ = fields.Date(load_default=None, data_key="from")
    to = fields.Date(load_default=None)


class DayCleared(Schema):
    clinician_id = fields.String()
    day = fields.String()
    removed = fields.Boolean()


class DeclineIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200))


class DeclineOut(Schema):
    conference_id = fields.String()
    declined_by = fields.String()
    # True: the day was planned again (the rota's figures follow). False: the
    # meeting was close or no rota kept every rule, so the standby was called up.
    replanned = fields.Boolean()
    changes = fields.Integer()  # seats given to someone else (one event each)
    called_up = fields.String(allow_none=True)  # the standby who took a seat
    problems = fields.List(fields.String())  # rules the panel still breaks
    warning_id = fields.String(allow_none=True)  # the coordinators were told (quorum warning)
    rota_id = fields.String(allow_none=True)
    status = fields.String()


class QuorumWarningQuery(Paging):
    open = fields.Boolean(load_default=True)  # false: resolved ones too


class QuorumPerson(Schema):
    id = fields.String()
    name = fields.String()
    email = fields.String()


class QuorumWarning(Schema):
    id = fields.String()
    conference_id = fields.String()
    starts_at = fields.String()
    location = fields.String()
    cause = fields.String()  # quorum_check (the day before) or decline
    problems = fields.List(fields.String())
    absent = fields.List(fields.Nested(QuorumPerson))
    called_up = fields.Nested(QuorumPerson, allow_none=True)
    raised_at = fields.String()
    resolved_at = fields.String(allow_none=True)  # a later rota gave it a sound panel


class QuorumWarningList(Schema):
    items = fields.List(fields.Nested(QuorumWarning))
    total = fields.Integer()
