"""The coordinators' figures: pseudonymous columns only, never anyone's identity."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from mskpeer.platform.clock import aware
from services.referrals import models
from services.referrals.domain import working_days_between


def _window(start: date | None, end: date | None):
    low = datetime.combine(start, time.min, UTC) if start else datetime(1970, 1, 1, tzinfo=UTC)
    high = datetime.combine(end + timedelta(days=1), time.min, UTC) if end else None
    return low, high


def report(session, start, end, target_days: float, now) -> dict:
    T, S = models.referrals, models.red_flag_stops
    low, high = _window(start, end)
    query = select(T.c.received_at, T.c.triaged_at, T.c.site, T.c.channel, T.c.destination)
    stops = select(S.c.kinds)
    query, stops = query.where(T.c.received_at >= low), stops.where(S.c.at >= low)
    if high:
        query, stops = query.where(T.c.received_at < high), stops.where(S.c.at < high)
    rows = session.execute(query).all()
    weeks = Counter()
    for row in rows:
        received = aware(row.received_at)
        monday = (received.date() - timedelta(days=received.weekday())).isoformat()
        weeks[(monday, row.site or "-", row.channel, row.destination or "not_triaged")] += 1
    kinds = Counter(kind for (found,) in session.execute(stops).all() for kind in found)
    waits = [working_days_between(aware(r.received_at), aware(r.triaged_at) or now) for r in rows]
    triaged = [r for r in rows if r.triaged_at]
    on_time = sum(
        1
        for r in triaged
        if working_days_between(aware(r.received_at), aware(r.triaged_at)) <= target_days
    )
    self_managed = sum(1 for r in triaged if r.destination == "self_management")
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "per_week": [
            {"week": w, "site": s, "channel": c, "destination": d, "referrals": n}
            for (w, s, c, d), n in sorted(weeks.items())
        ],
        "red_flag_stops": dict(sorted(kinds.items())),
        "time_to_triage": {
            "target_working_days": target_days,
            "triaged": len(triaged),
            "within_target": on_time,
            "waiting": len(rows) - len(triaged),
            "longest_working_days": max(waits, default=0.0),
        },
        "self_management_share": round(self_managed / len(triaged), 3) if triaged else None,
        "total": len(rows),
    }


def as_csv(figures: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["week", "site", "channel", "destination", "referrals"])
    for row in figures["per_week"]:
        writer.writerow(
            [row["week"], row["site"], row["channel"], row["destination"], row["referrals"]]
        )
    return out.getvalue()
