"""Keeping identity no longer than needed, and under the current key.

- purge: once `REFERRAL_RETENTION` has passed since the last thing that happened
  to a referral (the service's patient record system has it by then, through the
  FHIR export), its identifiable fields and match hashes are removed; the
  pseudonymous figures stay for the reports.
- rotate: rows sealed under an older key are opened and sealed again under the
  current one, with their match hashes, in small batches.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from mskpeer.platform.clock import aware
from services.referrals import models, repository
from services.referrals.domain import purge_due

T = models.referrals
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
            .where(T.c.id.in_(due))
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


def rotate_database(url: str, keyring) -> int:
    """`mskpeer referrals rotate-keys`: re-seal every row, a batch per transaction."""
    from mskpeer.platform.engine import make_engine

    engine = make_engine(url, green=False)
    total = 0
    try:
        while True:
            with engine.begin() as connection:
                done = rotate(connection, keyring)
            total += done
            if not done:
                return total
    finally:
        engine.dispose()
