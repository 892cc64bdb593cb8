"""The scheduling service's tables: people, conferences, agendas and minutes."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
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

sites = Table(
    "sites",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
)

# The services clinicians work in (core physiotherapy, MSK, orthopaedics...): data an admin adds to.
services = Table(
    "services",
    metadata,
    Column("code", String(30), primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
)

clinicians = Table(
    "clinicians",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("band", Integer, nullable=False),
    Column("service", String(30), nullable=False),
    Column("site_id", String(36), ForeignKey("sites.id"), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("can_chair", Boolean, nullable=False),
    # A band 6 learning to chair: chairs only beside a band 7-8 chair (the rota's rule).
    Column("co_chair_in_training", Boolean, nullable=False, default=False, server_default=false()),
    # The rota gives nobody more than this many conferences in any 14 days.
    Column("max_conferences", Integer, nullable=False, default=1, server_default="1"),
    Column("expertise", JSON, nullable=False),
    Column("password_hash", String(200), nullable=True),
    # Wrong passwords in a row, and until when the account rests after too many.
    Column("wrong_passwords", Integer, nullable=False, default=0, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("active", Boolean, nullable=False),
)

series = Table(
    "conference_series",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("weekday", Integer, nullable=False),  # Monday is 0
    Column("start_time", String(5), nullable=False),  # local time in Europe/London, HH:MM
    Column("duration_minutes", Integer, nullable=False),
    Column("every_weeks", Integer, nullable=False),
    Column("first_date", Date, nullable=False),
    Column("location", String(500), nullable=False),
    Column("focus", String(60), nullable=True),  # e.g. spinal: takes only those cases
    Column("panel_min", Integer, nullable=False, server_default="5"),  # chair included
    Column("panel_max", Integer, nullable=False),
    # Minutes of case discussion per meeting; None: the whole meeting.
    Column("capacity_minutes", Integer, nullable=True),
)

conferences = Table(
    "conferences",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("series_id", String(36), ForeignKey("conference_series.id"), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False, index=True),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("location", String(500), nullable=False),
    Column("status", String(20), nullable=False),
    Column("chair_id", String(36), ForeignKey("clinicians.id"), nullable=True),
    Column("capacity_minutes", Integer, nullable=True),  # from its series; None: all of it
    # The series' meeting time it was made for: a moved conference keeps it, so the
    # planner does not make a second conference for that slot.
    Column("series_slot", DateTime(timezone=True), nullable=False),
    Column("agenda_published_at", DateTime(timezone=True), nullable=True),
    Column("minutes_recorded_at", DateTime(timezone=True), nullable=True),
    # Who published them: the chair, or a coordinator or admin on the chair's behalf.
    Column("minutes_recorded_by", String(36), nullable=True),
    # The chair's minutes as typed during the meeting, until they publish them.
    Column("minutes_draft", JSON, nullable=True),
    Column("minutes_draft_saved_at", DateTime(timezone=True), nullable=True),
    # When the check before the meeting looked at its panel (see quorum_check).
    Column("quorum_checked_at", DateTime(timezone=True), nullable=True),
)

attendees = Table(
    "conference_attendees",
    metadata,
    Column("conference_id", String(36), ForeignKey("conferences.id"), primary_key=True),
    Column("clinician_id", String(36), ForeignKey("clinicians.id"), primary_key=True),
    Column("role", String(20), nullable=False),  # chair, standby, attendee, or expert
    # Why the rota chose this person (e.g. "mix: band 5, core physiotherapy, Swanage").
    Column("reasons", JSON, nullable=True),
)

# A case waiting for a conference has no conference_id yet.
agenda_items = Table(
    "agenda_items",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("case_id", String(36), nullable=False, unique=True),
    Column("conference_id", String(36), ForeignKey("conferences.id"), nullable=True, index=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(120), nullable=False),
    Column("question", Text, nullable=False),
    Column("urgency", String(10), nullable=False),
    Column("presenter", JSON, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("body_region", String(30), nullable=True),
    Column("position", Integer, nullable=True),  # the chair's order; None: order of arrival
    # The conference a case had before it was moved (cancelled, moved, or by the chair):
    # its next placement is announced as case.rescheduled, not case.scheduled.
    Column("moved_from", String(36), nullable=True),
    # The conference the presenter asked for, tried first while the case waits.
    Column("preferred_conference_id", String(36), nullable=True),
    # When the presenter last edited the case: an older revision arriving late is ignored.
    Column("revised_at", DateTime(timezone=True), nullable=True),
)

minutes_items = Table(
    "minutes_items",
    metadata,
    Column("conference_id", String(36), ForeignKey("conferences.id"), primary_key=True),
    Column("case_id", String(36), primary_key=True),
    Column("discussion", Text, nullable=False),
    Column("recommendations", Text, nullable=False),
    Column("agreed_plan", Text, nullable=False, server_default=""),
)

actions = Table(
    "actions",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("conference_id", String(36), ForeignKey("conferences.id"), nullable=False),
    Column("case_id", String(36), nullable=False, index=True),
    Column("owner_id", String(36), ForeignKey("clinicians.id"), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=True),
    Column("completed_at", DateTime(timezone=True), nullable=True),
    Column("completed_by", String(36), nullable=True),
    Column("due_sent_at", DateTime(timezone=True), nullable=True),  # action.due released
)

attendance = Table(
    "attendance",
    metadata,
    Column("conference_id", String(36), ForeignKey("conferences.id"), primary_key=True),
    Column("clinician_id", String(36), ForeignKey("clinicians.id"), primary_key=True),
    Column("status", String(20), nullable=False),
)

# The colleagues the cases service matched to a case (case.matched), best first,
# and the one invited to its conference as its expert.
case_matches = Table(
    "case_matches",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("experts", JSON, nullable=False),
    Column("matched_at", DateTime(timezone=True), nullable=False),
    Column("invited_id", String(36), nullable=True),
)

# Days a clinician cannot sit on a conference (leave, clinic cover): the rota
# leaves them off that day.
unavailability = Table(
    "unavailability",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("clinician_id", String(36), ForeignKey("clinicians.id"), nullable=False, index=True),
    Column("day", Date, nullable=False),
    Column("reason", String(200), nullable=True),
    Column("recorded_by", String(36), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("clinician_id", "day", name="uq_unavailability_clinician_day"),
)

# Each published rota: the window it planned and how good the plan is.
rotas = Table(
    "rotas",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("series_id", String(36), nullable=True),
    Column("published_by", String(36), nullable=True),  # None: the automatic planner
    Column("published_at", DateTime(timezone=True), nullable=False, index=True),
    Column("figures", JSON, nullable=False),  # status, objective, bound, loads, changes
)

# A panel that no longer makes a quorum and could not be fixed: for the coordinators.
quorum_warnings = Table(
    "quorum_warnings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("conference_id", String(36), ForeignKey("conferences.id"), nullable=False, index=True),
    Column("cause", String(20), nullable=False),  # quorum_check or decline
    Column("problems", JSON, nullable=False),
    Column("absent", JSON, nullable=False),  # ids taken off the panel
    Column("called_up", String(36), nullable=True),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    # Set when a later rota gives the conference a sound panel.
    Column("resolved_at", DateTime(timezone=True), nullable=True),
)
