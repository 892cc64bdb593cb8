"""The cases service's tables (its own database)."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    true,
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
    # A draft may lack any of these until it is submitted (then all are required).
    Column("summary", Text, nullable=True),
    Column("question", Text, nullable=True),
    Column("body_region", String(30), nullable=True),
    Column("urgency", String(10), nullable=True),
    Column("intended_plan", String(30), nullable=True),
    Column("status", String(20), nullable=False),
    Column("presenter_id", String(36), nullable=False),
    Column("presenter_name", String(200), nullable=False),
    Column("presenter_email", String(254), nullable=False),
    Column("conference_id", String(36), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),  # first saved, draft or not
    Column("submitted_at", DateTime(timezone=True), nullable=True),  # None while a draft
    Column("revised_at", DateTime(timezone=True), nullable=True),  # the presenter's last edit
    Column("discussed_at", DateTime(timezone=True), nullable=True),
    # Red flags found at submission and escalated by the presenter, for the chair to see.
    Column("red_flags", JSON, nullable=False, server_default="[]"),
    Column("red_flags_escalated", Boolean, nullable=False, server_default=false()),
    # The escalation record: which urgent pathway, to whom, who said so and when.
    Column("escalation_pathway", String(30), nullable=True),
    Column("escalated_to", String(200), nullable=True),
    Column("red_flags_escalated_at", DateTime(timezone=True), nullable=True),
    Column("red_flags_escalated_by", String(36), nullable=True),
    # Optional details: coarse on purpose (an age band, not an age) so they
    # describe the patient without identifying them.
    Column("age_band", String(5), nullable=True),
    Column("sex", String(10), nullable=True),
    Column("duration_weeks", Integer, nullable=True),
    Column("treatment_so_far", Text, nullable=True),
    Column("start_msk_risk", String(6), nullable=True),
    Column("msk_hq_baseline", Integer, nullable=True),
    Column("tags", JSON, nullable=False, server_default="[]"),  # conditions and skills
    Column("preferred_conference_id", String(36), nullable=True),
    Index("ix_cases_presenter_status", "presenter_id", "status"),
)

# The local urgent pathways a red flag is escalated through, with whom to contact:
# data each service sets (seeded by migration 0007 with where to look).
urgent_pathways = Table(
    "urgent_pathways",
    metadata,
    Column("code", String(30), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("contact", String(500), nullable=False),
    Column("position", Integer, nullable=False),
)

# Every read of clinical content is recorded: who read which case, when, and how.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("actor_id", String(36), nullable=False, index=True),
    Column("action", String(30), nullable=False),
    # What was read or changed: case:<id>, card:<clinician id>, minutes:<conference id>,
    # or a kind alone (cases, cards) for a list or a search.
    Column("object", String(80), nullable=True, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("request_id", String(36), nullable=True),  # joins the entry to logs and events
)

# Expertise contact cards: who to ask about what, between meetings. Name, band,
# service and site come from the staff directory (clinician.registered); the
# rest is the clinician's own words.
cards = Table(
    "cards",
    metadata,
    Column("clinician_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("role", String(30), nullable=False),
    Column("band", Integer, nullable=False),
    Column("service", String(30), nullable=False),
    Column("site", String(120), nullable=False),
    Column("expertise", JSON, nullable=False),
    Column("happy_to_help_with", Text, nullable=False, server_default=""),
    Column("availability", Text, nullable=False, server_default=""),
    Column("preferred_contact", String(200), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("updated_at", DateTime(timezone=True), nullable=True),
    Column("updated_by", String(36), nullable=True),
)

# Cases' copy of who sits on which conference (scheduling owns the seats), kept from
# conference.assignment_changed, so deciding who may read a case asks no other service.
# A removed seat stays as `seated` false: with `changed_at` (the event's occurred_at)
# an older event arriving late, or a redelivered one, never undoes a newer change.
conference_seats = Table(
    "conference_seats",
    metadata,
    Column("conference_id", String(36), primary_key=True),
    Column("clinician_id", String(36), primary_key=True),
    Column("role", String(20), primary_key=True),  # chair, standby, attendee or expert
    Column("seated", Boolean, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Index("ix_conference_seats_clinician", "clinician_id"),
)

# Read models filled from another service's state once (a deployment that had data before
# the copy existed): their name and when the catch-up finished. Until then reads ask.
read_models = Table(
    "read_models",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("filled_at", DateTime(timezone=True), nullable=False),
)
