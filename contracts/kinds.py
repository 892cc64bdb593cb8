"""What each kind of case is asked: the one rule the case form, the API and the cases
domain follow (plain data, so a pure domain may import it)."""

from __future__ import annotations

# What one patient's case is asked and the other kinds are not: a group of patients or a
# professional topic has no one patient's age, sex, scores or plan (and the plan is what
# "referral avoided" is later judged by, so a guessed one would skew the evidence).
ONE_PATIENTS_DETAILS = (
    "intended_plan",
    "age_band",
    "sex",
    "duration_weeks",
    "start_msk_risk",
    "msk_hq_baseline",
)
NOT_ASKED = {
    "patient_case": (),
    "patient_group": ONE_PATIENTS_DETAILS,  # what was tried with the group still helps
    "professional_topic": (*ONE_PATIENTS_DETAILS, "treatment_so_far"),
}


def not_asked_of(kind: str | None) -> tuple[str, ...]:
    """The details a case of this kind is not asked (none while the kind is unknown)."""
    return NOT_ASKED.get(kind or "", ())
