"""The NHS three-field date (day, month, year) as a form sends it, and as the API takes it.

One helper for every date a person types, so each page reads and refuses it the same way.
"""

from __future__ import annotations

from datetime import date

PARTS = ("day", "month", "year")


def typed(form, name: str) -> dict:
    """What was typed in the three fields `name-day`, `name-month` and `name-year`."""
    return {part: form.get(f"{name}-{part}", "").strip() for part in PARTS}


def typed_or_linked(source, name: str) -> dict:
    """The date as typed in its three fields or, when none was, as a link or bookmark
    gives it (`?from=2027-01-07`), so both keep working."""
    parts = typed(source, name)
    if any(parts.values()):
        return parts
    try:
        return as_typed(date.fromisoformat(source.get(name, "").strip()).isoformat())
    except ValueError:
        return blank()


def blank() -> dict:
    return dict.fromkeys(PARTS, "")


def iso(parts: dict) -> str | None:
    """ "2026-03-04" from 4, 3, 2026; something the service's schema calls not a real date
    when a part is missing or not a number; None when nothing was typed."""
    if not any(parts.values()):
        return None
    day, month, year = (parts[p] for p in PARTS)
    if all(part.isdigit() for part in (day, month, year)):
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return f"{year}-{month}-{day}"


def as_typed(day: str | None) -> dict:
    """An ISO date ("2027-01-07") as the three fields show it (7, 1, 2027)."""
    if not day:
        return blank()
    year, month, date_of_month = day.split("-")
    return {"day": str(int(date_of_month)), "month": str(int(month)), "year": year}
