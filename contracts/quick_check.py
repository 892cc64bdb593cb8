"""A quick yes to "does this event's data keep its contract?", or no answer at all.

Every emit is checked strictly against its schema, and marshmallow took about
100 microseconds an event to say yes: a fifth of the time it took to release
a follow-up. Nearly every event is valid. So each schema is turned, once,
into a plain function that says True only where marshmallow would certainly
accept the data: the same keys, each value of exactly the right type, and the
field's own validators (OneOf, Range, Email...) passed. Anything else, and any
schema using something this does not know (hooks, Dict, many=True...), gives
False, and marshmallow is asked as before; it alone words the errors.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from marshmallow import Schema, ValidationError, fields

Check = Callable[[Any], bool]


def _never(_value) -> bool:
    return False


def _a_string(value) -> bool:
    return type(value) is str


def _a_float(value) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


# Exact types: a subclass of a field may deserialise differently, so it is not known here.
_TYPED: dict[type, Check] = {
    fields.String: _a_string,
    fields.Email: _a_string,  # its validator, run below, checks the address
    fields.Integer: lambda value: type(value) is int,  # marshmallow refuses True and False
    fields.Boolean: lambda value: value is True or value is False,
    fields.Float: _a_float,
}


@functools.cache
def certainly_valid(schema: type[Schema]) -> Check:
    """A function of the data: True only where `schema(unknown=RAISE).validate` finds no error."""
    return _schema_check(schema()) or _never


def _schema_check(schema: Schema) -> Check | None:
    if any(schema._hooks.values()):  # pre_load, validates_schema...: marshmallow's own work
        return None
    checks = []
    for name, field in schema.fields.items():
        check = _field_check(field)
        if check is None or field.dump_only:
            return None
        checks.append((field.data_key or name, field.required, field.allow_none, check))
    known = frozenset(key for key, *_ in checks)

    def valid(data) -> bool:
        if type(data) is not dict or not known.issuperset(data):
            return False
        for key, required, allow_none, check in checks:
            if key not in data:
                if required:
                    return False
            elif data[key] is None:
                if not allow_none:
                    return False
            elif not check(data[key]):
                return False
        return True

    return valid


def _field_check(field: fields.Field) -> Check | None:
    kind = type(field)
    if kind in _TYPED:
        typed = _TYPED[kind]
    elif kind is fields.Nested:
        if field.many or field.only or field.exclude or not isinstance(field.nested, type):
            return None
        typed = _schema_check(field.schema)
    elif kind is fields.List:
        typed = _list_check(field.inner)
    else:
        return None
    if typed is None:
        return None
    validators = list(field.validators)
    if not validators:
        return typed

    def checked(value) -> bool:
        if not typed(value):
            return False
        try:
            return all(validator(value) is not False for validator in validators)
        except ValidationError:
            return False

    return checked


def _list_check(inner: fields.Field) -> Check | None:
    item = _field_check(inner)
    if item is None:
        return None
    # An item that is None is left to marshmallow, whatever the inner field allows.
    return lambda value: type(value) is list and all(x is not None and item(x) for x in value)
