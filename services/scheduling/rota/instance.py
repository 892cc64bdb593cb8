"""What the rota is planned from and what it gives back: plain values, no I/O.

The scheduling service reads these from its database; the benchmark and the
tests make them up. Sites and services are names as the clinicians say them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

ESP_SERVICE = "msk_esp"  # the extended-scope (ESP/FCP) service
CHAIR_BANDS = frozenset({7, 8})
TRAINEE_BAND = 6
MAX_WINDOW_DAYS = 14  # the default maximum: one conference in any 14 days


@dataclass(frozen=True)
class Clinician:
    id: str
    band: int  # Agenda for Change, 4-8
    service: str
    site: str
    can_chair: bool = False
    co_chair_in_training: bool = False
    max_conferences: int = 1  # in any `window_days` days, standby duties included
    window_days: int = MAX_WINDOW_DAYS

    @property
    def full_chair(self) -> bool:
        """May chair alone, and stand by to take over from a chair who drops out."""
        return self.can_chair and self.band in CHAIR_BANDS

    @property
    def may_chair(self) -> bool:
        # A band 6 co-chair in training chairs only beside a band 7-8 chair (see rules).
        return self.full_chair or (self.band == TRAINEE_BAND and self.co_chair_in_training)

    @property
    def senior(self) -> bool:
        """Who band 6s most want to reach: an ESP/FCP or a band 7-8."""
        return self.service == ESP_SERVICE or self.band in CHAIR_BANDS


@dataclass(frozen=True)
class CaseExperts:
    case: str  # how a reason names the case: its pseudonymised title
    clinician_ids: tuple[str, ...]  # matched colleagues, best first


@dataclass(frozen=True)
class Occurrence:
    id: str
    day: date
    panel_min: int  # chair and attendees together
    panel_max: int
    presenter_sites: tuple[str, ...] = ()  # where the agenda's presenters work
    experts: tuple[CaseExperts, ...] = ()
    # Experts already invited to this conference for a case: they sit on it
    # (so it counts toward their maximum) but hold no rota seat on it.
    invited: tuple[str, ...] = ()


@dataclass(frozen=True)
class Panel:
    # None only after a late drop-out left nobody who may chair (see quorum);
    # the solver always names a chair.
    chair: str | None
    standby: str | None
    attendees: tuple[str, ...]

    @property
    def members(self) -> tuple[str, ...]:
        """Who sits on the panel: the chair and the attendees (not the standby)."""
        return (self.chair, *self.attendees)


@dataclass(frozen=True)
class History:
    """What happened around the plan, which the plan must respect or balance."""

    # (clinician, day) of every conference sat or promised outside this plan:
    # they count toward each person's maximum.
    seats: tuple[tuple[str, date], ...] = ()
    # Pairs who sat together, with the last day they did.
    sat_together: Mapping[frozenset[str], date] = field(default_factory=dict)
    past_loads: Mapping[str, int] = field(
        default_factory=dict
    )  # conferences in the last `weeks` weeks
    weeks: int = 14
    # Panel seats already given earlier in the same plan (when it is solved in
    # windows): they count toward the fairness load.
    loads_so_far: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Instance:
    clinicians: tuple[Clinician, ...]
    occurrences: tuple[Occurrence, ...]
    unavailable: frozenset[tuple[str, date]] = frozenset()
    history: History = field(default_factory=History)
    current: Mapping[str, Panel] = field(
        default_factory=dict
    )  # the rota being re-planned, by occurrence id
    time_limit: float = 10.0  # seconds
    workers: int = 2
    seed: int = 0

    def by_id(self) -> dict[str, Clinician]:
        return {c.id: c for c in self.clinicians}

    def available(self, clinician: Clinician, occurrence: Occurrence) -> bool:
        return (clinician.id, occurrence.day) not in self.unavailable and (
            clinician.id not in occurrence.invited
        )


@dataclass(frozen=True)
class Rota:
    panels: dict[str, Panel]  # by occurrence id; an occurrence left out could not be planned
    reasons: dict[str, dict[str, tuple[str, ...]]]  # occurrence -> clinician -> why
    status: str  # optimal, feasible, infeasible, unknown (no answer in time)
    objective: float | None
    bound: float | None
    max_load: int
    lower_bound: int  # ceil(panel seats / people available for at least one meeting)
    seconds: float
    changes: int  # seats that differ from the current rota
    windows: int = 1  # how many pieces the plan was solved in
