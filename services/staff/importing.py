"""Importing the staff list from CSV: a preview of every row first, stored only when confirmed.

Columns `name,email,band,service,site,roles`; several roles are separated by `;`.
Each row is new, changed, unchanged or in error, with the errors named. On
confirming, the new rows are invited and the changed rows changed; rows in error
are never stored, so a coordinator fixes them and imports them again.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from marshmallow import ValidationError

from contracts import api
from contracts.errors import Invalid
from services.staff import joining, leaving, people

COLUMNS = ("name", "email", "band", "service", "site", "roles")
COMPARED = ("name", "band", "service", "site_id", "roles")


def read(text: str) -> list[tuple[int, dict]]:
    """(line, row) for each row; a missing column is refused before any row is looked at."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    found = [(name or "").strip().lower() for name in reader.fieldnames or ()]
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        raise Invalid(
            "CSV_COLUMNS_MISSING",
            f"the first line must name the columns {','.join(COLUMNS)}",
            {"csv": [f"missing column: {column}" for column in missing]},
        )
    rows = []
    for raw in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if any(row.get(column) for column in COLUMNS):  # blank lines are not rows
            rows.append((reader.line_num, row))
    return rows


def preview(session, text: str) -> list[dict]:
    """Each row with its status (new, changed, unchanged, error) and what is wrong."""
    site_ids, codes = people.places(session)
    known = {r.email: r for r in session.execute(people.query()).all()}
    seen: set[str] = set()
    result = []
    for line, row in read(text):
        details, errors = _checked(row)
        values = {}
        if not errors:
            values, errors = people.placed(details, site_ids, codes)
        email = row.get("email", "").lower()
        if email in seen:
            errors["email"] = ["the same email is on an earlier line of this file"]
        seen.add(email)
        status, changes = "error", {}
        if not errors:
            before = known.get(values["email"])
            changes = _changes(before, values) if before else {}
            status = "new" if before is None else ("changed" if changes else "unchanged")
        result.append(
            {
                "line": line,
                "status": status,
                "email": row.get("email", ""),
                "name": row.get("name", ""),
                "errors": errors,
                "changes": sorted(changes),
                "_values": values,
                "_id": known[values["email"]].id if status in ("changed", "unchanged") else None,
            }
        )
    return result


def confirm(tx, rows: list[dict], actor_id: str, now: datetime) -> None:
    """Invite the new rows and change the changed ones; rows in error are left out."""
    for row in rows:
        if row["status"] == "new":
            joined = joining.join(tx, row["_values"], actor_id, now)
            joining.send_link(tx, joined, "invitation", now)
        elif row["status"] == "changed":
            changes = {k: row["_values"][k] for k in row["changes"]}
            leaving.change(tx, row["_id"], changes, actor_id, now)


def shown(rows: list[dict], stored: bool) -> dict:
    counts = {status: 0 for status in ("new", "changed", "unchanged", "error")}
    for row in rows:
        counts[row["status"]] += 1
    visible = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
    return {"rows": visible, "counts": counts, "stored": stored}


def _checked(row: dict) -> tuple[dict, dict]:
    given = {column: row.get(column, "") for column in COLUMNS}
    given["roles"] = [r.strip().lower() for r in given["roles"].split(";") if r.strip()]
    try:
        return api.StaffIn().load(given), {}
    except ValidationError as error:
        return {}, {field: list(_flat(messages)) for field, messages in error.messages.items()}


def _flat(messages):
    if isinstance(messages, dict):
        for value in messages.values():
            yield from _flat(value)
    elif isinstance(messages, list):
        for value in messages:
            yield from _flat(value)
    else:
        yield str(messages)


def _changes(before, values: dict) -> dict:
    return {k: values[k] for k in COMPARED if getattr(before, k) != values[k]}
