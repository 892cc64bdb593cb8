"""Who may read a case: the product's one rule (contracts.policy), applied to a stored case.

Peer support shares a case with the people who will discuss it, not with the
whole service: its presenter, the chair and panel of its conference, and the
coordinators and admins who run the service.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from contracts import policy


def may_read(case, reader: dict, conferences_attended: Callable[[], Collection[str]]) -> bool:
    """`conferences_attended` is asked only when nothing simpler decides (it costs a call)."""
    return policy.may_read_case(reader, case.presenter.id, case.conference_id, conferences_attended)
