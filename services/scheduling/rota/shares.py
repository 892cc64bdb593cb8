"""The even shares fairness is measured against, for a whole plan or a part of one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.scheduling.rota.instance import Instance
from services.scheduling.rota.rules import eligible, lower_bound


@dataclass(frozen=True)
class Shares:
    """What fairness is measured against: the even shares of the whole plan.

    A model of part of the plan (a window being repaired) takes them from the
    whole, with the seats given elsewhere in `History.loads_so_far` and the
    chairs in `chairs_so_far`, so that its objective is the whole plan's less
    a constant: improving the part improves the whole.
    """

    people: tuple[str, ...]  # who shares the seats: free for at least one meeting
    fair_share: int  # seats // people: everyone should sit at least this often
    even: int  # ceil(seats / people): nobody need sit more often than this
    chairs: tuple[str, ...]
    even_chair: int
    chairs_so_far: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, instance: Instance, chairs_so_far: Mapping[str, int] | None = None) -> Shares:
        so_far = instance.history.loads_so_far
        people = eligible(instance)
        seats = sum(o.panel_max for o in instance.occurrences) + sum(so_far.values())
        chairs = [c.id for c in people if c.may_chair]
        return cls(
            people=tuple(c.id for c in people),
            fair_share=seats // max(1, len(people)),
            even=lower_bound(seats, len(people)),
            chairs=tuple(chairs),
            even_chair=lower_bound(len(instance.occurrences), len(chairs)),
            chairs_so_far=dict(chairs_so_far or {}),
        )
