"""The notifications service's tables: deliveries, what people want, and their calendars."""

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

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
    # Rendered once when queued, so a retry sends the very same invite (same SEQUENCE).
    Column("invite", Text, nullable=True),
    Column("invite_method", String(10), nullable=True),  # REQUEST or CANCEL
    Column("recipient_name", String(200), nullable=True),  # to address their digest
    Column("conference_id", String(36), nullable=True, index=True),  # what it is about, if one
    # A held message, once it went out in a daily digest: that digest's delivery.
    Column("digest_id", AutoId, nullable=True, index=True),
    # The sender process whose lease (next_attempt_at) a `sending` delivery is under.
    Column("claimed_by", String(36), nullable=True),
)

# Which non-essential messages a clinician wants; no row: all of them, one by one.
preferences = Table(
    "notification_preferences",
    metadata,
    Column("clinician_id", String(36), primary_key=True),
    Column("agenda", Boolean, nullable=False),
    Column("reminders", Boolean, nullable=False),
    Column("digest", String(10), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# A personal calendar feed. Only a hash of its token is kept: the URL is the
# secret, and a copy of this table must not let anyone read the feeds.
calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("clinician_id", String(36), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# What the invites already sent said about each conference: calendar clients
# apply an invite only when its SEQUENCE is higher than the one they hold.
conference_calendars = Table(
    "conference_calendars",
    metadata,
    Column("conference_id", String(36), primary_key=True),
    Column("sequence", Integer, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False, index=True),
    Column("ends_at", DateTime(timezone=True), nullable=True),
    Column("location", String(500), nullable=False),
    Column("status", String(20), nullable=False),  # scheduled or cancelled
    Column("changed_at", DateTime(timezone=True), nullable=False),  # newest change applied
    Column("reminded_for", DateTime(timezone=True), nullable=True),  # the start reminded of
)

# Who sits on each conference as far as events told us: the people to remind.
panel_seats = Table(
    "panel_seats",
    metadata,
    Column("conference_id", String(36), primary_key=True),
    Column("clinician_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("role", String(20), nullable=False),
)
