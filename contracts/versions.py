"""Which version of an event a consumer reads, and which a producer emits.

A consumer reads `data` through the schema of the event's own `schema_version`
(tolerantly: fields it does not know are dropped), upcasts it to the version its
handler is written for, and hands the handler exactly that shape.

An event newer than the handler knows is never read: in this project an additive
change stays in the same version (a new optional field), so a new version means
a field was renamed, restructured or removed. Read as the old shape it would be
mis-read without a sound (a v2 `case.submitted` read as v1 has no `red_flags`: the
agenda would show an escalated case as clean). It is parked instead, to be
replayed once the consumer reading that version is deployed (docs/events.md).
"""

from __future__ import annotations

import dataclasses

from marshmallow import ValidationError

from contracts.envelope import Envelope
from contracts.events import REGISTRY, spec_for
from contracts.upcasters import NoCaster, can_downcast, downcast, upcast


class NewerThanKnown(Exception):
    """The event's version is newer than the handler reads: wait for the upgrade."""


class Unreadable(Exception):
    """The data does not fit its own version's contract: a producer's bug, not retried."""


def read(envelope: Envelope, reads: int | None = None) -> Envelope:
    """The envelope with `data` loaded and upcast to version `reads` (default: current)."""
    spec = spec_for(envelope.event_type)
    target = reads or spec.version
    version = envelope.schema_version
    if version > target:
        raise NewerThanKnown(
            f"{envelope.event_type} version {version} is newer than the version {target} "
            "this consumer reads; it waits for the consumer's upgrade and is then replayed"
        )
    try:
        data = spec.load(envelope.data, version)
        if version < target:
            # Loaded again as the target: the handler sees exactly that version's shape.
            data = spec.load(upcast(envelope.event_type, data, version, target), target)
    except (ValidationError, ValueError, NoCaster) as error:
        detail = error.messages if isinstance(error, ValidationError) else error
        raise Unreadable(
            f"{envelope.event_type} version {version} does not fit its contract: {detail}"
        ) from None
    return dataclasses.replace(envelope, schema_version=target, data=data)


def emitted(event_type: str, data: dict, pins: dict[str, int]) -> tuple[int, dict]:
    """(version, data) as a producer sends it: the current version unless pinned earlier."""
    spec = spec_for(event_type)
    version = pins.get(event_type, spec.version)
    if version == spec.version:
        return version, data
    return version, downcast(event_type, data, spec.version, version)


def version_pins(setting: str | dict | None) -> dict[str, int]:
    """EVENT_VERSION_PINS, `case.submitted=1,...`: events to emit at an earlier version.

    Checked when a service starts: a pin to an event or version that does not
    exist, or that no downcaster reaches, would otherwise fail on the first emit.
    """
    if isinstance(setting, dict):
        pairs = [(name, str(version)) for name, version in setting.items()]
    else:
        items = [item.strip() for item in (setting or "").split(",") if item.strip()]
        pairs = [tuple(part.strip() for part in item.partition("=")[::2]) for item in items]
    pins = {}
    for name, version in pairs:
        spec = REGISTRY.get(name)
        if spec is None or not version.isdigit() or not 1 <= int(version) <= spec.version:
            raise ValueError(
                f"EVENT_VERSION_PINS: {name}={version} is not an event and one of its versions"
            )
        if not can_downcast(name, spec.version, int(version)):
            raise ValueError(f"EVENT_VERSION_PINS: nothing converts {name} to version {version}")
        pins[name] = int(version)
    return pins
