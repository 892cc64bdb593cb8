"""The cases service's tables (its own database)."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Index,
    MetaData,
    String,
    Table,
    Text,
    false,
)

from mskpeer.platform.tables import AutoId, add_messaging_tables

metadata = MetaData()
messaging = add_messaging_tables(metadata)

cases = Table(
    "cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(120), nullable=False),
    Column("summary", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("body_region", String(30), nullable=True),
    Column("urgency", String(10), nullable=False),
    Column("intended_plan", String(30), nullable=False),
    Column("status", String(20), nullable=False),
    Column("presenter_id", String(36), nullable=False),
    Column("presenter_name", String(200), nullable=False),
    Column("presenter_email", String(254), nullable=False),
    Column("conference_id", String(36), nullable=True),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("discussed_at", DateTime(timezone=True), nullable=True),
    # Red flags found at submission and escalated by the presenter, for the chair to see.
    Column("red_flags", JSON, nullable=False, server_default="[]"),
    Column("red_flags_escalated", Boolean, nullable=False, server_default=false()),
    Index("ix_cases_presenter_status", "presenter_id", "status"),
)

# Every read of clinical content is recorded: who read which case, when, and how.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("actor_id", String(36), nullable=False, index=True),
    Column("action", String(30), nullable=False),
    Column("case_id", String(36), nullable=True, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("request_id", String(36), nullable=True),  # joins the entry to logs and events
)
