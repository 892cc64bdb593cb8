"""Scheduling's copy of the staff list follows each staff event, chairing included."""

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from services.scheduling import directory, models


def staff(band: int, roles=("clinician",)) -> dict:
    return {
        "staff_id": "s-1",
        "name": "Nia Ellis",
        "email": "nia.ellis@example.nhs.uk",
        "band": band,
        "service": "core_physio",
        "site_id": "site-1",
        "site": "Poole",
        "roles": list(roles),
        "active": True,
        "at": "2026-12-02T09:00:00+00:00",
    }


def may_chair(session) -> bool:
    c = models.clinicians
    return session.execute(select(c.c.can_chair).where(c.c.id == "s-1")).scalar_one()


def test_a_colleague_promoted_to_band_7_or_made_a_chair_may_chair_from_then_on():
    engine = create_engine("sqlite://")
    models.metadata.create_all(engine)
    with Session(engine) as session:
        assert directory.keep(session, staff(band=6))
        assert not may_chair(session)
        assert not directory.keep(session, staff(band=7))
        assert may_chair(session)
        directory.keep(session, staff(band=6))
        assert not may_chair(session)
        directory.keep(session, staff(band=6, roles=("clinician", "chair")))
        assert may_chair(session)
