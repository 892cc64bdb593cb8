"""Turning the data of one version of an event into the next, and back.

Upcasters run in consumers: an event of version n is raised step by step to the
version the handler reads, so a handler is written against one shape only.
Downcasters run in producers pinned to an earlier version during a rolling
upgrade (EVENT_VERSION_PINS), so consumers not yet upgraded can still read what
is sent. Each function takes and returns plain `data`; it never sees the envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contracts import events

Data = dict[str, Any]
Caster = Callable[[Data], Data]

UPCASTERS: dict[tuple[str, int], Caster] = {}  # (event type, n) -> data of n + 1
DOWNCASTERS: dict[tuple[str, int], Caster] = {}  # (event type, n) -> data of n - 1


class NoCaster(LookupError):
    """A version step nobody wrote a converter for: a bug caught by the unit tests."""


def upcaster(event_type: str, from_version: int):
    def register(function: Caster) -> Caster:
        UPCASTERS[(event_type, from_version)] = function
        return function

    return register


def downcaster(event_type: str, from_version: int):
    def register(function: Caster) -> Caster:
        DOWNCASTERS[(event_type, from_version)] = function
        return function

    return register


def upcast(event_type: str, data: Data, from_version: int, to_version: int) -> Data:
    for version in range(from_version, to_version):
        data = _caster(UPCASTERS, event_type, version)(data)
    return data


def downcast(event_type: str, data: Data, from_version: int, to_version: int) -> Data:
    for version in range(from_version, to_version, -1):
        data = _caster(DOWNCASTERS, event_type, version)(data)
    return data


def can_downcast(event_type: str, from_version: int, to_version: int) -> bool:
    return all((event_type, v) in DOWNCASTERS for v in range(from_version, to_version, -1))


def _caster(table: dict[tuple[str, int], Caster], event_type: str, version: int) -> Caster:
    try:
        return table[(event_type, version)]
    except KeyError:
        raise NoCaster(f"nothing converts {event_type} from version {version}") from None


@upcaster(events.CASE_SUBMITTED, 1)
def upcast_case_submitted_v1_v2(data: Data) -> Data:
    """`red_flags` and `escalation_pathway` become one `red_flag_escalation`, null when
    no flag was found. A v1 pathway without flags said nothing a chair must see."""
    data = dict(data)
    flags = data.pop("red_flags", None) or []
    pathway = data.pop("escalation_pathway", None)
    data["red_flag_escalation"] = {"flags": flags, "pathway": pathway} if flags else None
    return data


@downcaster(events.CASE_SUBMITTED, 2)
def downcast_case_submitted_v2_v1(data: Data) -> Data:
    data = dict(data)
    escalation = data.pop("red_flag_escalation", None) or {}
    data["red_flags"] = list(escalation.get("flags", []))
    data["escalation_pathway"] = escalation.get("pathway")
    return data
