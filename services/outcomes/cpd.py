"""A clinician's CPD record: what they took part in, what happened next, what they learned.

HCPC registrants keep a continuous record of their CPD: dated activities,
the time they took, and a reflection on what was learned and how it changed
practice. Peer case conferences are exactly that, so the record gathers them.
"""

from __future__ import annotations

from services.outcomes.domain import (
    CANCELLED,
    FIRST_ROUND,
    NO_RESPONSE,
    FollowUp,
)
from services.outcomes.recording import outcome_out


def record(conferences: list[dict], presented: list[dict], chains: dict, answers: dict) -> dict:
    """`conferences` attended or chaired; `presented` discussions; chains and answers by case."""
    took_part = [c for c in conferences if c["chaired"] or c["status"] == "present"]
    presented_at = {d["conference_id"] for d in presented}
    sessions = [_session(c, c["conference_id"] in presented_at) for c in conferences]
    cases = [_case(d, chains.get(d["case_id"]), answers.get(d["case_id"], [])) for d in presented]
    cases = [case for case in cases if case["follow_up"] != "withdrawn"]
    hours = [s["hours"] for s, c in zip(sessions, conferences, strict=True) if c in took_part]
    return {
        "summary": {
            "conferences_attended": len(took_part),
            "conferences_chaired": sum(1 for c in conferences if c["chaired"]),
            "hours": round(sum(h for h in hours if h is not None), 2),
            "cases_presented": len(cases),
            "outcomes_recorded": sum(1 for case in cases if case["outcome"] is not None),
        },
        "conferences": sessions,
        "cases_presented": cases,
        "reflections": [
            {
                "case_id": case["case_id"],
                "title": case["title"],
                "round": answer["round"],
                "recorded_at": answer["recorded_at"],
                "text": answer["reflection"],
            }
            for case in cases
            for answer in [case["outcome"], *case["reviews"]]
            if answer is not None and answer["reflection"].strip()
        ],
    }


def _session(conference: dict, presented: bool) -> dict:
    starts, ends = conference["starts_at"], conference["ends_at"]
    hours = round((ends - starts).total_seconds() / 3600, 2) if starts and ends else None
    role = "chair" if conference["chaired"] else "presenter" if presented else "attendee"
    return {
        "conference_id": conference["conference_id"],
        "date": (starts or conference["recorded_at"]).isoformat(),
        "role": role,
        "attendance": "present" if conference["chaired"] else conference["status"],
        "hours": hours,
        "cases_discussed": conference["cases_discussed"],
    }


def _case(discussed: dict, chain: FollowUp | None, answers: list[dict]) -> dict:
    shown = [outcome_out(answer) for answer in answers]
    first = next((a for a in shown if a["round"] == FIRST_ROUND), None)
    return {
        "case_id": discussed["case_id"],
        "title": discussed["title"],
        "body_region": discussed["body_region"],
        "conference_id": discussed["conference_id"],
        "discussed_at": discussed["discussed_at"].isoformat(),
        "intended_plan": discussed["intended_plan"],
        "follow_up": follow_up_state(chain, answered=first is not None),
        "outcome": first,
        "reviews": [a for a in shown if a["round"] != FIRST_ROUND],
    }


def follow_up_state(chain: FollowUp | None, answered: bool) -> str:
    """Where asking about this case stands, in the words of the CPD page."""
    if chain is not None and chain.status == CANCELLED:
        return "withdrawn"
    if answered:
        return "answered"
    if chain is None:
        return "not_yet_asked"
    if chain.round > FIRST_ROUND or chain.status == NO_RESPONSE:
        return "no_response"
    return "asked" if chain.asked else "not_yet_asked"
