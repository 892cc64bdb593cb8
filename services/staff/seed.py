"""Demo staff: the 11 sites and ~60 people, each announced by staff.joined.

Only `mskpeer seed-demo` (or `make run` on the embedded defaults) calls this;
production creates no default accounts (`mskpeer staff create-admin` makes the first).
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime

from sqlalchemy import func, insert, select

from contracts import events
from mskpeer.platform.content import site_names
from mskpeer.platform.database import Transaction
from services.staff import models, people
from services.staff.accounts import hash_password

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
    # The self-referral work: a triage physiotherapist and a call handler.
    ("triage@demo.nhs.uk", "Tess Triage", 7, "msk_esp", ["triage"]),
    ("callhandler@demo.nhs.uk", "Cal Handler", 4, "core_physio", ["call_handler"]),
)


def is_empty(session) -> bool:
    return session.execute(select(func.count()).select_from(models.people)).scalar_one() == 0


def seed(session, now: datetime, password: str = "demo", colleagues: int = 56) -> dict:
    rng = random.Random(11)  # the same demo every time
    site_ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"site:{name}")) for name in SITES]
    sites = [{"id": i, "name": n} for i, n in zip(site_ids, SITES, strict=True)]
    session.execute(insert(models.sites), sites)
    password_hash = hash_password(password)  # one hash: every demo account shares the password
    rows, declared = [], {}
    for n, (email, name, band, service, roles) in enumerate(ACCOUNTS):
        rows.append(_person(email, name, band, service, site_ids[n], roles, password_hash, now))
    for n in range(colleagues):
        # Each first name meets another surname on every round: nobody shares a full name.
        surname = LAST[(n * 7 + n // len(FIRST)) % len(LAST)]
        name = f"{FIRST[n % len(FIRST)]} {surname}"
        email = f"{name.lower().replace(' ', '.')}.{n}@demo.nhs.uk"
        band = (4, 5, 5, 6, 6, 6, 7, 7, 8)[n % 9]
        site = site_ids[n % len(site_ids)]
        service = SERVICES[n % 3]
        rows.append(_person(email, name, band, service, site, ["clinician"], password_hash, now))
    for row in rows:  # what each clinician knows, for their contact card
        if "clinician" in row["roles"]:
            declared[row["id"]] = _expertise(row["band"], rng)
    session.execute(insert(models.people), rows)
    # Scheduling, cases and notifications keep their copies from staff.joined.
    outbox = Transaction(session, models.messaging, lambda: now)
    for row in session.execute(people.query().order_by(models.people.c.email)).all():
        outbox.emit(events.STAFF_JOINED, people.event_data(row, now, declared.get(row.id, [])))
    return {"sites": len(SITES), "people": len(rows)}


def _person(email, name, band, service, site_id, roles, password_hash, now) -> dict:
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"clinician:{email}")),
        "name": name,
        "email": email,
        "band": band,
        "service": service,
        "site_id": site_id,
        "roles": roles,
        "password_hash": password_hash,
        "active": True,
        "joined_at": now,
    }


def _expertise(band: int, rng: random.Random) -> list[dict]:
    declared = []
    for tag, region in rng.sample(EXPERTISE, rng.randint(1, 3)):
        level = LEVELS[min(2, max(0, band - 5 + rng.randint(-1, 1)))]
        declared.append({"area": tag, "level": level})
        if level == "expert" and region != "multiple":
            declared.append({"area": region, "level": "experienced"})
    return declared
