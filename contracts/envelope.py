"""The one envelope every event travels in.

Events are immutable facts named `<aggregate>.<past_tense>`. On the wire they
are plain JSON: times are ISO 8601 strings (kombu would otherwise wrap datetimes
as `{"__type__": ...}`), ids are strings.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Envelope:
    event_type: str
    data: dict[str, Any]
    occurred_at: str
    schema_version: int = 1
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    correlation_id: str = ""
    causation_id: str | None = None

    def __post_init__(self) -> None:
        # A chain of events that starts with one user action shares one
        # correlation id; the first event of a chain is its own correlation.
        if not self.correlation_id:
            object.__setattr__(self, "correlation_id", self.event_id)

    @classmethod
    def new(
        cls,
        event_type: str,
        data: dict[str, Any],
        now: datetime,
        schema_version: int = 1,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> Envelope:
        return cls(
            event_type=event_type,
            data=data,
            occurred_at=now.isoformat(),
            schema_version=schema_version,
            correlation_id=correlation_id or "",
            causation_id=causation_id,
        )

    def to_wire(self) -> dict[str, Any]:
        # The data is shared, not deep-copied (as dataclasses.asdict would): it is
        # plain JSON, serialised at once, and copying it was most of a relay's time.
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_wire(cls, payload: dict[str, Any]) -> Envelope:
        """Read tolerantly: unknown top-level keys from newer producers are ignored."""
        return cls(**_schema().load(payload))


@functools.cache
def _schema():
    # One instance: building a marshmallow schema costs more than loading an envelope.
    from contracts.schemas import EnvelopeSchema

    return EnvelopeSchema()


_FIELDS = tuple(f.name for f in fields(Envelope))
