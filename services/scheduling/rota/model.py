"""The rota as a CP-SAT model: the hard rules as constraints, the wishes as one weighted sum.

Weights are lexicographic in spirit: a seat left empty costs more than any
fairness gain, a conference more on the busiest person's load costs more than
any mixing or expertise gain, and keeping the previous rota outweighs small
improvements in mix (minimal disturbance when re-planning).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import timedelta

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from services.scheduling.rota.instance import Clinician, Instance, Occurrence, Panel
from services.scheduling.rota.rules import MIN_SERVICES, MIN_SITES
from services.scheduling.rota.shares import Shares

EMPTY_SEAT = 100_000
BUSIEST_LOAD = 10_000
BUSIEST_CHAIR = 1_000
KEEP_SEAT = 200  # per seat of the previous rota kept
BELOW_FAIR_SHARE = 100  # per conference someone falls short of the even share
EXPERT_ON_PANEL = 60  # per case with one of its matched experts on the panel
EXPERT_RANK = (3, 2, 1)  # the best match first
SAT_TOGETHER = 30  # per pair put together again within PAIR_MEMORY
SAME_SITE_AS_PRESENTER = 20  # per attendee beyond one from a presenter's site
PAST_LOAD = 2  # per seat, per conference the person sat in the last weeks
BAND_MIX, SERVICE_MIX, SITE_MIX = 10, 10, 5  # per band, service, site on a panel
PAIR_MEMORY = timedelta(weeks=12)


class RotaModel:
    def __init__(self, instance: Instance, shares: Shares | None = None):
        self.instance = instance
        self.shares = shares or Shares.of(instance)
        self.model = cp_model.CpModel()
        self.seat: dict[tuple[str, str], cp_model.IntVar] = {}
        self.chair: dict[tuple[str, str], cp_model.IntVar] = {}
        self.standby: dict[tuple[str, str], cp_model.IntVar] = {}
        # The objective as (variable, weight) pairs and a constant: one weighted
        # sum at the end is much quicker to build than nested expressions.
        self.costs: list[tuple] = []
        self.constant = 0
        # Helper variables, each the best value it can take given the roles:
        # max(0, max over groups of const + sum(coef * role)). Lets a hint be complete.
        self.derived: list[tuple] = []
        self._variables()
        for occurrence in instance.occurrences:
            self._panel_rules(occurrence)
            self._wishes(occurrence)
        self._maximum_per_person()
        self._fairness()
        self._keep_current()
        variables, weights = zip(*self.costs, strict=True) if self.costs else ((), ())
        self.model.minimize(LinearExpr.weighted_sum(variables, weights) + self.constant)

    def _cost(self, weight: int, variables) -> None:
        self.costs += [(v, weight) for v in variables]

    def _variables(self) -> None:
        m = self.model
        for o in self.instance.occurrences:
            for c in self.instance.clinicians:
                if not self.instance.available(c, o):
                    continue
                self.seat[c.id, o.id] = m.new_bool_var(f"seat_{c.id}_{o.id}")
                if c.may_chair:
                    self.chair[c.id, o.id] = m.new_bool_var(f"chair_{c.id}_{o.id}")
                    m.add_implication(self.chair[c.id, o.id], self.seat[c.id, o.id])
                if c.full_chair:
                    self.standby[c.id, o.id] = m.new_bool_var(f"standby_{c.id}_{o.id}")
                    m.add_bool_or([self.seat[c.id, o.id].Not(), self.standby[c.id, o.id].Not()])

    def _on(self, o: Occurrence, people) -> list:
        return [self.seat[c.id, o.id] for c in people if (c.id, o.id) in self.seat]

    def _panel_rules(self, o: Occurrence) -> None:
        m, people = self.model, self.instance.clinicians
        chairs = [self.chair[c.id, o.id] for c in people if (c.id, o.id) in self.chair]
        standbys = [self.standby[c.id, o.id] for c in people if (c.id, o.id) in self.standby]
        m.add_exactly_one(chairs)
        m.add_exactly_one(standbys)
        seated = self._on(o, people)
        m.add_linear_constraint(LinearExpr.sum(seated), o.panel_min, o.panel_max)
        self.constant += EMPTY_SEAT * o.panel_max
        self._cost(-EMPTY_SEAT, seated)
        # A band 6 co-chair in training chairs only with a band 7-8 chair beside them.
        trainees = [
            self.chair[c.id, o.id]
            for c in people
            if (c.id, o.id) in self.chair and not c.full_chair
        ]
        if trainees:
            full = self._on(o, [c for c in people if c.full_chair])
            m.add(LinearExpr.sum(trainees) <= LinearExpr.sum(full))
        seniors = [c for c in people if c.senior]
        senior_chair = [self.chair[c.id, o.id] for c in seniors if (c.id, o.id) in self.chair]
        m.add(LinearExpr.sum(self._on(o, seniors)) - LinearExpr.sum(senior_chair) >= 1)
        services = self._present(o, "service", lambda c: c.service)
        m.add(LinearExpr.sum(services) >= MIN_SERVICES)
        self._cost(-SERVICE_MIX, services)
        sites = self._present(o, "site", lambda c: c.site)
        m.add(LinearExpr.sum(sites) >= MIN_SITES)
        self._cost(-SITE_MIX, sites)
        self._cost(-BAND_MIX, self._present(o, "band", lambda c: c.band))

    def _present(self, o: Occurrence, what: str, key) -> list:
        """One flag per value of `key` (site, service, band) that is on the panel."""
        groups: dict = defaultdict(list)
        for c in self.instance.clinicians:
            if (c.id, o.id) in self.seat:
                groups[key(c)].append(self.seat[c.id, o.id])
        flags = []
        for value, seats in groups.items():
            flag = self.model.new_bool_var(f"{what}_{value}_{o.id}")
            # Linear rather than a clause: CP-SAT's LP sees it, so its bound
            # knows eight seats show at most eight sites.
            self.model.add(LinearExpr.sum(seats) >= flag)
            self.derived.append((flag, [(0, [(1, s)]) for s in seats]))
            flags.append(flag)
        return flags

    def _wishes(self, o: Occurrence) -> None:
        m, people = self.model, self.instance.clinicians
        history = self.instance.history
        local = self._on(o, [c for c in people if c.site in o.presenter_sites])
        if local:
            beyond_one = m.new_int_var(0, len(local), f"local_{o.id}")
            m.add(beyond_one >= LinearExpr.sum(local) - 1)
            self.derived.append((beyond_one, [(-1, [(1, s) for s in local])]))
            self._cost(SAME_SITE_AS_PRESENTER, [beyond_one])
        for n, case in enumerate(o.experts):
            ranked = [(p, r) for r, p in enumerate(case.clinician_ids[: len(EXPERT_RANK)])]
            ranked = [(p, r) for p, r in ranked if (p, o.id) in self.seat]
            if not ranked:
                continue
            covered = m.new_bool_var(f"expert_{n}_{o.id}")
            m.add(LinearExpr.sum([self.seat[p, o.id] for p, _ in ranked]) >= covered)
            self.derived.append((covered, [(0, [(1, self.seat[p, o.id])]) for p, _ in ranked]))
            self._cost(-EXPERT_ON_PANEL, [covered])
            self.costs += [(self.seat[p, o.id], -EXPERT_RANK[r]) for p, r in ranked]
        for pair, last in history.sat_together.items():
            if abs(o.day - last) > PAIR_MEMORY or len(pair) != 2:
                continue
            a, b = sorted(pair)
            if (a, o.id) in self.seat and (b, o.id) in self.seat:
                again = m.new_bool_var(f"again_{a}_{b}_{o.id}")
                m.add(again >= self.seat[a, o.id] + self.seat[b, o.id] - 1)
                self.derived.append(
                    (again, [(-1, [(1, self.seat[a, o.id]), (1, self.seat[b, o.id])])])
                )
                self._cost(SAT_TOGETHER, [again])
        for c in people:
            if (c.id, o.id) in self.seat and history.past_loads.get(c.id):
                self.costs.append((self.seat[c.id, o.id], PAST_LOAD * history.past_loads[c.id]))

    def _maximum_per_person(self) -> None:
        """At most `max_conferences` in any `window_days` days, history and standby included."""
        fixed: dict[str, list] = defaultdict(list)
        for person_id, day in self.instance.history.seats:
            fixed[person_id].append(day)
        for o in self.instance.occurrences:
            for person_id in o.invited:
                fixed[person_id].append(o.day)
        for c in self.instance.clinicians:
            duties = sorted(
                (
                    (o.day, n, var)
                    for n, o in enumerate(self.instance.occurrences)
                    for var in (self.seat.get((c.id, o.id)), self.standby.get((c.id, o.id)))
                    if var is not None
                ),
                key=lambda duty: duty[:2],
            )
            if not duties:
                continue
            days = [day for day, _, _ in duties]
            before = sorted(fixed[c.id])
            span = timedelta(days=c.window_days)
            # Any window holding a set of duties also holds it when it ends on the
            # last of them, so windows ending on each day are enough.
            for end in sorted(set(days) | set(before)):
                inside = [
                    var
                    for _, _, var in duties[
                        bisect_right(days, end - span) : bisect_right(days, end)
                    ]
                ]
                already = bisect_right(before, end) - bisect_right(before, end - span)
                if inside and len(inside) + already > c.max_conferences:
                    # Already over before planning (a moved meeting, an invitation):
                    # nothing more for them there, rather than no rota at all.
                    self.model.add(LinearExpr.sum(inside) <= max(0, c.max_conferences - already))

    def _fairness(self) -> None:
        """The busiest person carries as few conferences as possible.

        Penalised is the load above the even share (the lower bound), not the
        load itself: the same optimum, but the LP relaxation then sees that a
        full rota costs nothing here, and the bound CP-SAT reports is not
        pulled down by the fractional share (2.08 conferences a head).
        """
        m, so_far, shares = self.model, self.instance.history.loads_so_far, self.shares
        fair_share, even, even_chair = shares.fair_share, shares.even, shares.even_chair
        horizon = len(self.instance.occurrences) + max(
            (*so_far.values(), *shares.chairs_so_far.values()), default=0
        )
        above = m.new_int_var(0, horizon, "load_above_even_share")
        above_chair = m.new_int_var(0, horizon, "chairs_above_even_share")
        seats_of, chairs_of = defaultdict(list), defaultdict(list)
        for (person_id, _), var in self.seat.items():
            seats_of[person_id].append(var)
        for (person_id, _), var in self.chair.items():
            chairs_of[person_id].append(var)
        loads, chair_loads = [], []
        for person_id in shares.people:
            before, mine = so_far.get(person_id, 0), seats_of[person_id]
            m.add(above >= before + LinearExpr.sum(mine) - even)
            loads.append((before - even, [(1, v) for v in mine]))
            if before >= fair_share:
                continue  # never short: no variable needed
            short = m.new_int_var(0, fair_share - before, f"short_{person_id}")
            m.add(short >= fair_share - before - LinearExpr.sum(mine))
            self.derived.append((short, [(fair_share - before, [(-1, v) for v in mine])]))
            self._cost(BELOW_FAIR_SHARE, [short])
        for person_id in shares.chairs:
            before, mine = shares.chairs_so_far.get(person_id, 0), chairs_of[person_id]
            m.add(above_chair >= before + LinearExpr.sum(mine) - even_chair)
            chair_loads.append((before - even_chair, [(1, v) for v in mine]))
        self.derived += [(above, loads), (above_chair, chair_loads)]
        self._cost(BUSIEST_LOAD, [above])
        self._cost(BUSIEST_CHAIR, [above_chair])

    def _keep_current(self) -> None:
        """Minimal disturbance: each seat of the rota being re-planned that stays is a gain."""
        for occurrence_id, panel in self.instance.current.items():
            kept = [self.chair.get((panel.chair, occurrence_id))]
            if panel.standby is not None:
                kept.append(self.standby.get((panel.standby, occurrence_id)))
            self._cost(-KEEP_SEAT, [v for v in kept if v is not None])
            for person_id in panel.attendees:
                seat = self.seat.get((person_id, occurrence_id))
                if seat is not None:
                    self._cost(-KEEP_SEAT, [seat])
                    chair = self.chair.get((person_id, occurrence_id))
                    if chair is not None:
                        self._cost(KEEP_SEAT, [chair])

    def fix(self, panels: dict) -> None:
        """Pin every role to the given rota, to score it with the same objective."""
        for key, value in self._roles(panels).items():
            self.model.Add(key == value)

    def hint(self, panels: dict) -> float:
        """Start the search from a known rota: every variable hinted, so CP-SAT can take
        it whole as its first answer (its own first answers on big plans are poor).

        Returns that rota's objective (for a rota covering every conference).
        """
        values = self._roles(panels)
        known = {var.index: value for var, value in values.items()}
        for var, groups in self.derived:
            best = max(
                (
                    const + sum(coef * known.get(v.index, 0) for coef, v in terms)
                    for const, terms in groups
                ),
                default=0,
            )
            known[var.index] = max(0, best)
        # Written in one go, not a call per variable: a repair step hints a
        # thousand variables, and a call each was a tenth of its time.
        hint = self.model.proto.solution_hint
        hint.vars.extend(list(known))
        hint.values.extend(list(known.values()))
        return self.constant + sum(w * known.get(v.index, 0) for v, w in self.costs)

    def _roles(self, panels: dict) -> dict:
        """Each role variable of the given rota's conferences, 1 where it names that person."""
        given = set()
        for occurrence_id, panel in panels.items():
            given |= {
                ("chair", panel.chair, occurrence_id),
                ("standby", panel.standby, occurrence_id),
            }
            given |= {("seat", p, occurrence_id) for p in panel.members}
        values = {}
        for role, variables in (
            ("chair", self.chair),
            ("standby", self.standby),
            ("seat", self.seat),
        ):
            for (person_id, occurrence_id), var in variables.items():
                if occurrence_id in panels:
                    values[var] = int((role, person_id, occurrence_id) in given)
        return values

    def panel(self, occurrence: Occurrence, solver) -> Panel:
        """The panel the solver chose for one conference."""
        roles = {c.id: self.chosen(c, occurrence, solver) for c in self.instance.clinicians}
        chair = next(p for p, role in roles.items() if role == "chair")
        standby = next((p for p, role in roles.items() if role == "standby"), None)
        attendees = tuple(sorted(p for p, role in roles.items() if role == "attendee"))
        return Panel(chair, standby, attendees)

    def chosen(self, clinician: Clinician, occurrence: Occurrence, solver) -> str | None:
        """The role the solver gave a person on a conference, if any."""
        key = (clinician.id, occurrence.id)
        if key in self.chair and solver.BooleanValue(self.chair[key]):
            return "chair"
        if key in self.standby and solver.BooleanValue(self.standby[key]):
            return "standby"
        if key in self.seat and solver.BooleanValue(self.seat[key]):
            return "attendee"
        return None
