"""Schemathesis hooks for tests/e2e/test_fuzzing.py (loaded with SCHEMATHESIS_HOOKS).

A request that its OpenAPI document allows may still be refused with 422 for a
rule a JSON schema cannot state: one field's value needs another (a patient case
needs a body region), a window's order (from before to), or the content (patient
identifiers, red flags). The document says so under 422. What must never happen
is a 422 in marshmallow's own words about a field the client sent as documented:
that is the document promising what the API does not accept.
"""

from __future__ import annotations

import re

import schemathesis
from marshmallow import Schema, fields, validate


def _built_in_messages() -> re.Pattern:
    templates = set(Schema._default_error_messages.values())
    for module in (fields, validate):
        for thing in vars(module).values():
            if isinstance(thing, type):
                templates |= {
                    value
                    for name, value in vars(thing).items()
                    if isinstance(value, str) and ("message" in name or name.startswith("error"))
                }
                templates |= set(getattr(thing, "default_error_messages", {}).values())
    # "Must be {min_op} {{min}} and ...": each placeholder, single or double braced, matches all.
    patterns = [".*".join(map(re.escape, re.split(r"\{+[^}]*\}+", t))) for t in templates if t]
    return re.compile("|".join(f"^{p}$" for p in patterns))


BUILT_IN = _built_in_messages()


def _messages(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _messages(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _messages(inner)


@schemathesis.check
def valid_requests_are_refused_only_for_rules_the_schema_cannot_state(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    answer = response.json()
    if answer.get("error") != "INVALID_INPUT":
        return None  # PATIENT_IDENTIFIABLE_DATA, RED_FLAGS: about the content
    sent = set(case.body) if isinstance(case.body, dict) else set()
    sent |= set(case.query or {})
    for name, messages in (answer.get("fields") or {}).items():
        schema_words = [m for m in _messages(messages) if BUILT_IN.match(m)]
        if name in sent and schema_words:
            raise AssertionError(
                f"{name} was sent as the OpenAPI document allows, but refused: {schema_words}"
            )
    return None
