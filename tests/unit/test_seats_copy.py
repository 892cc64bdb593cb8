"""Cases' copy of who sits where: unknown until filled, then each reader's conferences."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine

from services.cases import models, seats

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def session():
    engine = create_engine("sqlite://")
    models.metadata.create_all(engine)
    with engine.begin() as connection:  # what a service's transaction gives its code
        yield connection


def seat(conference, clinician, role="attendee"):
    return {"conference_id": conference, "clinician_id": clinician, "role": role}


def test_until_the_copy_is_filled_nobody_s_conferences_are_known(session):
    seats.record(session, seat("conf-1", "p-1"), True, NOW)
    assert seats.attended(session, "p-1") is None


def test_once_filled_each_reader_has_the_conferences_they_are_still_seated_on(session):
    seats.record(session, seat("conf-1", "p-1"), True, NOW)
    seats.record(session, seat("conf-1", "p-1", "chair"), True, NOW)
    seats.record(session, seat("conf-2", "p-1"), True, NOW)
    seats.record(session, seat("conf-2", "p-1"), False, NOW.replace(hour=10))  # taken off
    seats.record(session, seat("conf-3", "p-2"), True, NOW)
    seats.mark_filled(session, NOW)
    assert seats.attended(session, "p-1") == ["conf-1"]
    assert seats.attended(session, "p-3") == []  # known: on no panel
