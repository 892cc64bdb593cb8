"""Who may read a case: pure rules, no I/O.

Peer support shares a case with the people who will discuss it, not with the
whole service: its presenter, the chair and panel of its conference, and the
coordinators and admins who run the service.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

LEADS = frozenset({"coordinator", "admin"})


def is_lead(reader: dict) -> bool:
    return bool(LEADS & set(reader.get("roles", ())))


def may_read(case, reader: dict, conferences_attended: Callable[[], Collection[str]]) -> bool:
    """`conferences_attended` is asked only when nothing simpler decides (it costs a call)."""
    if case.presenter.id == reader["id"] or is_lead(reader):
        return True
    if case.conference_id is None:
        return False
    return case.conference_id in conferences_attended()
