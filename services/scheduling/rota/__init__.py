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
from services.scheduling.rota.search import plan, solve

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
