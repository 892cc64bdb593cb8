"""Made-up teams and weekly conferences for the rota's tests."""

from datetime import date, timedelta

from services.scheduling.rota import Clinician, Occurrence

FIRST = date(2027, 1, 6)
SITES = tuple(f"Site {n}" for n in range(11))
SERVICES = ("core_physio", "msk_esp", "orthopaedics")
BANDS = (4, 5, 5, 6, 6, 6, 7, 7, 8)


def team(size: int) -> tuple[Clinician, ...]:
    """A team spread evenly over bands, services and sites, like the demo's."""
    return tuple(
        Clinician(
            f"c{n:03d}",
            BANDS[n % len(BANDS)],
            SERVICES[n % 3],
            SITES[n % len(SITES)],
            can_chair=BANDS[n % len(BANDS)] >= 7,
            co_chair_in_training=n % 18 == 3,
        )
        for n in range(size)
    )


def weekly(count: int, panel=(5, 6), **details) -> tuple[Occurrence, ...]:
    return tuple(
        Occurrence(f"w{n}", FIRST + timedelta(weeks=n), *panel, **details) for n in range(count)
    )
