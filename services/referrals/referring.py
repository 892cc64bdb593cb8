"""Receiving a self-referral: the red-flag screen first, then eligibility, then the referral."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import insert, select

from contracts import events
from contracts.api.referrals import (
    CHANNELS,
    NOT_ELIGIBLE,
    RECEIVED,
    RED_FLAGS,
    SEEK_URGENT_CARE,
    ReferralIn,
)
from contracts.errors import Invalid
from mskpeer.platform import metrics
from mskpeer.platform.validation import load
from services.referrals import audit, eligibility, mail, models, repository
from services.referrals.domain import (
    SELF_HELP_PAGES,
    age_band,
    new_reference,
    nhs_number,
    person_key,
    self_help_path,
)
from services.referrals.screening import screen


def red_flag_stop(payload: dict):
    """The screen's answer to whatever red-flag answers were sent, before anything else.

    Safety comes before completeness: a "yes" stops the journey even when other
    answers are missing or wrong, and even when the person is not eligible.
    """
    answers = payload.get("red_flags") if isinstance(payload, dict) else None
    return screen(answers if isinstance(answers, dict) else {})


def log_stop(tx, payload: dict, stop, now) -> None:
    """The stop, with the answers and the time, and nothing about who."""
    answers = payload["red_flags"]
    channel = payload.get("channel") if payload.get("channel") in CHANNELS else "web"
    tx.session.execute(
        insert(models.red_flag_stops).values(
            at=now,
            channel=channel,
            care=stop.care,
            kinds=list(stop.kinds),
            answers={code: answers.get(code) is True for code in RED_FLAGS},
        )
    )
    tx.after_commit(metrics.REFERRALS_TURNED_AWAY.labels(SEEK_URGENT_CARE).inc)


def urgent_care(stop) -> Invalid:
    return Invalid(
        SEEK_URGENT_CARE,
        stop.advice,
        {
            "care": stop.care,
            "advice": stop.advice,
            "kinds": list(stop.kinds),
            "flags": list(stop.flags),
        },
    )


def checked(payload: dict, rules: dict, now) -> dict:
    """The answers loaded, with the NHS number checked and eligibility applied."""
    answers = load(ReferralIn(), payload)
    about = answers["about_you"]
    if about["nhs_number"] not in (None, ""):
        digits = nhs_number(about["nhs_number"])
        if digits is None:
            raise Invalid(
                "INVALID_INPUT",
                "some fields are missing or wrong",
                {
                    "about_you": {
                        "nhs_number": [
                            "not a valid NHS number: check the 10 digits on a letter "
                            "from your GP or in the NHS App"
                        ]
                    }
                },
            )
        about["nhs_number"] = digits
    else:
        about["nhs_number"] = None
    if about["date_of_birth"] > now.date():
        raise Invalid(
            "INVALID_INPUT",
            "some fields are missing or wrong",
            {"about_you": {"date_of_birth": ["must be in the past"]}},
        )
    refused = eligibility.check(rules, answers["eligibility"], about["date_of_birth"], now.date())
    if refused:
        metrics.REFERRALS_TURNED_AWAY.labels(NOT_ELIGIBLE).inc()
        raise Invalid(
            NOT_ELIGIBLE,
            refused.reason,
            {"rule": refused.rule, "reason": refused.reason, "go_instead": refused.go_instead},
        )
    return answers


def receive(tx, keyring, answers: dict, rules: dict, version: int, taken_by, now) -> dict:
    about, problem = answers["about_you"], answers["problem"]
    born = about["date_of_birth"].isoformat()
    person = person_key(about["name"], born, about["postcode"])
    referral_id = str(uuid.uuid4())
    since = now - timedelta(days=30.44 * max(rules["repeat_within_months"], 1))
    repeat_of = repository.earlier(
        tx.session, keyring, about["nhs_number"], person, problem["body_area"], since
    )
    row = {
        "id": referral_id,
        "reference": _unused_reference(tx.session),
        "channel": answers["channel"],
        "taken_by": taken_by,
        "status": RECEIVED,
        "received_at": now,
        "rules_version": version,
        "age_band": age_band(about["date_of_birth"], now.date()),
        "sex": about["sex"],
        "gp_practice": answers["eligibility"]["gp_practice"],
        **{k: problem[k] for k in repository.PROBLEM},
        "may_leave_message": about["may_leave_message"],
        "nhs_match": keyring.match(about["nhs_number"]),
        "person_match": keyring.match(person),
        "repeat_of": repeat_of,
        "red_flag_answers": answers["red_flags"],
        "eligibility_answers": answers["eligibility"],
    }
    identity = {**about, "date_of_birth": born}
    story = {k: (problem.get(k) if k in problem else about.get(k)) for k in repository.STORY}
    repository.add(tx.session, keyring, row, identity, story)
    audit.record(tx, taken_by or "patient", "create", referral_id, now)
    mail.queue(tx, referral_id, mail.ACKNOWLEDGEMENT, now)
    tx.after_commit(metrics.REFERRALS_RECEIVED.labels(row["channel"]).inc)
    tx.emit(
        events.REFERRAL_RECEIVED,
        {
            "referral_id": referral_id,
            "reference": row["reference"],
            "channel": row["channel"],
            "received_at": now.isoformat(),
            "age_band": row["age_band"],
            "body_area": row["body_area"],
            "gp_practice": row["gp_practice"],
        },
    )
    return created(referral_id, row["reference"], row["body_area"])


def created(referral_id: str, reference: str, body_area: str) -> dict:
    """The answer to a submitted referral, the first time and every time after."""
    # Where the confirmation sends the person meanwhile: the advice for their problem.
    advice = self_help_path(SELF_HELP_PAGES[body_area])
    return {"id": referral_id, "reference": reference, "self_help_page": advice}


def _unused_reference(session) -> str:
    while True:  # 31^8 references: a clash is rare, but a reference must name one referral
        reference = new_reference()
        taken = session.execute(
            select(models.referrals.c.id).where(models.referrals.c.reference == reference)
        ).first()
        if taken is None:
            return reference
