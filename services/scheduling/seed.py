"""Demo data: the 11 sites, 3 services, ~60 clinicians and a weekly conference series.

Only `mskpeer seed-demo` (or `make run` on empty databases) calls this; production
creates no default accounts.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from contracts import events
from mskpeer.platform.content import site_names
from mskpeer.platform.database import Transaction
from services.scheduling import models
from services.scheduling.directory import hash_password

# The public self-help pages list the same sites: one list, in content/sites.yaml.
SITES = site_names()
SERVICES = ("core_physio", "msk_esp", "orthopaedics")
# Condition or skill tags with the body region they belong to: a demo clinician
# declares a few, at a level that tends to rise with their band.
EXPERTISE = (
    ("frozen_shoulder", "shoulder"),
    ("rotator_cuff", "shoulder"),
    ("tendinopathy", "multiple"),
    ("hypermobility", "multiple"),
    ("lumbar_radiculopathy", "lumbar_spine"),
    ("acl_rehab", "knee"),
    ("hip_oa", "hip"),
    ("knee_oa", "knee"),
    ("whiplash", "cervical_spine"),
    ("plantar_fasciitis", "ankle_foot"),
    ("persistent_pain", "multiple"),
    ("post_op_rehab", "multiple"),
    ("sports_injury", "multiple"),
    ("osteoporosis", "multiple"),
    ("pelvic_girdle_pain", "pelvis_sij"),
)
LEVELS = ("interest", "experienced", "expert")
FIRST = (
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Finn",
    "Grace",
    "Harvey",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Mo",
    "Nia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
)
LAST = ("Ashby", "Brook", "Carter", "Dale", "Ellis", "Ford", "Gale", "Hale", "Irwin", "Jay")

ACCOUNTS = (
    ("physio@demo.nhs.uk", "Pat Physio", 6, "core_physio", ["clinician"]),
    ("chair@demo.nhs.uk", "Chris Chair", 8, "msk_esp", ["clinician", "chair"]),
    ("coordinator@demo.nhs.uk", "Cora Coordinator", 7, "core_physio", ["clinician", "coordinator"]),
    ("admin@demo.nhs.uk", "Adam Admin", 7, "orthopaedics", ["clinician", "admin"]),
)


def is_empty(session) -> bool:
    return session.execute(select(func.count()).select_from(models.clinicians)).scalar_one() == 0


def seed(session, now: datetime, password: str = "demo", people: int = 60) -> dict:
    rng = random.Random(11)  # the same demo every time
    site_ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"site:{name}")) for name in SITES]
    sites = [{"id": i, "name": n} for i, n in zip(site_ids, SITES, strict=True)]
    session.execute(insert(models.sites), sites)
    password_hash = hash_password(password)  # one hash: every demo account shares the password
    rows = []
    for n, (email, name, band, service, roles) in enumerate(ACCOUNTS):
        rows.append(_person(email, name, band, service, site_ids[n], roles, rng, password_hash))
    for n in range(people - len(ACCOUNTS)):
        # Each first name meets another surname on every round: nobody shares a full name.
        surname = LAST[(n * 7 + n // len(FIRST)) % len(LAST)]
        name = f"{FIRST[n % len(FIRST)]} {surname}"
        email = f"{name.lower().replace(' ', '.')}.{n}@demo.nhs.uk"
        band = (4, 5, 5, 6, 6, 6, 7, 7, 8)[n % 9]
        rows.append(
            _person(
                email,
                name,
                band,
                SERVICES[n % 3],
                site_ids[n % len(site_ids)],
                ["clinician"],
                rng,
                password_hash,
            )
        )
    session.execute(insert(models.clinicians), rows)
    # Each new colleague gets a contact card in the cases service, by event.
    outbox = Transaction(session, models.messaging, lambda: now)
    names = {site["id"]: site["name"] for site in sites}
    for row in rows:
        outbox.emit(events.CLINICIAN_REGISTERED, registered(row, names[row["site_id"]], now))
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
    return {"sites": len(SITES), "clinicians": len(rows), "series": 1}


def _person(email, name, band, service, site_id, roles, rng, password_hash) -> dict:
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"clinician:{email}")),
        "name": name,
        "email": email,
        "band": band,
        "service": service,
        "site_id": site_id,
        "roles": roles,
        "can_chair": band >= 7,
        "expertise": _expertise(band, rng),
        "password_hash": password_hash,
        "active": True,
    }


def _expertise(band: int, rng: random.Random) -> list[dict]:
    declared = []
    for tag, region in rng.sample(EXPERTISE, rng.randint(1, 3)):
        level = LEVELS[min(2, max(0, band - 5 + rng.randint(-1, 1)))]
        declared.append({"area": tag, "level": level})
        if level == "expert" and region != "multiple":
            declared.append({"area": region, "level": "experienced"})
    return declared


def registered(row: dict, site: str, now: datetime) -> dict:
    """The data of clinician.registered for a stored clinician row."""
    return {
        "clinician_id": row["id"],
        "name": row["name"],
        "email": row["email"],
        "band": row["band"],
        "service": row["service"],
        "site": site,
        "expertise": row["expertise"],
        "registered_at": now.isoformat(),
    }
