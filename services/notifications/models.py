"""The notifications service's table: one delivery per message and recipient."""

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text

from mskpeer.platform.tables import AutoId, add_messaging_tables

metadata = MetaData()
messaging = add_messaging_tables(metadata)

# `key` (event id, message type, recipient) is unique: however often an event
# arrives, each person gets each message once.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("key", String(400), nullable=False, unique=True),
    Column("event_id", String(36), nullable=False, index=True),
    Column("message_type", String(40), nullable=False),
    Column("recipient_id", String(36), nullable=False, index=True),
    Column("recipient_email", String(254), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, index=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
)
