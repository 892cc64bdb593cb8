"""Demo data: a weekly conference series. The demo people come from the staff service.

Only `mskpeer seed-demo` (or `make run` on the embedded defaults) calls this.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from services.scheduling import models


def is_empty(session) -> bool:
    return session.execute(select(func.count()).select_from(models.series)).scalar_one() == 0


def seed(session, now: datetime) -> dict:
    monday = (now - timedelta(days=now.weekday())).date()
    session.execute(
        insert(models.series).values(
            id=str(uuid.uuid5(uuid.NAMESPACE_URL, "series:weekly")),
            name="Weekly MSK peer case conference",
            weekday=2,
            start_time="12:30",
            duration_minutes=60,
            every_weeks=1,
            first_date=monday,
            location="https://teams.example.nhs.uk/msk-peer-support",
            focus=None,
            panel_min=5,
            panel_max=8,
        )
    )
    return {"series": 1}
