"""The eligibility rules in force: the newest version, or the defaults before any change."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from services.referrals import models
from services.referrals.eligibility import DEFAULT_RULES

R = models.eligibility_rules


def current(session) -> tuple[int, dict]:
    row = session.execute(select(R).order_by(R.c.version.desc()).limit(1)).first()
    return (row.version, row.rules) if row else (0, DEFAULT_RULES)


def replace(session, rules: dict, actor_id: str, now) -> int:
    newest = session.execute(select(func.max(R.c.version))).scalar() or 0
    session.execute(
        insert(R).values(version=newest + 1, rules=rules, created_at=now, created_by=actor_id)
    )
    return newest + 1
