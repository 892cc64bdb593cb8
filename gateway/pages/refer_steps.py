"""The self-referral journey's questions, one per page, in the order they are asked.

Eligibility first (so nobody answers twenty questions to be told no), then the
red-flag screen (a "yes" stops at once), then the problem, then about you.
Choices come from the referrals service's form (its rules are data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gateway.pages import dates

YES_NO, CHOICE, NUMBER, TEXT, LONG_TEXT, DATE, SCALE = (
    "yes_no",
    "choice",
    "number",
    "text",
    "long_text",
    "date",
    "scale",
)


@dataclass(frozen=True)
class Step:
    section: str
    name: str
    kind: str
    question: str
    hint: str = ""
    optional: bool = False
    choices: str = ""  # the form's list to choose from

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")


ELIGIBILITY = [
    Step("eligibility", "age_16_or_over", YES_NO, "Are you aged 16 or over?"),
    Step(
        "eligibility",
        "gp_practice",
        CHOICE,
        "Which GP practice are you registered with?",
        "If yours is not listed, choose 'None of these'.",
        choices="gp_practices",
    ),
    Step(
        "eligibility",
        "under_treatment_for_this",
        YES_NO,
        "Are you already being treated for this problem?",
        "For example, by a physiotherapist, a hospital team or a private clinic.",
    ),
    Step(
        "eligibility",
        "referred_for_this_in_last_6_months",
        YES_NO,
        "Have you been referred for this problem in the last 6 months?",
    ),
    Step(
        "eligibility",
        "condition",
        CHOICE,
        "Is your problem one of these?",
        choices="conditions_not_taken",
    ),
]
PROBLEM = [
    Step("problem", "body_area", CHOICE, "Where is your problem?", choices="body_areas"),
    Step(
        "problem",
        "duration_weeks",
        NUMBER,
        "How many weeks have you had it?",
        "Roughly is fine. For less than a week, enter 0.",
    ),
    Step(
        "problem",
        "pain_score",
        SCALE,
        "How bad is the pain at its worst, from 0 to 10?",
        "0 is no pain, 10 is the worst pain you can imagine.",
    ),
    Step("problem", "worse_with", TEXT, "What makes it worse?", optional=True),
    Step("problem", "better_with", TEXT, "What makes it better?", optional=True),
    Step("problem", "night_pain", YES_NO, "Does the pain wake you at night?"),
    Step("problem", "affects_work", YES_NO, "Does it stop you working or doing daily tasks?"),
    Step("problem", "affects_sleep", YES_NO, "Does it affect your sleep?"),
    Step(
        "problem",
        "tried",
        LONG_TEXT,
        "What have you tried so far?",
        "For example, painkillers, exercises, rest.",
        optional=True,
    ),
]
# Asked in the journey, and again (with the reference) to check on a referral.
DATE_OF_BIRTH = Step(
    "about_you", "date_of_birth", DATE, "What is your date of birth?", "For example, 15 3 1984"
)
ABOUT_YOU = [
    Step("about_you", "name", TEXT, "What is your full name?"),
    DATE_OF_BIRTH,
    Step(
        "about_you",
        "nhs_number",
        TEXT,
        "What is your NHS number?",
        "It is 10 digits, like 999 123 4567, on letters from your GP or in the NHS App. "
        "Leave it empty if you do not know it.",
        optional=True,
    ),
    Step("about_you", "address", LONG_TEXT, "What is your address?"),
    Step("about_you", "postcode", TEXT, "What is your postcode?"),
    Step("about_you", "phone", TEXT, "What is your phone number?"),
    Step(
        "about_you",
        "email",
        TEXT,
        "What is your email address?",
        "We will email you your reference and what happens next.",
        optional=True,
    ),
    Step("about_you", "may_leave_message", YES_NO, "Can we leave a message on this number?"),
    Step(
        "about_you",
        "interpreter_language",
        TEXT,
        "Do you need an interpreter?",
        "If so, which language? Leave it empty if not.",
        optional=True,
    ),
    Step(
        "about_you",
        "access_needs",
        LONG_TEXT,
        "Do you have any access needs?",
        "For example, a ground floor room or a British Sign Language interpreter.",
        optional=True,
    ),
]


def red_flag_steps(form: dict) -> list[Step]:
    return [Step("red_flags", f["code"], YES_NO, f["question"]) for f in form["red_flags"]]


def all_steps(form: dict) -> list[Step]:
    return [*ELIGIBILITY, *red_flag_steps(form), *PROBLEM, *ABOUT_YOU]


def options(step: Step, form: dict) -> list[dict]:
    found = [{"value": o["code"], "text": o["name"]} for o in form.get(step.choices, [])]
    if step.choices in ("gp_practices", "conditions_not_taken"):
        found.append({"value": "none", "text": "None of these"})
    return found


def read_answer(step: Step, form_data, choices: list[dict]):
    """(value, error): the answer as the API takes it, or what to put right."""
    raw = (form_data.get(step.name) or "").strip()
    if step.kind == DATE:
        parts = dates.typed(form_data, step.name)
        try:
            return date(
                int(parts["year"]), int(parts["month"]), int(parts["day"])
            ).isoformat(), None
        except ValueError:
            return None, "Enter your date of birth as day, month and year, like 15 3 1984"
    if not raw:
        return (None, None) if step.optional else (None, _missing(step))
    if step.kind == YES_NO:
        return (raw == "yes", None) if raw in ("yes", "no") else (None, "Select yes or no")
    if step.kind == CHOICE:
        allowed = {o["value"] for o in choices}
        return (raw, None) if raw in allowed else (None, "Select one of the options")
    if step.kind in (NUMBER, SCALE):
        top = 10 if step.kind == SCALE else 520
        if re.fullmatch(r"\d{1,3}", raw) and int(raw) <= top:
            return int(raw), None
        return None, f"Enter a whole number from 0 to {top}"
    return raw, None


def _missing(step: Step) -> str:
    if step.kind == YES_NO:
        return "Select yes or no"
    if step.kind in (CHOICE, SCALE):
        return "Select an answer"
    return "Enter an answer"


def shown(step: Step, value, choices: list[dict]) -> str:
    """An answer as the check-answers page shows it."""
    if value is None or value == "":
        return "Not given"
    if step.kind == YES_NO:
        return "Yes" if value else "No"
    if step.kind == CHOICE:
        return next((o["text"] for o in choices if o["value"] == value), str(value))
    if step.kind == DATE:
        return date.fromisoformat(value).strftime("%-d %B %Y")
    return str(value)
