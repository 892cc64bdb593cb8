"""The staff service's tables: people, their accounts, sites and services."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
)

from mskpeer.platform.tables import AutoId, add_messaging_tables

metadata = MetaData()
messaging = add_messaging_tables(metadata)

sites = Table(
    "sites",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
)

# The services people work in (core physiotherapy, MSK, orthopaedics...): data an admin adds to.
services = Table(
    "services",
    metadata,
    Column("code", String(30), primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
)

people = Table(
    "people",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, unique=True),
    # None for someone who works on no panel (e.g. the first admin, a service manager).
    Column("band", Integer, nullable=True),
    Column("service", String(30), ForeignKey("services.code"), nullable=True),
    Column("site_id", String(36), ForeignKey("sites.id"), nullable=True),
    Column("roles", JSON, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
    Column("left_at", DateTime(timezone=True), nullable=True),
    # The account. No hash: invited, not yet signed in with a password of their own.
    Column("password_hash", String(200), nullable=True),
    # Wrong passwords in a row, and until when the account rests after too many.
    Column("wrong_passwords", Integer, nullable=False, default=0, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    # Raised when someone leaves (or their password is reset): every token and web
    # session issued under an older version is refused from that moment.
    Column("session_version", Integer, nullable=False, default=1, server_default="1"),
)

# Who did what to whom in the staff list (invited, changed roles, deactivated...).
audit = Table(
    "staff_audit",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("actor_id", String(36), nullable=True),  # None: the command line or the handover
    Column("person_id", String(36), nullable=False, index=True),
    Column("action", String(40), nullable=False),
    Column("details", JSON, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Links to set a password (invitation or forgotten password): only a hash of the token.
password_links = Table(
    "password_links",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("person_id", String(36), ForeignKey("people.id"), nullable=False, index=True),
    Column("purpose", String(20), nullable=False),  # invitation or reset
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),  # used, or replaced by a newer
)
