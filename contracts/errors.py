"""Errors a user can cause, shared by the services that raise them and the gateway that maps them.

Each carries a stable `code` for programs and a `message` for people; the
gateway maps the class to an HTTP status in one table. nameko rebuilds these
classes on the calling side (registered in mskpeer.platform.errors), so no
exception text has to be parsed.
"""

import json


class UserError(Exception):
    def __init__(self, code: str, message: str, fields: dict | str | None = None):
        # nameko turns non-string values inside exception args into strings on
        # the wire (a span's 23 would arrive as "23"), so fields travel as JSON.
        if isinstance(fields, str):
            fields = json.loads(fields)
        super().__init__(code, message, json.dumps(fields or {}))
        self.code = code
        self.message = message
        self.fields = fields or {}


class NotFound(UserError):
    pass


class Conflict(UserError):
    """The request is valid but the thing is not in a state that allows it."""


class Forbidden(UserError):
    pass


class Invalid(UserError):
    """Field messages, as `{"field": ["what is wrong"]}`."""


class Unauthenticated(UserError):
    pass


ALL = (NotFound, Conflict, Forbidden, Invalid, Unauthenticated)


class DatabaseUnavailable(Exception):
    """A service's database is not answering (restarting, unreachable): try again shortly.

    Not a user error: the gateway answers 503 with Retry-After, as for a broker outage.
    """
