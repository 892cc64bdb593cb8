"""Who the service takes: rules kept as data, which an admin changes as a new version.

Every rule that says "no" also says where to go instead, so nobody is turned
away with nowhere to turn. The GP practices, sites and conditions below are
invented for the demo; a service replaces them with its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.referrals.domain import age_on

DEFAULT_RULES = {
    "minimum_age": 16,
    "repeat_within_months": 6,
    "gp_practices": [
        {"code": "Z99001", "name": "Riverside Surgery"},
        {"code": "Z99002", "name": "Market Street Medical Centre"},
        {"code": "Z99003", "name": "Hillview Health Centre"},
        {"code": "Z99004", "name": "Oakfield Family Practice"},
    ],
    "sites": [
        {"code": "north", "name": "North Community Hospital", "typical_wait_weeks": 6},
        {"code": "central", "name": "Central Health Centre", "typical_wait_weeks": 9},
        {"code": "south", "name": "South Clinic", "typical_wait_weeks": 4},
    ],
    "conditions_not_taken": [
        {
            "code": "pregnancy_pelvic_pain",
            "name": "Pelvic or back pain in pregnancy",
            "go_instead": "Ask your midwife to refer you to pelvic health physiotherapy.",
        },
        {
            "code": "after_surgery",
            "name": "Rehabilitation after an operation in the last 12 weeks",
            "go_instead": "Contact the hospital team who did your operation.",
        },
        {
            "code": "headache_or_dizziness",
            "name": "Headaches or dizziness",
            "go_instead": "Speak to your GP practice.",
        },
    ],
}

ASK_GP = "Speak to your GP practice, or see the self-help advice on this website meanwhile."


@dataclass(frozen=True)
class NotEligible:
    rule: str
    reason: str
    go_instead: str


def check(rules: dict, answers: dict, born: date | None, today: date) -> NotEligible | None:
    """The first rule the person does not meet, or None."""
    minimum = rules["minimum_age"]
    if not answers["age_16_or_over"] or (born and age_on(born, today) < minimum):
        return NotEligible(
            "minimum_age",
            f"This service is for people aged {minimum} or over.",
            "Speak to your GP practice, who can refer you to the children's physiotherapy service.",
        )
    if answers["gp_practice"] not in {p["code"] for p in rules["gp_practices"]}:
        return NotEligible(
            "gp_practice",
            "This service is for people registered with a GP practice in our area.",
            "Ask your own GP practice how to get physiotherapy where you live.",
        )
    if answers["under_treatment_for_this"]:
        return NotEligible(
            "under_treatment",
            "You are already being treated for this problem.",
            "Contact the team treating you: they can change your treatment or refer you on.",
        )
    if answers["referred_for_this_in_last_6_months"]:
        months = rules["repeat_within_months"]
        return NotEligible(
            "referred_recently",
            f"You were referred for this problem in the last {months} months.",
            "Contact the service you were referred to about your appointment, or " + ASK_GP,
        )
    excluded = {c["code"]: c for c in rules["conditions_not_taken"]}
    if answers.get("condition") in excluded:
        condition = excluded[answers["condition"]]
        return NotEligible(
            "condition_not_taken",
            f"We do not take referrals for: {condition['name'].lower()}.",
            condition["go_instead"],
        )
    return None
