"""A restore drill on PostgreSQL: `mskpeer backup`, then `mskpeer restore` into new,
empty databases on a new broker, and the product works on them as before.

The follow-up falls due 30 s after the discussion, while the product is down between
the backup and the restore: the restored product is the one that asks, at once if
the drill took longer than that on a busy machine, as it would after a real outage.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import psycopg2
import pytest

from mskpeer import runtime
from mskpeer.backup import Refused, back_up, restore
from mskpeer.platform.schema import state
from mskpeer.platform.settings import SERVICES
from tests.support.infra import postgres_databases, rabbit_vhost
from tests.support.outcomes import PHYSIO, discuss
from tests.support.referrals import PATIENT, referral, staff_token
from tests.support.system import TEST_DATA_KEYS, product_config, running_product

FOLLOW_UP = {"FOLLOW_UP_AFTER": "30s", "FOLLOW_UP_REMINDER_AFTER": "1h"}
TITLE = "Restore drill: shoulder pain at night for months"


def mskpeer(*command: str, urls: dict, keys: str | None = TEST_DATA_KEYS):
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.pop("REFERRALS_DATA_KEYS", None)
    env.update({f"{s.upper()}_DATABASE_URL": url for s, url in urls.items()}, LOG_LEVEL="WARNING")
    if keys:
        env["REFERRALS_DATA_KEYS"] = keys
    return subprocess.run(
        [sys.executable, "-m", "mskpeer.cli", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def waiting_follow_up(url: str, case_id: str) -> tuple:
    """When the follow-up falls due, and that it has not been asked yet."""
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT due_at, status FROM follow_ups WHERE case_id = %s", (case_id,))
        return cursor.fetchone()


def asked(mail) -> list:
    return [
        m
        for m in mail
        if PHYSIO in m.rcpt_to and m.subject == f"What happened to your patient? {TITLE}"
    ]


def follow_up_of(api, case_id: str) -> str:
    cases = api.get("/api/v1/me/cpd", PHYSIO).json()["cases_presented"]
    return next(c["follow_up"] for c in cases if c["case_id"] == case_id)


def test_restored_into_new_databases_the_product_signs_in_reads_the_case_and_asks_when_due(
    amqp_uri, database_urls, mail_sink, tmp_path
):
    with running_product(
        product_config(amqp_uri, database_urls, mail_sink.port, **FOLLOW_UP)
    ) as api:
        case = api.submit_case(PHYSIO, title=TITLE)
        discuss(api, [case])
        assert follow_up_of(api, case["id"]) == "not_yet_asked"
        before = api.case(PHYSIO, case["id"])
        created = api.post("/api/v1/referrals", json=referral())
        assert created.status_code == 201, created.text
        referral_id = created.json()["id"]

    backup = tmp_path / "backup"
    made = mskpeer("backup", str(backup), urls=database_urls)
    assert made.returncode == 0, made.stderr
    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["services"]) == set(SERVICES)
    assert manifest["services"]["referrals"]["sealed_with_keys"] == ["t2"]  # ids, never keys
    assert "REFERRALS_DATA_KEYS" in made.stderr  # the operator is told to keep them apart

    with postgres_databases() as fresh, rabbit_vhost() as fresh_broker:
        restored = mskpeer("restore", str(backup), urls=fresh)
        assert restored.returncode == 0, restored.stderr
        assert json.loads(restored.stdout) == {service: "at head" for service in SERVICES}
        due = waiting_follow_up(database_urls["outcomes"], case["id"])
        assert due is not None
        assert waiting_follow_up(fresh["outcomes"], case["id"]) == due
        assert not asked(mail_sink.messages())

        config = product_config(fresh_broker, fresh, mail_sink.port, SEED_DEMO=False, **FOLLOW_UP)
        with running_product(config) as api:
            after = api.case(PHYSIO, case["id"])  # signs in with the password set before
            same = ("title", "summary", "question", "conference_id", "presenter_id")
            assert {k: after[k] for k in same} == {k: before[k] for k in same}
            headers, _ = staff_token(api, "triage")
            read = api.get(f"/api/v1/referrals/{referral_id}", headers=headers)
            assert read.status_code == 200, read.text
            assert PATIENT["name"] in read.text  # the details open with the keys kept apart

            mail_sink.wait_for(
                lambda mail: any(
                    PHYSIO in m.rcpt_to
                    and m.subject.startswith("What happened")
                    and TITLE in m.subject
                    for m in mail
                ),
                timeout=90,
            )
            assert follow_up_of(api, case["id"]) == "asked"


def test_a_restore_refuses_a_damaged_backup_one_from_a_newer_release_or_missing_keys(
    database_urls, tmp_path
):
    """On PostgreSQL, with the schema only: each refusal names what is wrong and changes nothing."""
    runtime.migrate(urls=database_urls)
    backup = tmp_path / "backup"
    back_up(backup, database_urls, datetime.now(UTC))
    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())

    def refusal(urls, keys=frozenset()):
        with pytest.raises(Refused) as refused:
            restore(backup, urls, set(keys))
        return str(refused.value)

    with postgres_databases() as fresh:
        assert "cases: its database here is not empty" in refusal(database_urls)

        with (backup / "outcomes.dump").open("r+b") as dump:
            dump.seek(100)
            dump.write(b"\x00\x01\x02")
        assert "outcomes: outcomes.dump is damaged" in refusal(fresh)

        manifest["services"]["staff"]["revision"] = "0099_from_next_year"
        manifest["services"]["referrals"]["sealed_with_keys"] = ["k1", "k9"]
        manifest_path.write_text(json.dumps(manifest))
        newer = refusal({"staff": fresh["staff"]})
        assert "staff: backed up at revision 0099_from_next_year" in newer
        assert "sealed with key(s) k9" in refusal({"referrals": fresh["referrals"]}, {"k1"})

        manifest_path.unlink()
        assert "has no manifest.json" in refusal(fresh)
        # No refused restore wrote anything into the new databases.
        assert all(state(s, url).current is None for s, url in fresh.items())
