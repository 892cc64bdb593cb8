"""Path parameters and query strings, checked in one place before any route runs.

How a route gets its parameters checked (and documented, from the same declaration):

- **Path.** A path parameter's name says what it is, everywhere: every `case_id`
  is a case's UUID, every `day` an ISO date. `PATH` below declares each name once
  as a marshmallow field. `@route` refuses, at import, a path with a name that is
  not declared here, so a new route either reuses a name or adds one. An id
  (`*_id`, `service`, a feed's `token`) that is not of its kind names nothing:
  404 `NOT_FOUND`, naming the parameter in `fields`, before any service is asked.
  Another value (a `day`) that is wrong is a 422 `INVALID_INPUT` naming it, as a
  wrong query or body field is. The route receives each value loaded (a UUID as
  its canonical string, a day as YYYY-MM-DD).
- **Query.** `@route(..., query=SomeSchema)` loads `request.args` with that schema:
  422 `INVALID_INPUT` naming each wrong field (a route without `query=` ignores
  the query string). The route reads the loaded values from `request.query`. Paging
  schemas (`contracts.api.Paging`) bound `page` and `page_size`.

The OpenAPI document takes each parameter's JSON schema (format, bounds, enum)
from the same fields, so what is documented is what is accepted.
"""

from __future__ import annotations

import re
from datetime import date

from marshmallow import ValidationError, fields, validate

from contracts.api.common import MAX_SERIAL, Uuid
from contracts.errors import Invalid, NotFound
from mskpeer.platform.settings import SERVICES

# A row number of our own tables (actions, deliveries, dead letters): a 32-bit serial.
_SERIAL = {"validate": validate.Range(min=1, max=MAX_SERIAL)}

PATH: dict[str, fields.Field] = {
    "case_id": Uuid(),
    "conference_id": Uuid(),
    "clinician_id": Uuid(),
    "person_id": Uuid(),  # someone on the staff list
    "referral_id": Uuid(),
    "action_id": fields.Integer(**_SERIAL),
    "delivery_id": fields.Integer(**_SERIAL),
    "dead_letter_id": fields.Integer(**_SERIAL),
    "day": fields.Date(),
    "service": fields.String(validate=validate.OneOf(SERVICES)),
    # A calendar feed's secret (secrets.token_urlsafe): URL-safe base64.
    "token": fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_-]{16,128}$")),
    # A page of the self-referral journey, named in words (`saddle-numbness`).
    "slug": fields.String(validate=validate.Regexp(r"^[a-z0-9-]{1,64}$")),
    # An urgent pathway's code (`same_day_spinal`), as the service's table keys it.
    "pathway": fields.String(validate=validate.Regexp(r"^[a-z0-9_]{1,30}$")),
    "path": fields.String(),  # the catch-all route for anything else
}

# Path values that are not names of things: wrong, they are a 422, not a 404.
VALUES = {"day"}

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_KINDS = {Uuid: "a valid id (a UUID)", fields.Date: "a date (YYYY-MM-DD)"}


def path_names(werkzeug_path: str) -> list[str]:
    """The parameter names in a route's path; every one must be declared in PATH."""
    names = [name for _, name in _PARAM.findall(werkzeug_path)]
    undeclared = [name for name in names if name not in PATH]
    if undeclared:
        raise LookupError(f"declare path parameter(s) {undeclared} in gateway/parameters.py")
    return names


def openapi_path(werkzeug_path: str) -> str:
    return _PARAM.sub(r"{\2}", werkzeug_path)


def load_path(values: dict) -> dict:
    """Each path value loaded by its declared field; anything else is a 404 naming it."""
    loaded = {}
    for name, value in values.items():
        field = PATH[name]
        try:
            value = field.deserialize(value)
        except ValidationError as error:
            kind = _KINDS.get(type(field))
            messages = {name: [f"not {kind}"] if kind else error.messages}
            if name not in VALUES:  # an id, a service, a feed's token, a slug: nothing is there
                raise NotFound("NOT_FOUND", f"there is no such {name}", messages) from None
            raise Invalid("INVALID_INPUT", f"{name} is not valid", messages) from None
        # Services take days as ISO strings, as they travel in events.
        loaded[name] = value.isoformat() if isinstance(value, date) else value
    return loaded
