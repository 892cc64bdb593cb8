"""The outcomes service's tables: follow-up chains, outcome records, and what the evidence needs."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from mskpeer.platform.tables import AutoId, add_messaging_tables

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
    Column("intended_plan", String(30), nullable=True),  # none: a group or a topic
    Column("next_step", String(20), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("round", Integer, nullable=False, server_default="1"),
    Column("reviews", JSON, nullable=False, server_default="[]"),  # ISO times of later reviews
    # What the release timer scans: the active chains, soonest first.
    # (id breaks ties in the order, so a claim of 200 among 20,000 equal times needs no sort)
    # The only index on these columns: with one on due_at alone beside it, the planner
    # took that one and sorted every due row to keep a batch (migration 0007).
    Index("ix_follow_ups_status_due_at", "status", "due_at", "id"),
)

# One row per answer: round 1 is the outcome, rounds 2, 3... the later reviews.
outcome_records = Table(
    "outcome_records",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False),
    Column("round", Integer, nullable=False),
    Column("onward_referral", String(20), nullable=False),
    Column("management_changed", Boolean, nullable=False),
    Column("patient_status", String(20), nullable=False),
    Column("msk_hq", Integer, nullable=True),
    Column("msk_hq_baseline", Integer, nullable=True),  # as the case carried it
    Column("actions_completed", String(10), nullable=True),
    Column("reflection", Text, nullable=False),
    Column("referral_avoided", Boolean, nullable=False),
    Column("referral_made_as_intended", Boolean, nullable=False, server_default=false()),
    Column("recorded_by", String(36), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, index=True),
    Column("revised_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("case_id", "round", name="uq_outcome_records_case_round"),
)

# What the evidence groups by, as case.discussed told it.
discussions = Table(
    "discussions",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("conference_id", String(36), nullable=False, index=True),
    Column("title", String(120), nullable=False),
    Column("intended_plan", String(30), nullable=True),  # none: a group or a topic
    Column("body_region", String(30), nullable=True),
    Column("msk_hq_baseline", Integer, nullable=True),
    Column("presenter_id", String(36), nullable=False, index=True),  # whose CPD record
    Column("presenter", JSON, nullable=False),
    Column("presenter_service", String(30), nullable=True),
    Column("presenter_site", String(120), nullable=True),
    Column("chair", JSON, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=True),
    Column("discussed_at", DateTime(timezone=True), nullable=False, index=True),
)

# Conferences whose minutes were recorded, and who came (minutes.recorded).
conferences_held = Table(
    "conferences_held",
    metadata,
    Column("conference_id", String(36), primary_key=True),
    Column("chair", JSON, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=True),
    Column("ends_at", DateTime(timezone=True), nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False, index=True),
    Column("cases_discussed", Integer, nullable=False),
)

conference_attendance = Table(
    "conference_attendance",
    metadata,
    Column("conference_id", String(36), primary_key=True),
    Column("clinician_id", String(36), primary_key=True, index=True),
    Column("band", Integer, nullable=False),
    Column("service", String(30), nullable=False),
    Column("site", String(120), nullable=False),
    Column("status", String(20), nullable=False),
)

# The actions agreed for each case and whether they are done (action.assigned and
# action.completed): "all carried out" is refused while one is still open.
agreed_actions = Table(
    "agreed_actions",
    metadata,
    Column("action_id", Integer, primary_key=True, autoincrement=False),
    Column("case_id", String(36), nullable=False, index=True),
    Column("done", Boolean, nullable=False),
)

# Every read and change of an outcome, and every report and CPD record produced.
outcome_audit = Table(
    "outcome_audit",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("actor_id", String(36), nullable=False, index=True),
    Column("action", String(30), nullable=False),
    # outcome:<case id>, report:outcomes, or cpd:<clinician id>
    Column("object", String(80), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("request_id", String(36), nullable=True),
)

# "Was this page helpful?" on the public self-help pages. Nothing about who sent it: no
# address, no browser, and the day only (a time of day could be matched to a web log).
page_feedback = Table(
    "page_feedback",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("page", String(200), nullable=False, index=True),
    Column("helpful", Boolean, nullable=False),
    Column("comment", Text, nullable=True),
    Column("received_on", Date, nullable=False),
)
