"""Patients' details at rest on PostgreSQL: sealed everywhere, purged on time, re-keyed.

Every table of every service's database is read directly (not through the
services): a test patient's name, NHS number and date of birth appear nowhere
in plain text, after a referral was received, acknowledged by email, triaged
and brought to peer support.
"""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import psycopg2
import pytest
from sqlalchemy import insert, select

from mskpeer import runtime
from mskpeer.platform.engine import make_engine
from mskpeer.platform.migrate import upgrade
from mskpeer.platform.settings import SERVICES
from services.referrals import keeping, models, repository
from services.referrals.sealing import Keyring, KeysMissing
from tests.support.api import eventually
from tests.support.referrals import K1, K2, PATIENT, referral, staff_token, stored_referral
from tests.support.system import product_config

pytestmark = pytest.mark.integration
SECRETS = [PATIENT["name"], "Quillfeather", "9990000018", "1970-05-04", PATIENT["email"]]


def to_the_patient(messages):
    return [m for m in messages if PATIENT["email"] in m.rcpt_to]


def all_rows_as_text(url: str) -> dict[str, str]:
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [name for (name,) in cursor.fetchall()]
        found = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            found[table] = " ".join(" ".join(map(str, row)) for row in cursor.fetchall())
    return found


def unpublished(url: str) -> int:
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM outbox WHERE published_at IS NULL")
        return cursor.fetchone()[0]


def test_no_postgresql_table_of_any_service_holds_the_patient(
    product_on_rabbitmq, database_urls, mail_sink
):
    with product_on_rabbitmq() as api:
        created = api.post("/api/v1/referrals", json=referral())
        assert created.status_code == 201, created.text
        referral_id = created.json()["id"]
        headers, _ = staff_token(api, "triage")
        decision = {"priority": "routine", "destination": "physiotherapy", "site": "north"}
        triaged = api.post(
            f"/api/v1/referrals/{referral_id}/triage", json=decision, headers=headers
        )
        assert triaged.status_code == 200, triaged.text
        assert api.post(f"/api/v1/referrals/{referral_id}/case", headers=headers).status_code == 201
        # The sink also gets the demo staff's own mail (their rota, the draft case), so
        # the patient's two messages are picked out by recipient; every other message
        # must say nothing about the patient.
        mail = mail_sink.wait_for(lambda ms: len(to_the_patient(ms)) >= 2, timeout=20)
        assert all(m.rcpt_to == (PATIENT["email"],) for m in to_the_patient(mail))
        for message in mail:
            if message not in to_the_patient(mail):
                for secret in (*SECRETS, PATIENT["phone"]):
                    assert secret not in message.subject + message.text + message.html, secret
        eventually(lambda: all_rows_as_text(database_urls["cases"])["cases"], bool, 10, "the case")
        eventually(
            lambda: unpublished(database_urls["referrals"]),
            lambda n: n == 0,
            10,
            "referral.received and referral.triaged published",
        )
    for service in SERVICES:
        for table, text in all_rows_as_text(database_urls[service]).items():
            for secret in SECRETS:
                assert secret not in text, f"{secret!r} in {service}.{table}"


def test_on_a_broker_the_referrals_service_will_not_start_without_keys(amqp_uri, database_urls):
    config = product_config(amqp_uri, database_urls, 25, REFERRALS_DATA_KEYS=None)
    runtime.prepare(["referrals"], config)
    runner = runtime.build_runner(["referrals"], config)
    with pytest.raises(KeysMissing):
        runner.start()
    runner.kill()


def test_rotation_re_seals_old_rows_and_purge_keeps_only_the_figures(database_urls):
    url = database_urls["referrals"]
    upgrade("referrals", url)
    engine = make_engine(url, green=False)
    now = datetime.now(UTC)
    old_keys = Keyring.from_setting(K1, embedded=False)
    with engine.begin() as connection:
        recent = stored_referral(connection, old_keys, now - timedelta(days=3))
        expired = stored_referral(connection, old_keys, now - timedelta(days=400))

    new_keys = Keyring.from_setting(f"{K2},{K1}", embedded=False)
    assert keeping.rotate_database(url, new_keys) == {"rotated": 2, "drafts": 0}
    only_new = Keyring.from_setting(K2, embedded=False)  # k1 retired after the rotation
    with engine.begin() as connection:
        row = repository.get(connection, recent)
        assert repository.identity_of(only_new, row)["name"] == PATIENT["name"]
        assert row.nhs_match == only_new.match("9990000018")
        assert keeping.purge(connection, timedelta(days=365), now) == 1
    with engine.begin() as connection:
        gone = repository.get(connection, expired)
        kept = repository.get(connection, recent)
        sealed = [getattr(gone, f"sealed_{f}") for f in models.SEALED]
        assert gone.purged_at is not None and sealed == [None] * len(sealed)
        assert (gone.age_band, gone.body_area, gone.nhs_match) == ("50-59", "knee", None)
        assert kept.purged_at is None and kept.sealed_name is not None
        count = connection.execute(select(models.referrals.c.id)).all()
        assert len(count) == 2  # the figures stay
    engine.dispose()


def test_the_rotate_keys_command_re_seals_what_the_service_stored(tmp_path):
    url = f"sqlite:///{tmp_path / 'referrals.db'}"
    upgrade("referrals", url)
    engine = make_engine(url, green=False)
    old_keys = Keyring.from_setting(K1, embedded=False)
    answers = json.dumps({"about_you": {"name": PATIENT["name"]}})
    with engine.begin() as connection:
        referral_id = stored_referral(connection, old_keys, datetime.now(UTC))
        # A journey half-way through when the key changed: its answers are re-sealed too.
        connection.execute(
            insert(models.drafts).values(
                id="draft-1",
                sealed_answers=old_keys.seal(answers, "draft-1", "draft"),
                updated_at=datetime.now(UTC),
            )
        )
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k and k != "AMQP_URI"}
    env.update(DATA_DIR=str(tmp_path), REFERRALS_DATA_KEYS=f"{K2},{K1}")
    done = subprocess.run(
        [sys.executable, "-m", "mskpeer.cli", "referrals", "rotate-keys"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"rotated": 1, "drafts": 1}
    with engine.begin() as connection:
        row = repository.get(connection, referral_id)
        draft = connection.execute(select(models.drafts)).one()
    assert row.sealed_name.startswith("k2:") and row.sealed_nhs_number.startswith("k2:")
    only_new = Keyring.from_setting(K2, embedded=False)  # k1 can be retired: nothing needs it
    assert only_new.open(draft.sealed_answers, "draft-1", "draft") == answers
    engine.dispose()
