"""Rows of scheduling's own tables for integration tests: a site, a colleague, a series.

Each takes the values a test cares about and fills the rest with plain defaults, so a
test says only what matters to it.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import insert

from services.scheduling import models

TEAMS = "https://teams.example.nhs.uk/msk"


def a_site(connection, name: str | None = None) -> str:
    site = str(uuid.uuid4())
    connection.execute(insert(models.sites).values(id=site, name=name or f"Site {site}"))
    return site


def a_clinician(connection, site_id: str, **values) -> str:
    row = {
        "id": str(uuid.uuid4()),
        "name": "Pat Physio",
        "band": 6,
        "service": "core_physio",
        "roles": ["clinician"],
        "can_chair": False,
        "expertise": [],
        "active": True,
        **values,
    }
    row.setdefault("email", f"{row['id']}@demo.nhs.uk")
    connection.execute(insert(models.clinicians).values(site_id=site_id, **row))
    return row["id"]


def a_series(connection, **values) -> str:
    row = {
        "id": str(uuid.uuid4()),
        "name": "Weekly",
        "weekday": 2,
        "start_time": "12:30",
        "duration_minutes": 60,
        "every_weeks": 1,
        "first_date": date(2026, 1, 7),
        "location": TEAMS,
        "panel_max": 8,
        **values,
    }
    connection.execute(insert(models.series).values(**row))
    return row["id"]
