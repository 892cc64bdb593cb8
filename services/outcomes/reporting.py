"""Gathering the evidence and CPD records from the database; writing them out as CSV and HTML."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.outcomes import cpd, evidence, ledger
from services.outcomes.domain import CANCELLED, FIRST_ROUND, NO_RESPONSE, FollowUp
from services.outcomes.repository import FollowUps, OutcomeRecords

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
)
# "9 December 2026": the date format every page of the product uses.
_TEMPLATES.filters["day"] = lambda value: f"{date.fromisoformat(str(value)[:10]):%-d %B %Y}"


def discussed_cases(session, start, end, presenter_id=None) -> list[evidence.DiscussedCase]:
    found = ledger.discussions_between(session, start, end, presenter_id)
    ids = [d["case_id"] for d in found]
    chains = FollowUps(session).for_cases(ids) if ids else {}
    outcomes = ledger.first_outcomes(session, ids) if ids else {}
    met = ledger.conference_days(session, {d["conference_id"] for d in found}) if ids else {}
    cases = []
    for d in found:
        chain = chains.get(d["case_id"])
        if chain is not None and chain.status == CANCELLED:
            continue  # a withdrawn case is no evidence either way
        cases.append(
            evidence.DiscussedCase(
                case_id=d["case_id"],
                conference_id=d["conference_id"],
                chair=d["chair"],
                service=d["presenter_service"],
                site=d["presenter_site"],
                body_region=d["body_region"],
                intended_plan=d["intended_plan"],
                discussed_at=d["discussed_at"],
                submitted_at=d["submitted_at"],
                asked=chain is not None and _asked(chain),
                unanswered=chain is not None and _first_round_over(chain),
                outcome=outcomes.get(d["case_id"]),
                msk_hq_baseline=d["msk_hq_baseline"],
                conference_met=met.get(d["conference_id"]),
            )
        )
    return cases


def _asked(chain: FollowUp) -> bool:
    return chain.round > FIRST_ROUND or chain.asked or chain.status == NO_RESPONSE


def _first_round_over(chain: FollowUp) -> bool:
    return chain.round > FIRST_ROUND or chain.status == NO_RESPONSE


def outcome_report(session, start, end, group_by: str) -> dict:
    cases = discussed_cases(session, start, end)
    conferences = {c.conference_id for c in cases}
    attendance = ledger.attendance_at(session, conferences) if conferences else []
    found = evidence.report(cases, attendance, group_by)
    return {"from": _iso(start), "to": _iso(end), **found}


def as_csv(found: dict) -> str:
    rows = evidence.flat_rows(found)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def cpd_record(session, clinician: dict, start, end) -> dict:
    conferences = ledger.conferences_of(session, clinician["id"], start, end)
    presented = ledger.discussions_between(session, start, end, presenter_id=clinician["id"])
    ids = [d["case_id"] for d in presented]
    chains = FollowUps(session).for_cases(ids) if ids else {}
    records = OutcomeRecords(session)
    answers = {case_id: records.of_case(case_id) for case_id in ids}
    return {
        "clinician": {k: clinician[k] for k in ("id", "name", "email")},
        "from": _iso(start),
        "to": _iso(end),
        **cpd.record(conferences, presented, chains, answers),
    }


def cpd_page(record: dict, now: datetime) -> str:
    return _TEMPLATES.get_template("cpd.html").render(record=record, printed_at=now)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
