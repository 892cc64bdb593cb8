"""Referrals in the words of the people who make and triage them. Pure: time arrives as `now=`."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta

# The self-help page for each body area: where self-management sends people.
SELF_HELP_PAGES = {
    "cervical_spine": "neck-pain",
    "thoracic_spine": "keeping-active-and-working",
    "lumbar_spine": "low-back-pain-and-sciatica",
    "pelvis_sij": "low-back-pain-and-sciatica",
    "hip": "hip-pain-and-osteoarthritis",
    "knee": "knee-pain-and-osteoarthritis",
    "ankle_foot": "ankle-sprain",
    "shoulder": "shoulder-pain-rotator-cuff",
    "elbow": "tennis-and-golfers-elbow",
    "wrist_hand": "hand-and-wrist-pain",
    "multiple": "persistent-widespread-pain",
    "other": "keeping-active-and-working",
}
# The self-help site's pages that are not conditions (/self-help/<slug>); a condition
# lives at /self-help/conditions/<slug>/.
SELF_HELP_GENERAL = {
    "get-help-now",
    "how-to-refer-yourself",
    "keeping-active-and-working",
    "pain-medicines",
}


def self_help_path(slug: str) -> str:
    """Where a self-help page is, for links in emails and pages."""
    return f"/self-help/{slug}" if slug in SELF_HELP_GENERAL else f"/self-help/conditions/{slug}/"


# What the person is told to do after triage, by email and on the status page.
ARRANGED = "They will contact you to arrange an appointment."
# Where nobody will call: the person must act, and must not wait for us.
NEXT_STEP = {
    "urgent_care": (
        "Go to A&E or an urgent treatment centre today, or call 111 if you are not sure "
        "where to go. Do not wait for us to contact you."
    ),
    "gp": "Contact your GP practice to make an appointment. Do not wait for us to contact you.",
}

BODY_AREA_NAMES = {
    "cervical_spine": "Neck",
    "thoracic_spine": "Upper or middle back",
    "lumbar_spine": "Lower back",
    "pelvis_sij": "Pelvis or buttock",
    "hip": "Hip",
    "knee": "Knee",
    "ankle_foot": "Ankle or foot",
    "shoulder": "Shoulder",
    "elbow": "Elbow",
    "wrist_hand": "Wrist or hand",
    "multiple": "More than one area",
    "other": "Somewhere else",
}
# Letters and digits nobody reads wrongly over the phone (no 0/O, 1/I/L).
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def nhs_number(text: str) -> str | None:
    """The 10 digits when `text` is a valid NHS number (Modulus 11), spaces or dashes allowed."""
    digits = re.sub(r"[\s-]", "", text or "")
    if not re.fullmatch(r"\d{10}", digits):
        return None
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return digits if check != 10 and check == int(digits[9]) else None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def age_band(born: date, today: date) -> str:
    age = age_on(born, today)
    if age < 18:
        return "16-17"
    if age >= 80:
        return "80+"
    if age < 30:
        return "18-29"
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def new_reference(rng=secrets) -> str:
    """`MSK-` and eight characters: short enough to read out, too many to guess."""
    chars = "".join(rng.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"MSK-{chars[:4]}-{chars[4:]}"


def person_key(name: str, born: str, postcode: str) -> str:
    """What identifies a person without an NHS number, written the same way however typed."""
    return "|".join((" ".join(name.lower().split()), born, re.sub(r"\s", "", postcode).upper()))


# The Keele STarT MSK Tool's total (0-12) and its risk groups. The tool itself is
# licensed (Keele University) and is not reproduced or reworded here: the clinician
# uses it as published and enters the total; only the published cut-offs are ours to
# apply. The Clinical Safety Officer checks them against the licensed scoring guide.
START_MSK_TOP = 12
START_MSK_GROUPS = ((4, "low"), (8, "medium"), (12, "high"))  # highest score in each


def start_msk_group(score: int) -> str:
    """The risk group of a STarT MSK total: 0-4 low, 5-8 medium, 9-12 high."""
    if not 0 <= score <= START_MSK_TOP:
        raise ValueError(f"a STarT MSK total is 0 to {START_MSK_TOP}, not {score}")
    return next(group for top, group in START_MSK_GROUPS if score <= top)


def triage_problems(decision: dict, sites: set[str]) -> dict:
    """What is wrong with a triage decision, per field (empty when it can be recorded).

    A STarT MSK total sets the risk group; a group sent with it must agree.
    """
    problems = {}
    score = decision.get("start_msk_score")
    if score is not None:
        group = start_msk_group(score)
        if decision.get("start_msk_group") not in (None, group):
            problems["start_msk_group"] = [f"a STarT MSK total of {score} is {group} risk"]
    destination = decision["destination"]
    if destination == "physiotherapy" and decision.get("site") not in sites:
        problems["site"] = [f"physiotherapy needs a site, one of: {', '.join(sorted(sites))}"]
    if destination == "self_management" and not decision.get("self_help_page"):
        problems["self_help_page"] = ["self-management needs the self-help page to send"]
    if destination == "urgent_care" and decision["priority"] != "urgent":
        problems["priority"] = ["urgent care is always priority urgent"]
    return problems


def working_days_between(start: datetime, end: datetime) -> float:
    """Working days (Monday-Friday) from `start` to `end`, in fractions of a day."""
    if end <= start:
        return 0.0
    total, cursor = 0.0, start
    while cursor < end:
        step = min(
            end,
            datetime.combine(
                cursor.date() + timedelta(days=1), datetime.min.time(), tzinfo=cursor.tzinfo
            ),
        )
        if cursor.weekday() < 5:
            total += (step - cursor).total_seconds() / 86400
        cursor = step
    return round(total, 2)


def case_summary(referral: dict) -> str:
    """The peer-support case's summary, from the answers that cannot identify anyone."""
    area = BODY_AREA_NAMES[referral["body_area"]].lower()
    effects = [
        label
        for label, on in (
            ("night pain", referral["night_pain"]),
            ("affects work", referral["affects_work"]),
            ("affects sleep", referral["affects_sleep"]),
        )
        if on
    ]
    parts = [
        f"Self-referral ({referral['channel']}): {area} pain for "
        f"{referral['duration_weeks']} weeks, pain {referral['pain_score']}/10.",
        f"Reported: {', '.join(effects)}." if effects else "No night pain; work and sleep OK.",
        f"Triaged {referral['priority']} to {referral['destination'].replace('_', ' ')}.",
    ]
    return " ".join(parts)


def purge_due(
    received_at: datetime, triaged_at: datetime | None, retention: timedelta, now: datetime
) -> bool:
    """Identity is kept for `retention` after the last thing that happened to the referral."""
    return max(received_at, triaged_at or received_at) + retention <= now


def case_draft(referral: dict) -> dict:
    """A draft peer-support case from a triaged referral: coarse facts and a summary, no one."""
    problem = referral["problem"]
    return {
        "draft": True,
        "kind": "patient_case",
        "title": f"Self-referral: {BODY_AREA_NAMES[problem['body_area']].lower()} pain",
        "summary": case_summary({**referral, **problem}),
        "body_region": problem["body_area"],
        "age_band": problem["age_band"],
        "sex": problem["sex"],
        "duration_weeks": problem["duration_weeks"],
        "start_msk_risk": referral["start_msk_group"],
        "msk_hq_baseline": referral["msk_hq_score"],
    }
