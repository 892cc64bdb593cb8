"""What the rota solver needs, read from the scheduling database.

Everything comes from this service's own tables: people, conferences and
their panels, unavailability, agendas, and the experts the cases service
matched to each case (remembered from case.matched in `case_matches`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from mskpeer.platform.clock import aware
from services.scheduling import models
from services.scheduling.domain import LONDON, sits_on_panels
from services.scheduling.rota import CaseExperts, Clinician, History, Instance, Occurrence, Panel

SCHEDULED = "scheduled"
HISTORY = timedelta(weeks=14)  # how far back fairness and "sat together" look
MAX_WINDOW = timedelta(days=14)  # the maximum's window (see rota.instance)


def local_day(starts_at: datetime) -> date:
    """The day of a meeting as the clinicians' diaries show it."""
    return aware(starts_at).astimezone(LONDON).date()


def midnight(day: date) -> datetime:
    """The start of a London day, in UTC as the database compares it."""
    return datetime.combine(day, datetime.min.time(), LONDON).astimezone(UTC)


@dataclass(frozen=True)
class Planned:
    """A conference the rota plans, with what the write-back needs."""

    id: str
    starts_at: datetime
    ends_at: datetime
    location: str


def conferences_between(session, start: date, end: date, now: datetime, series_id=None):
    """Scheduled conferences in the window not yet started and without minutes."""
    c = models.conferences
    query = select(c).where(
        c.c.status == SCHEDULED,
        c.c.starts_at > now,
        c.c.minutes_recorded_at.is_(None),
        c.c.starts_at >= midnight(start),
        c.c.starts_at < midnight(end + timedelta(days=1)),
    )
    if series_id is not None:
        query = query.where(c.c.series_id == series_id)
    return session.execute(query.order_by(c.c.starts_at, c.c.id)).all()


def read_instance(session, rows, time_limit: float) -> tuple[Instance, dict[str, Planned]]:
    """The solver's instance for these conferences, and the conferences by id."""
    ids = [row.id for row in rows]
    days = {row.id: local_day(row.starts_at) for row in rows}
    people = _clinicians(session)
    seats = seats_held(session, ids)
    first, last = min(days.values()), max(days.values())
    occurrences = tuple(
        _occurrence(session, row, days[row.id], seats[row.id], people) for row in rows
    )
    panels = {conference_id: seated(held) for conference_id, held in seats.items()}
    current = {conference_id: p for conference_id, p in panels.items() if p.chair is not None}
    instance = Instance(
        clinicians=tuple(people.values()),
        occurrences=occurrences,
        unavailable=_unavailable(session, first, last),
        history=_history(session, ids, first, last),
        current=current,
        time_limit=time_limit,
    )
    planned = {r.id: Planned(r.id, aware(r.starts_at), aware(r.ends_at), r.location) for r in rows}
    return instance, planned


def seated(held) -> Panel:
    """The rota seats among (person, role) pairs as a panel; experts are not rota seats.

    The chair is None when nobody holds it (a late drop-out, see quorum_check).
    """
    roles = defaultdict(list)
    for person_id, role in held:
        roles[role].append(person_id)
    return Panel(
        roles["chair"][0] if roles["chair"] else None,
        roles["standby"][0] if roles["standby"] else None,
        tuple(sorted(roles["attendee"])),
    )


def seats_held(session, ids) -> dict[str, list[tuple[str, str]]]:
    """(person, role) of everyone seated on each conference, experts included."""
    a = models.attendees
    found: dict[str, list] = {conference_id: [] for conference_id in ids}
    for row in session.execute(select(a).where(a.c.conference_id.in_(ids))).all():
        found[row.conference_id].append((row.clinician_id, row.role))
    return found


def _clinicians(session) -> dict[str, Clinician]:
    c, s = models.clinicians, models.sites
    rows = session.execute(
        select(c, s.c.name.label("site_name"))
        .join(s, s.c.id == c.c.site_id)
        .where(c.c.active.is_(True))
        .order_by(c.c.id)
    ).all()
    return {
        r.id: Clinician(
            r.id,
            r.band,
            r.service,
            r.site_name,
            can_chair=r.can_chair,
            co_chair_in_training=r.co_chair_in_training,
            max_conferences=r.max_conferences,
        )
        for r in rows
        if sits_on_panels(r.roles)
    }


def _occurrence(session, row, day: date, held, people) -> Occurrence:
    items, matches, series = models.agenda_items, models.case_matches, models.series
    bounds = session.execute(
        select(series.c.panel_min, series.c.panel_max).where(series.c.id == row.series_id)
    ).one()
    agenda = session.execute(
        select(items.c.title, items.c.presenter, matches.c.experts)
        .outerjoin(matches, matches.c.case_id == items.c.case_id)
        .where(items.c.conference_id == row.id)
        .order_by(items.c.id)
    ).all()
    presenters = {item.presenter["id"] for item in agenda}
    experts = tuple(
        CaseExperts(item.title, tuple(e["clinician_id"] for e in item.experts))
        for item in agenda
        if item.experts
    )
    return Occurrence(
        id=row.id,
        day=day,
        panel_min=bounds.panel_min,
        panel_max=bounds.panel_max,
        presenter_sites=tuple(sorted({people[p].site for p in presenters if p in people})),
        experts=experts,
        invited=tuple(sorted(p for p, role in held if role == "expert")),
    )


def _unavailable(session, first: date, last: date) -> frozenset[tuple[str, date]]:
    u = models.unavailability
    rows = session.execute(
        select(u.c.clinician_id, u.c.day).where(u.c.day >= first, u.c.day <= last)
    ).all()
    return frozenset((row.clinician_id, row.day) for row in rows)


def _history(session, planned_ids, first: date, last: date) -> History:
    """Duties around the plan: near ones count toward the maximum, older ones toward fairness."""
    c, a = models.conferences, models.attendees
    rows = session.execute(
        select(a.c.clinician_id, a.c.role, c.c.id, c.c.starts_at)
        .join(c, c.c.id == a.c.conference_id)
        .where(
            c.c.id.not_in(planned_ids),
            c.c.status != "cancelled",
            c.c.starts_at >= midnight(first - HISTORY),
            c.c.starts_at < midnight(last + MAX_WINDOW),
        )
    ).all()
    seats, past, panels = [], Counter(), defaultdict(list)
    for row in rows:
        day = local_day(row.starts_at)
        if first - MAX_WINDOW < day < last + MAX_WINDOW:
            seats.append((row.clinician_id, day))
        if row.role != "standby":
            panels[row.id, day].append(row.clinician_id)
            if day < first:
                past[row.clinician_id] += 1
    together: dict[frozenset[str], date] = {}
    for (_, day), members in panels.items():
        for i, one in enumerate(members):
            for other in members[i + 1 :]:
                pair = frozenset((one, other))
                together[pair] = max(day, together.get(pair, day))
    return History(
        seats=tuple(seats),
        sat_together=together,
        past_loads=dict(past),
        weeks=HISTORY.days // 7,
    )
