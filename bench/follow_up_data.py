"""The bench's follow-up data in PostgreSQL: filling, resetting, falling due, reading back.

Plain psycopg2, no service code: the bench must not measure itself with the
code under test.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import uuid
from datetime import UTC, datetime

import psycopg2

FAR_AWAY = "2100-01-01 00:00:00+00"
PERSON = json.dumps({"id": "p", "name": "Bench Presenter", "email": "bench@demo.nhs.uk"})


def fill(url: str, total: int) -> None:
    """`total` active chains, none due yet (COPY: seconds, not minutes)."""
    out = io.StringIO()
    for n in range(total):
        row = [str(uuid.uuid4()), f"case-{n}", f"Bench case {n}", PERSON, PERSON, "refer_msk"]
        out.write("\t".join([*row, "due", FAR_AWAY, "active", "0", "1", "[]"]) + "\n")
    out.seek(0)
    columns = "id, case_id, title, presenter, chair, intended_plan, next_step, due_at, status,"
    columns += " version, round, reviews"
    with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        cursor.copy_expert(f"COPY follow_ups ({columns}) FROM STDIN", out)
        db.commit()
        cursor.execute("ANALYZE follow_ups")
        db.commit()


def reset(url: str) -> None:
    with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        cursor.execute(
            "UPDATE follow_ups SET next_step = 'due', due_at = %s, status = 'active', version = 0",
            (FAR_AWAY,),
        )
        cursor.execute("TRUNCATE outbox")
        db.commit()
        db.autocommit = True
        cursor.execute("VACUUM ANALYZE follow_ups")


def fall_due(url: str, count: int) -> datetime:
    """`count` chains fall due at the same moment; returns that moment."""
    with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        due = datetime.now(UTC)
        cursor.execute(
            "UPDATE follow_ups SET due_at = %s WHERE id IN"
            " (SELECT id FROM follow_ups ORDER BY case_id LIMIT %s)",
            (due, count),
        )
        db.commit()
    return due


def outbox(url: str) -> list[tuple]:
    """(follow_up_id, due_at, created_at, published_at) of every follow_up.due in the outbox."""
    with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT envelope->'data'->>'follow_up_id', envelope->'data'->>'due_at', created_at,"
            " published_at FROM outbox WHERE event_type = 'follow_up.due'"
        )
        return cursor.fetchall()


def released_count(url: str, distinct: bool) -> int:
    """How many follow_up.due the outbox holds (cheap enough to poll while measuring)."""
    counted = "count(DISTINCT envelope->'data'->>'follow_up_id')" if distinct else "count(*)"
    with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        cursor.execute(f"SELECT {counted} FROM outbox WHERE event_type = 'follow_up.due'")
        return cursor.fetchone()[0]


def still_due(url: str, due: datetime) -> tuple[int, int]:
    """(chains due but not taken, chains not due that were left alone)."""
    with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE due_at <= %s AND next_step = 'due'),"
            " count(*) FILTER (WHERE due_at > %s AND next_step = 'due' AND version = 0)"
            " FROM follow_ups",
            (due, due),
        )
        return cursor.fetchone()


def naive_worker(url: str) -> None:
    """The loop claiming is measured against: read due rows, move them, write events."""
    with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, due_at FROM follow_ups WHERE status = 'active' AND due_at <= now()"
                " AND next_step = 'due' ORDER BY due_at LIMIT 200"
            )
            for follow_up_id, due_at in cursor.fetchall():
                cursor.execute(
                    "UPDATE follow_ups SET next_step = 'reminder', version = version + 1,"
                    " due_at = due_at + interval '7 days' WHERE id = %s",
                    (follow_up_id,),
                )
                envelope = {"event_type": "follow_up.due", "data": {
                    "follow_up_id": follow_up_id, "due_at": due_at.isoformat()}}  # fmt: skip
                cursor.execute(
                    "INSERT INTO outbox (event_id, event_type, envelope, created_at)"
                    " VALUES (%s, 'follow_up.due', %s, now())",
                    (str(uuid.uuid4()), json.dumps(envelope)),
                )
            db.commit()
            time.sleep(0.05)
