"""The evidence a service lead takes to commissioners: pure functions over discussed cases.

Denominators are chosen so that a rate means what a reader assumes it means:
- the follow-up completion rate counts only cases whose presenter has been
  asked (or answered early), not cases discussed last week;
- the referral-avoided rate counts among answered cases where the presenter
  meant to refer before the discussion: the service's question is "of the
  referrals people were about to make, how many did peer support save?";
- management-changed and improved rates are over the outcomes returned.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from services.outcomes.domain import (
    REFERRING_PLANS,
    meaningful_improvement,
    msk_hq_change,
)

GROUPINGS = ("conference", "chair", "service", "site", "body_region")
NOT_RECORDED = "not_recorded"
PATIENT_STATUSES = ("improved", "same", "worse", "discharged", "not_known")


LONDON = ZoneInfo("Europe/London")  # a conference's day, as the people there knew it


@dataclass(frozen=True)
class DiscussedCase:
    case_id: str
    conference_id: str
    chair: dict
    service: str | None
    site: str | None
    body_region: str | None
    intended_plan: str | None  # none for a patient group or a professional topic
    discussed_at: datetime
    submitted_at: datetime | None = None
    asked: bool = False  # the presenter has been asked, or answered before being asked
    unanswered: bool = False  # the asking is over without an answer (no_response)
    outcome: dict | None = None  # the first-round record: what happened
    msk_hq_baseline: int | None = None
    conference_met: datetime | None = None  # when its conference met, to name it by


def group_key(case: DiscussedCase, group_by: str) -> tuple[str, str]:
    """(key, label) of the group a case falls in."""
    if group_by == "conference":
        # Named by its day and chair, as the people who were there remember it.
        met = case.conference_met or case.discussed_at
        local = met.astimezone(LONDON)
        chair = case.chair.get("name")
        label = f"{local.day} {local:%B %Y}" + (f", chaired by {chair}" if chair else "")
        return case.conference_id, label
    if group_by == "chair":
        return case.chair["id"], case.chair.get("name", case.chair["id"])
    value = getattr(case, group_by) or NOT_RECORDED
    return value, value


def rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None


def figures(cases: list[DiscussedCase], attendance: list[dict]) -> dict:
    """Every figure of the report for one group of cases and its conferences' attendance."""
    answered = [c for c in cases if c.outcome is not None]
    asked = [c for c in cases if c.asked or c.outcome is not None]
    no_response = [c for c in cases if c.unanswered and c.outcome is None]
    intended = [c for c in answered if c.intended_plan in REFERRING_PLANS]
    avoided = [c for c in intended if c.outcome["referral_avoided"]]
    as_intended = [c for c in intended if c.outcome["referral_made_as_intended"]]
    unplanned = [
        c
        for c in answered
        if c.intended_plan not in REFERRING_PLANS and c.outcome["onward_referral"] != "none"
    ]
    changed = [c for c in answered if c.outcome["management_changed"]]
    statuses = Counter(c.outcome["patient_status"] for c in answered)
    return {
        "cases_discussed": len(cases),
        "follow_ups_asked": len(asked),
        "outcomes_returned": len(answered),
        "follow_up_completion_rate": rate(len(answered), len(asked)),
        "no_response": len(no_response),
        "awaiting_answer": len(asked) - len(answered) - len(no_response),
        "referral_intended": len(intended),
        "referral_avoided": len(avoided),
        "referral_avoided_rate": rate(len(avoided), len(intended)),
        "referral_made_as_intended": len(as_intended),
        "referral_made_as_intended_rate": rate(len(as_intended), len(intended)),
        "referral_not_intended_but_made": len(unplanned),
        "management_changed": len(changed),
        "management_changed_rate": rate(len(changed), len(answered)),
        "improved": statuses["improved"],
        "improved_rate": rate(statuses["improved"], len(answered)),
        "patient_status": {status: statuses[status] for status in PATIENT_STATUSES},
        "msk_hq": msk_hq_figures(answered),
        "days_submission_to_discussion": days_to_discussion(cases),
        "attendance": attendance_figures(attendance),
    }


def msk_hq_figures(answered: list[DiscussedCase]) -> dict:
    changes = [
        change
        for c in answered
        if (change := msk_hq_change(c.msk_hq_baseline, c.outcome.get("msk_hq"))) is not None
    ]
    meaningful = [change for change in changes if meaningful_improvement(change)]
    return {
        "pairs": len(changes),
        "mean_change": round(statistics.fmean(changes), 1) if changes else None,
        "median_change": statistics.median(changes) if changes else None,
        "meaningful_improvement": len(meaningful),
        "meaningful_improvement_rate": rate(len(meaningful), len(changes)),
    }


def days_to_discussion(cases: list[DiscussedCase]) -> dict:
    days = [
        (c.discussed_at - c.submitted_at).total_seconds() / 86400
        for c in cases
        if c.submitted_at is not None
    ]
    return {"cases": len(days), "median": round(statistics.median(days), 1) if days else None}


def attendance_figures(attendance: list[dict]) -> dict:
    """Who was in the room: present attendances by band, service and site."""
    present = [row for row in attendance if row["status"] == "present"]
    return {
        "conferences": len({row["conference_id"] for row in attendance}),
        "attendances": len(present),
        "by_band": _counts(str(row["band"]) for row in present),
        "by_service": _counts(row["service"] for row in present),
        "by_site": _counts(row["site"] for row in present),
    }


def _counts(values) -> dict:
    return dict(sorted(Counter(values).items()))


def report(cases: list[DiscussedCase], attendance: list[dict], group_by: str) -> dict:
    """The whole report: the total, one entry per group, and the months for the chart."""
    groups: dict[tuple[str, str], list[DiscussedCase]] = defaultdict(list)
    for case in cases:
        groups[group_key(case, group_by)].append(case)
    return {
        "group_by": group_by,
        "total": figures(cases, attendance),
        "groups": [
            {"key": key, "label": label, **figures(members, _of(members, attendance))}
            for (key, label), members in sorted(groups.items(), key=lambda item: item[0][1])
        ],
        "by_month": by_month(cases),
    }


def _of(cases: list[DiscussedCase], attendance: list[dict]) -> list[dict]:
    """The attendance of the conferences that discussed these cases."""
    conferences = {c.conference_id for c in cases}
    return [row for row in attendance if row["conference_id"] in conferences]


def by_month(cases: list[DiscussedCase]) -> list[dict]:
    """Referral-avoided rate per month of discussion, for the trend a board wants to see."""
    months: dict[str, list[DiscussedCase]] = defaultdict(list)
    for case in cases:
        months[case.discussed_at.strftime("%Y-%m")].append(case)
    found = []
    for month, members in sorted(months.items()):
        answered = [c for c in members if c.outcome is not None]
        intended = [c for c in answered if c.intended_plan in REFERRING_PLANS]
        avoided = [c for c in intended if c.outcome["referral_avoided"]]
        found.append(
            {
                "month": month,
                "cases_discussed": len(members),
                "outcomes_returned": len(answered),
                "referral_intended": len(intended),
                "referral_avoided": len(avoided),
                "referral_avoided_rate": rate(len(avoided), len(intended)),
            }
        )
    return found


def flat_rows(found: dict) -> list[dict]:
    """One row per group and a last one for the total, for a spreadsheet (CSV)."""
    rows = [
        {"group_by": found["group_by"], "key": group["key"], "label": group["label"]}
        | _flatten(group)
        for group in found["groups"]
    ]
    rows.append(
        {"group_by": found["group_by"], "key": "total", "label": "All"} | _flatten(found["total"])
    )
    columns = list(dict.fromkeys(name for row in rows for name in row))
    return [
        {name: row.get(name, 0 if name.startswith("attendance_by_") else None) for name in columns}
        for row in rows
    ]


def _flatten(values: dict, prefix: str = "") -> dict:
    flat = {}
    for name, value in values.items():
        if name in ("key", "label"):
            continue
        if isinstance(value, dict):
            flat |= _flatten(value, f"{prefix}{name}_")
        else:
            flat[f"{prefix}{name}"] = value
    return flat
