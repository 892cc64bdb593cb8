"""Keeping identity no longer than needed, and under the current key.

- purge: once `REFERRAL_RETENTION` has passed since the last thing that happened
  to a referral (the service's patient record system has it by then, through the
  FHIR export), its identifiable fields and match hashes are removed; the
  pseudonymous figures stay for the reports.
- rotate: rows sealed under an older key are opened and sealed again under the
  current one, with their match hashes, in small batches; the journey's drafts too.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from mskpeer.platform.clock import aware
from services.referrals import models, repository
from services.referrals.domain import purge_due

T = models.referrals
D = models.drafts
SEALED_COLUMNS = [f"sealed_{name}" for name in models.SEALED]


def purge(session, retention, now) -> int:
    # Only rows received at least `retention` ago can be due (the index on received_at
    # finds them), not every referral still holding identity; purge_due decides.
    rows = session.execute(
        select(T.c.id, T.c.received_at, T.c.triaged_at).where(
            T.c.purged_at.is_(None), T.c.received_at <= now - retention
        )
    ).all()
    due = [
        r.id for r in rows if purge_due(aware(r.received_at), aware(r.triaged_at), retention, now)
    ]
    if due:
        session.execute(
            update(T)
            .where(T.c.id.in_(due), T.c.purged_at.is_(None))  # another copy may have, meanwhile
            .values(
                purged_at=now,
                nhs_match=None,
                person_match=None,
                **{column: None for column in SEALED_COLUMNS},
            )
        )
    return len(due)


def rotate(session, keyring, batch: int = 200) -> int:
    """Re-seal up to `batch` rows not yet under the current key; returns how many."""
    stale = or_(
        *(~getattr(T.c, column).startswith(keyring.current_id + ":") for column in SEALED_COLUMNS)
    )
    rows = session.execute(
        select(T).where(T.c.purged_at.is_(None), stale).limit(batch).with_for_update()
    ).all()
    for row in rows:
        plain = {name: repository.opened(keyring, row, name) for name in models.SEALED}
        values = {
            f"sealed_{name}": keyring.seal(text, row.id, name) for name, text in plain.items()
        }
        values["nhs_match"] = keyring.match(plain["nhs_number"])
        values["person_match"] = keyring.match(repository.person_key_of(plain))
        session.execute(update(T).where(T.c.id == row.id).values(**values))
    return len(rows)


def rotate_drafts(session, keyring, batch: int = 200) -> int:
    """Re-seal up to `batch` journey drafts not yet under the current key.

    A draft lives a day at most, but it holds the same details as a referral, and a
    key is retired because it may be compromised: waiting a day would leave them
    readable under the old key, and retiring it sooner would lose people's answers.
    """
    rows = session.execute(
        select(D.c.id, D.c.sealed_answers)
        .where(
            D.c.sealed_answers.is_not(None),
            ~D.c.sealed_answers.startswith(keyring.current_id + ":"),
        )
        .limit(batch)
        .with_for_update()
    ).all()
    for row in rows:
        answers = keyring.open(row.sealed_answers, row.id, "draft")
        resealed = keyring.seal(answers, row.id, "draft")
        session.execute(update(D).where(D.c.id == row.id).values(sealed_answers=resealed))
    return len(rows)


def rotate_database(url: str, keyring) -> dict:
    """`mskpeer referrals rotate-keys`: re-seal every referral and draft, a batch per
    transaction; how many of each."""
    from mskpeer.platform.engine import make_engine

    engine = make_engine(url, green=False)
    totals = {"rotated": 0, "drafts": 0}
    try:
        for name, step in (("rotated", rotate), ("drafts", rotate_drafts)):
            while True:
                with engine.begin() as connection:
                    done = step(connection, keyring)
                totals[name] += done
                if not done:
                    break
        return totals
    finally:
        engine.dispose()


def keys_in_use(session) -> set[str]:
    """The ids of the keys that sealed what is stored: a backup of this database can
    only be read where REFERRALS_DATA_KEYS holds them. One query per key found."""
    found: set[str] = set()
    for table, columns in ((T, SEALED_COLUMNS), (D, ["sealed_answers"])):
        for column in (getattr(table.c, name) for name in columns):
            while True:
                unseen = [~column.startswith(key_id + ":") for key_id in found]
                query = select(column).where(column.is_not(None), *unseen).limit(1)
                sealed = session.execute(query).scalar()
                if sealed is None:
                    break
                found.add(sealed.partition(":")[0])
    return found
