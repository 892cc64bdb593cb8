"""Reading any service's audit lines the same way: by what was read or by who read it.

Each service keeps its own append-only log (clinical reads stay beside the data read);
the admins' audit page asks each one with `lines` and puts the answers together.
"""

from __future__ import annotations

from sqlalchemy import func, select

from mskpeer.platform.clock import aware

MOST = 500  # lines per service per ask: the page shows the newest, and its CSV the same


def lines(
    session, log, query: dict, subject: str = "object", kind: str = ""
) -> tuple[list[dict], int]:
    """Newest first: the lines about any of `query["objects"]` and/or by `query["actor_id"]`.

    `subject` names the column that says what was read or changed; a log that keeps only
    the bare id (a referral's, a person's) names its `kind`, and its lines are answered as
    `<kind>:<id>` (`referral:<id>`)."""
    column = log.c[subject]
    where = []
    if query.get("objects"):
        ids = [_bare(o) for o in query["objects"]] if subject != "object" else query["objects"]
        where.append(column.in_(ids))
    if query.get("actor_id"):
        where.append(log.c.actor_id == query["actor_id"])
    total = session.execute(select(func.count()).select_from(log).where(*where)).scalar_one()
    rows = session.execute(
        select(log)
        .where(*where)
        .order_by(log.c.at.desc(), log.c.id.desc())
        .offset(query.get("offset", 0))
        .limit(min(query.get("limit", 50), MOST))
    ).all()
    return [_line(row, subject, kind) for row in rows], total


def name_lines(session, found: list[dict], sources: dict) -> None:
    """Give each line its `about`: its object's name (a case's title...), looked up by the
    object's kind in that kind's (key column, name column), one query per kind."""
    ids = {line["object"].partition(":")[2] for line in found}
    names = {
        kind: dict(session.execute(select(key, name).where(key.in_(ids))).all())
        for kind, (key, name) in sources.items()
    }
    for line in found:
        kind, _, key = line["object"].partition(":")
        line["about"] = names.get(kind, {}).get(key)


def _bare(obj: str) -> str:
    return obj.partition(":")[2] or obj


def _line(row, subject: str, kind: str) -> dict:
    value = getattr(row, subject)
    obj = value if subject == "object" else (f"{kind}:{value}" if value else f"{kind}s")
    return {
        "actor_id": row.actor_id,
        "action": row.action,
        "object": obj,
        "at": aware(row.at).isoformat(),
        "request_id": getattr(row, "request_id", None),
    }
