"""The reliable-messaging tables every service keeps in its own database.

- outbox: events written in the same transaction as the change they announce,
  so a crash between commit and publish cannot lose them;
- processed_events: which event each handler has already applied, written in the
  same transaction as the effect, so a redelivery has no second effect;
- dead_letters: events a handler failed on after its retries, kept to be
  looked at and replayed instead of vanishing;
- leases: which copy of the service does a timer's work that has no row to
  claim (mskpeer/platform/lease.py).
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import sqlite

from mskpeer.platform.lease import add_lease_table

# SQLite only auto-increments a plain INTEGER primary key.
AutoId = BigInteger().with_variant(sqlite.INTEGER(), "sqlite")


def add_messaging_tables(metadata: MetaData) -> dict[str, Table]:
    outbox = Table(
        "outbox",
        metadata,
        Column("id", AutoId, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(80), nullable=False),
        Column("envelope", JSON, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, index=True),
        Column("published_at", DateTime(timezone=True), nullable=True, index=True),
    )
    processed = Table(
        "processed_events",
        metadata,
        Column("id", AutoId, primary_key=True, autoincrement=True),
        Column("handler", String(120), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
        Column("result", JSON, nullable=True),  # an RPC command's answer, to give again
        UniqueConstraint("handler", "event_id", name="uq_processed_handler_event"),
    )
    dead_letters = Table(
        "dead_letters",
        metadata,
        Column("id", AutoId, primary_key=True, autoincrement=True),
        Column("handler", String(120), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("event_type", String(80), nullable=False),
        Column("envelope", JSON, nullable=False),
        Column("error", Text, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("status", String(20), nullable=False, index=True),
        Column("parked_at", DateTime(timezone=True), nullable=False),
        Column("replayed_at", DateTime(timezone=True), nullable=True),
    )
    return {
        "outbox": outbox,
        "processed_events": processed,
        "dead_letters": dead_letters,
        "leases": add_lease_table(metadata),
    }
