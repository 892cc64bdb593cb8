"""An installation upgraded in place keeps every person, password and role: people move
from scheduling (where they used to live) to the staff service, and sign in as before."""

import uuid

import pytest
from argon2 import PasswordHasher
from sqlalchemy import MetaData, Table, insert, inspect, select

from mskpeer import runtime
from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import upgrade
from mskpeer.platform.settings import SERVICES
from services.staff import models as staff

OLD_HEAD = "0012"  # scheduling's last revision that held people and passwords
PEOPLE = {
    # email: (name, band, service, roles, password, active)
    "ann.old@demo.nhs.uk": ("Ann Old", 6, "core_physio", ["clinician"], "ankle sprain 42", True),
    "bo.chair@demo.nhs.uk": ("Bo Chair", 8, "msk_esp", ["clinician", "chair"], "bo's own", True),
    "cy.admin@demo.nhs.uk": ("Cy Admin", 7, "orthopaedics", ["admin"], "cy secret 9", True),
    "di.left@demo.nhs.uk": ("Di Left", 5, "core_physio", ["clinician"], "gone now 11", False),
}


def old_installation(url: str) -> dict[str, str]:
    """A scheduling database at its old head, with a site, people and their passwords."""
    upgrade("scheduling", url, OLD_HEAD)
    engine = make_engine(url, green=False)
    ids, hasher = {}, PasswordHasher()
    with engine.begin() as connection:
        sites = Table("sites", MetaData(), autoload_with=connection)
        clinicians = Table("clinicians", MetaData(), autoload_with=connection)
        connection.execute(insert(sites).values(id="site-1", name="Swanage Hospital"))
        for email, (name, band, service, roles, password, active) in PEOPLE.items():
            ids[email] = str(uuid.uuid4())
            connection.execute(
                insert(clinicians).values(
                    id=ids[email],
                    name=name,
                    email=email,
                    band=band,
                    service=service,
                    site_id="site-1",
                    roles=roles,
                    can_chair=band >= 7,
                    expertise=[],
                    password_hash=hasher.hash(password),
                    wrong_passwords=2 if name == "Ann Old" else 0,
                    active=active,
                )
            )
    engine.dispose()
    return ids


def rows(url: str, table) -> list[dict]:
    engine = make_engine(url, green=False)
    with engine.connect() as connection:
        found = [dict(r._mapping) for r in connection.execute(select(table))]
    engine.dispose()
    return found


def sqlite_urls(tmp_path) -> dict:
    return {s: f"sqlite:///{tmp_path / s}.db" for s in SERVICES}


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_upgrading_in_place_moves_every_person_password_and_role_to_staff(
    backend, request, tmp_path
):
    urls = request.getfixturevalue("database_urls") if backend == "postgresql" else None
    urls = urls or sqlite_urls(tmp_path)
    ids = old_installation(urls["scheduling"])
    runtime.migrate(SERVICES, urls)
    runtime.migrate(SERVICES, urls)  # once moved, running it again moves nothing

    moved = {row["email"]: row for row in rows(urls["staff"], staff.people)}
    assert set(moved) == set(PEOPLE)
    hasher = PasswordHasher()
    for email, (name, band, service, roles, password, active) in PEOPLE.items():
        person = moved[email]
        assert (person["id"], person["name"], person["band"]) == (ids[email], name, band)
        assert (person["service"], person["roles"], person["active"]) == (service, roles, active)
        assert hasher.verify(person["password_hash"], password)
    assert moved["ann.old@demo.nhs.uk"]["wrong_passwords"] == 2
    assert [s["name"] for s in rows(urls["staff"], staff.sites)] == ["Swanage Hospital"]
    assert {a["action"] for a in rows(urls["staff"], staff.audit)} == {"handed_over"}
    # Scheduling keeps its copy of the people, but no longer their passwords.
    engine = make_engine(urls["scheduling"], green=False)
    columns = {c["name"] for c in inspect(engine).get_columns("clinicians")}
    assert "password_hash" not in columns and "services" not in inspect(engine).get_table_names()
    engine.dispose()


def test_scheduling_alone_refuses_to_drop_passwords_nobody_has_moved(tmp_path):
    url = sqlite_urls(tmp_path)["scheduling"]
    old_installation(url)
    with pytest.raises(RuntimeError, match="mskpeer migrate"):
        upgrade("scheduling", url)


def test_the_people_moved_sign_in_with_their_old_passwords(database_urls, product_on_rabbitmq):
    old_installation(database_urls["scheduling"])
    with product_on_rabbitmq(SEED_DEMO=False) as api:
        for email, (name, _, _, roles, password, active) in PEOPLE.items():
            signed_in = api.post("/api/v1/auth/token", json={"email": email, "password": password})
            if not active:  # someone who had left stays unable to sign in
                assert signed_in.status_code == 401, signed_in.text
                continue
            assert signed_in.status_code == 200, signed_in.text
            token = signed_in.json()["access_token"]
            me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            assert me.status_code == 200, me.text
            assert (me.json()["name"], me.json()["roles"]) == (name, roles)
        wrong = api.post(
            "/api/v1/auth/token", json={"email": "ann.old@demo.nhs.uk", "password": "guess"}
        )
        assert wrong.status_code == 401


def test_a_new_installation_moves_nothing_and_starts_with_nobody(tmp_path):
    urls = sqlite_urls(tmp_path)
    runtime.migrate(SERVICES, urls)
    assert rows(urls["staff"], staff.people) == []
    assert len(rows(urls["staff"], staff.services)) == 3  # the MSK services, ready to use
