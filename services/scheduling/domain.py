"""Conference rules in the clinicians' words: pure, time arrives as `now=`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# Time on the agenda per item: a patient case is quicker to present than a
# patient group or a professional area.
SLOT_MINUTES = {"patient_case": 10, "patient_group": 15, "professional_topic": 15}

# A series with a focus takes only cases of these body regions (a case with no
# region, e.g. a professional topic, goes to a general conference).
FOCUS_REGIONS = {
    "spinal": frozenset({"cervical_spine", "thoracic_spine", "lumbar_spine", "pelvis_sij"}),
    "upper_limb": frozenset({"shoulder", "elbow", "wrist_hand"}),
    "lower_limb": frozenset({"hip", "knee", "ankle_foot"}),
}

# Bands 7-8 chair; a band 6 may chair only when marked as a co-chair in training.
CHAIR_BANDS = {7, 8}


@dataclass(frozen=True)
class Series:
    id: str
    weekday: int
    start_time: str
    duration_minutes: int
    every_weeks: int
    first_date: date


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def first_date_problem(weekday: int, first_date: date) -> str | None:
    """Why a series' first date does not fit its day of the week, or None if it does.

    A Thursday series whose first date is a Wednesday would quietly start a day later
    than the coordinator wrote: they are asked which of the two they meant."""
    if first_date.weekday() == weekday:
        return None
    return (
        f"{first_date:%-d %B %Y} is a {WEEKDAY_NAMES[first_date.weekday()]}: the series meets "
        f"on {WEEKDAY_NAMES[weekday]}s, so choose a {WEEKDAY_NAMES[weekday]} or another day"
    )


def occurrences(series: Series, start: date, end: date) -> Iterator[tuple[datetime, datetime]]:
    """Meeting times of a series between two dates, in UTC, from London wall-clock times."""
    hours, minutes = (int(part) for part in series.start_time.split(":"))
    day = series.first_date + timedelta(days=(series.weekday - series.first_date.weekday()) % 7)
    step = timedelta(weeks=series.every_weeks)
    while day < start:
        day += step
    while day <= end:
        local = datetime.combine(day, time(hours, minutes), tzinfo=LONDON)
        starts = local.astimezone(ZoneInfo("UTC"))
        yield starts, starts + timedelta(minutes=series.duration_minutes)
        day += step


@dataclass(frozen=True)
class Clinician:
    id: str
    band: int
    service: str
    site_id: str
    can_chair: bool
    is_chair: bool = False  # holds the chair role: chairs first when loads are equal


def sits_on_panels(roles) -> bool:
    """Clinicians and chairs make panels; an admin, triage or call handler only does not."""
    return bool({"clinician", "chair"} & set(roles))


@dataclass(frozen=True)
class Panel:
    chair_id: str
    attendee_ids: tuple[str, ...]


def choose_panel(people: Iterable[Clinician], load: Counter, size: int) -> Panel | None:
    """A chair and attendees, the least-loaded first, spreading sites, services and bands.

    A simple greedy pick that the rota issue replaces with an optimised rota;
    it already avoids putting colleagues from one site or service together.
    """
    people = sorted(people, key=lambda person: (load[person.id], person.id))
    chairs = [p for p in people if p.band in CHAIR_BANDS or p.can_chair]
    if not chairs:
        return None
    chair = min(chairs, key=lambda p: (load[p.id], not p.is_chair, p.id))
    chosen = [chair]
    while len(chosen) < size:
        rest = [p for p in people if p not in chosen]
        if not rest:
            break
        sites = Counter(p.site_id for p in chosen)
        services = Counter(p.service for p in chosen)
        bands = Counter(p.band for p in chosen)
        chosen.append(
            min(
                rest,
                key=lambda p: (
                    load[p.id],
                    sites[p.site_id],
                    services[p.service],
                    bands[p.band],
                    p.id,
                ),
            )
        )
    return Panel(chair.id, tuple(p.id for p in chosen[1:]))


@dataclass(frozen=True)
class Opening:
    conference_id: str
    starts_at: datetime
    ends_at: datetime
    minutes_used: int
    capacity_minutes: int | None = None  # None: the whole meeting
    focus: str | None = None

    @property
    def minutes_free(self) -> int:
        length = int((self.ends_at - self.starts_at).total_seconds() // 60)
        return min(length, self.capacity_minutes or length) - self.minutes_used

    def takes(self, body_region: str | None) -> bool:
        """A focused conference (e.g. spinal) takes only cases of its regions."""
        return self.focus is None or body_region in FOCUS_REGIONS.get(self.focus, ())

    def with_item(self, minutes: int) -> Opening:
        return replace(self, minutes_used=self.minutes_used + minutes)

    @property
    def day(self) -> date:
        """The meeting's day as the presenter's diary has it (London)."""
        return self.starts_at.astimezone(LONDON).date()


def first_with_room(
    openings: Iterable[Opening],
    minutes: int,
    now: datetime,
    body_region: str | None = None,
    away: Collection[date] = (),
) -> Opening | None:
    """The next conference not yet started, suited to the case, with time left on its agenda,
    on a day its presenter can come (not on their leave, nor a day they declined)."""
    for opening in sorted(openings, key=lambda o: o.starts_at):
        room = opening.minutes_free >= minutes
        free = opening.day not in away
        if opening.starts_at > now and room and free and opening.takes(body_region):
            return opening
    return None


def opening_for(
    openings: Iterable[Opening],
    minutes: int,
    now: datetime,
    preferred_id: str | None = None,
    body_region: str | None = None,
    away: Collection[date] = (),
) -> Opening | None:
    """The presenter's preferred conference if it is still ahead and has room, else the next.

    A presenter may want a particular meeting (its chair knows the area, or the
    patient is seen again soon after it); a full or past one is no use to them.
    A case is never put on a day its presenter is away: nobody could present it.
    """
    openings = list(openings)
    for chosen in (o for o in openings if o.conference_id == preferred_id):
        # The presenter chose that meeting knowingly: its focus does not turn the case away.
        if chosen.starts_at > now and chosen.minutes_free >= minutes and chosen.day not in away:
            return chosen
    return first_with_room(openings, minutes, now, body_region, away)


def slot(opening: Opening, minutes: int) -> tuple[datetime, datetime]:
    """Items take the agenda in order of arrival."""
    starts = opening.starts_at + timedelta(minutes=opening.minutes_used)
    return starts, starts + timedelta(minutes=minutes)


def meeting_started(starts_at: datetime, now: datetime) -> bool:
    """Minutes record what a meeting said: they are published from its start, not before."""
    return now >= starts_at
