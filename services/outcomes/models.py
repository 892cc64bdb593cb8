"""The outcomes service's tables: follow-up chains and outcome records."""

from sqlalchemy import JSON, Boolean, Column, DateTime, Integer, MetaData, String, Table, Text

from mskpeer.platform.tables import add_messaging_tables

metadata = MetaData()
messaging = add_messaging_tables(metadata)

follow_ups = Table(
    "follow_ups",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, unique=True),
    Column("title", String(120), nullable=False),
    Column("presenter", JSON, nullable=False),
    Column("chair", JSON, nullable=False),
    Column("intended_plan", String(30), nullable=False),
    Column("next_step", String(20), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False, index=True),
    Column("status", String(20), nullable=False, index=True),
    Column("version", Integer, nullable=False),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, unique=True),
    Column("onward_referral", String(20), nullable=False),
    Column("management_changed", Boolean, nullable=False),
    Column("patient_status", String(20), nullable=False),
    Column("msk_hq", Integer, nullable=True),
    Column("reflection", Text, nullable=False),
    Column("referral_avoided", Boolean, nullable=False),
    Column("recorded_by", String(36), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)
