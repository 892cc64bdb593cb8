"""The optimised rota: who chairs, stands by and sits on each conference, and why.

Pure: no database, no broker, no clock. `solve` plans with OR-Tools CP-SAT;
`violations` checks any answer against the hard rules on its own; `greedy` is
the simple baseline the benchmark compares with; `secure_quorum` is the
last check before a meeting.
"""

from services.scheduling.rota.greedy import greedy
from services.scheduling.rota.instance import (
    CaseExperts,
    Clinician,
    History,
    Instance,
    Occurrence,
    Panel,
    Rota,
)
from services.scheduling.rota.quorum import CallUp, secure_quorum
from services.scheduling.rota.rules import shortages, violations


def __getattr__(name: str):
    """`plan` and `solve` are loaded when first asked for: they bring OR-Tools, and with it
    numpy and pandas, which every process imports the service classes for (the broker's
    topology names every queue) but only scheduling uses (mskpeer.runtime loads them there
    before it starts)."""
    if name in ("plan", "solve"):
        from services.scheduling.rota import search

        return getattr(search, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CallUp",
    "CaseExperts",
    "Clinician",
    "History",
    "Instance",
    "Occurrence",
    "Panel",
    "Rota",
    "greedy",
    "plan",
    "secure_quorum",
    "solve",
    "shortages",
    "violations",
]
