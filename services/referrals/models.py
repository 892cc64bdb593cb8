"""The referrals service's tables (its own database).

The only tables of the product that hold a patient's identity. Those columns
(`sealed_*`) are AES-GCM ciphertexts (see sealing.py), never plain text; the
rest is pseudonymous and is what reports and events are made from.
"""

from sqlalchemy import JSON, Boolean, Column, DateTime, Integer, MetaData, String, Table, Text

from mskpeer.platform.tables import AutoId, add_messaging_tables

metadata = MetaData()
messaging = add_messaging_tables(metadata)

# The fields sealed at rest, each bound to its row and column by the cipher's associated data.
SEALED = (
    "name",
    "date_of_birth",
    "nhs_number",
    "address",
    "postcode",
    "phone",
    "email",
    "story",  # the person's own words (what helps, what was tried, access needs)
    "triage_note",
)

referrals = Table(
    "referrals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("reference", String(20), nullable=False, unique=True),
    Column("channel", String(10), nullable=False),
    Column("taken_by", String(36), nullable=True),  # the call handler, for channel=phone
    Column("status", String(20), nullable=False, index=True),
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("rules_version", Integer, nullable=False),
    # Pseudonymous: what reports, events and the peer-support case are made from.
    Column("age_band", String(5), nullable=False),
    Column("sex", String(10), nullable=True),
    Column("gp_practice", String(10), nullable=False),
    Column("body_area", String(30), nullable=False),
    Column("duration_weeks", Integer, nullable=False),
    Column("pain_score", Integer, nullable=False),
    Column("night_pain", Boolean, nullable=False),
    Column("affects_work", Boolean, nullable=False),
    Column("affects_sleep", Boolean, nullable=False),
    Column("may_leave_message", Boolean, nullable=False),
    # Keyed hashes (HMAC) to find an earlier referral of the same person, never plain text.
    Column("nhs_match", String(80), nullable=True, index=True),
    Column("person_match", String(80), nullable=True, index=True),
    Column("repeat_of", String(36), nullable=True),
    # What the person answered before the referral was made, for the triage clinician to
    # see as asked: the red-flag screen (all "no", or there would be no referral) and
    # eligibility. Pseudonymous; missing on referrals made before they were kept.
    Column("red_flag_answers", JSON, nullable=True),
    Column("eligibility_answers", JSON, nullable=True),
    *(Column(f"sealed_{name}", Text, nullable=True) for name in SEALED),
    # Triage.
    Column("priority", String(10), nullable=True),
    Column("destination", String(30), nullable=True),
    Column("site", String(20), nullable=True),
    Column("self_help_page", String(80), nullable=True),
    Column("start_msk_group", String(6), nullable=True),
    Column("start_msk_score", Integer, nullable=True),  # the tool's total, when entered
    Column("msk_hq_score", Integer, nullable=True),
    Column("triaged_by", String(36), nullable=True),
    Column("triaged_at", DateTime(timezone=True), nullable=True),
    Column("case_id", String(36), nullable=True),  # the peer-support case made from it
    Column("purged_at", DateTime(timezone=True), nullable=True),  # identity removed
)

# Who read which referral, when: every read, by staff, the status page or the mailer.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("actor_id", String(60), nullable=False, index=True),
    Column("action", String(30), nullable=False),
    Column("referral_id", String(36), nullable=True, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("request_id", String(36), nullable=True),
)

# A red-flag answer stops the journey: the answers and the time, never who.
red_flag_stops = Table(
    "red_flag_stops",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("channel", String(10), nullable=False),
    Column("care", String(10), nullable=False),
    Column("kinds", JSON, nullable=False),
    Column("answers", JSON, nullable=False),
)

# Messages to the patient, sent by this service so their address never leaves it.
patient_messages = Table(
    "patient_messages",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("referral_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("error", Text, nullable=True),
)

# Who the service takes, as data an admin changes; every change is a new version.
eligibility_rules = Table(
    "eligibility_rules",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("rules", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(36), nullable=True),
)

# A journey's answers so far, sealed like a referral's (they hold the same details),
# so a timeout or a closed tab loses nothing. Removed once submitted or stale.
drafts = Table(
    "drafts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("sealed_answers", Text, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("reference", String(20), nullable=True),  # once submitted
    # Wrong dates of birth given to see hidden answers again (journey.UNLOCK_TRIES).
    Column("tries", Integer, nullable=False, server_default="0"),
)
