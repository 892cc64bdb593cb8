"""The staff service's half of signing in with an NHS account: whose verified email it is,
and whether they may come in (an in-memory database; the journey is in tests/browser)."""

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, insert
from sqlalchemy.orm import Session

from contracts.errors import Unauthenticated
from services.staff import accounts, models

ISSUER = "https://login.microsoftonline.com/tenant/v2.0"


@pytest.fixture
def session():
    engine = create_engine("sqlite://")
    models.metadata.create_all(engine)
    with Session(engine) as session:
        for email, active in (("pat.physio@nhs.net", True), ("lee.leaver@nhs.net", False)):
            session.execute(
                insert(models.people).values(
                    id=email.split("@")[0],
                    name=email.split("@")[0].replace(".", " ").title(),
                    email=email,
                    roles=["clinician"],
                    active=active,
                    joined_at=datetime(2026, 1, 5, tzinfo=UTC),
                    session_version=3,
                )
            )
        yield session


def test_an_invited_person_without_a_password_signs_in_with_the_session_version(session):
    person = accounts.by_verified_email(session, " Pat.Physio@NHS.net ", ISSUER)
    assert (person["id"], person["name"], person["session_version"]) == (
        "pat.physio",
        "Pat Physio",
        3,
    )


@pytest.mark.parametrize(
    ("email", "code"),
    [("someone.else@nhs.net", "NOT_INVITED"), ("lee.leaver@nhs.net", "ACCOUNT_DEACTIVATED")],
)
def test_nobody_else_signs_in_and_the_refusal_is_logged_by_id_only(session, caplog, email, code):
    caplog.set_level(logging.INFO, "mskpeer.security")
    with pytest.raises(Unauthenticated) as refused:
        accounts.by_verified_email(session, email, ISSUER)
    assert refused.value.code == code
    assert code in caplog.text and email not in caplog.text
