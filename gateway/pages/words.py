"""The API's codes in the words clinicians use on screen."""

from __future__ import annotations

import re

WORDS = {
    # kinds of case
    "patient_case": "A patient",
    "patient_group": "A group of patients",
    "professional_topic": "A professional topic",
    # body regions
    "cervical_spine": "Neck (cervical spine)",
    "thoracic_spine": "Upper back (thoracic spine)",
    "lumbar_spine": "Lower back (lumbar spine)",
    "pelvis_sij": "Pelvis and sacroiliac joint",
    "ankle_foot": "Ankle and foot",
    "wrist_hand": "Wrist and hand",
    "multiple": "More than one region",
    # plans
    "continue_treatment": "Continue treatment",
    "refer_msk": "Refer to the MSK (ESP) service",
    "refer_orthopaedics": "Refer to orthopaedics",
    "refer_other": "Refer elsewhere",
    "discharge": "Discharge",
    "unsure": "Not sure yet",
    # urgency
    "soon": "Soon (next conference with room)",
    # sex
    "not_stated": "Not stated",
    # STarT MSK
    "low": "Low risk",
    "medium": "Medium risk",
    "high": "High risk",
    # states of a case
    "draft": "Draft",
    "submitted": "Waiting for a conference",
    "scheduled": "Scheduled",
    "discussed": "Discussed",
    "outcome_pending": "Outcome needed",
    "closed": "Closed",
    "withdrawn": "Withdrawn",
    # roles at a conference
    "chair": "Chair",
    "standby": "Standby chair",
    "attendee": "Panel member",
    "expert": "Invited expert",
    "presenter": "Presenting",
    # urgent pathways a red flag is escalated through
    "emergency_department": "Emergency department (A&E)",
    "same_day_spinal": "Same-day spinal or orthopaedic on-call",
    "urgent_orthopaedics": "Urgent orthopaedic referral",
    "gp_same_day": "GP, same day",
    "suspected_cancer": "Suspected cancer pathway (two weeks)",
    "another_route": "Another route",
    # attendance at a conference
    "present": "Present",
    "apologies": "Sent apologies",
    "absent": "Did not attend",
    # what the patient-data guard finds
    "email": "an email address",
    "hospital_number": "a hospital number",
    "nhs_number": "an NHS number",
    "phone": "a phone number",
    "postcode": "a postcode",
    "date_of_birth": "a full date (it could be a date of birth)",
    "name": "a name",
    # what the red-flag check finds
    "cauda_equina": "possible cauda equina syndrome",
    "bilateral_neurology": "bilateral neurological symptoms",
    "progressive_neurology": "progressive neurological deficit",
    "suspected_fracture": "a suspected fracture",
    "malignancy": "possible malignancy",
    "infection": "possible infection",
    "inflammatory_arthritis": "possible inflammatory arthritis",
    "vascular": "vascular signs",
}

# The colour of a case's state, as an NHS tag.
STATE_TAGS = {
    "draft": "nhsuk-tag--grey",
    "submitted": "nhsuk-tag--blue",
    "scheduled": "nhsuk-tag--purple",
    "discussed": "nhsuk-tag--green",
    "outcome_pending": "nhsuk-tag--orange",
    "closed": "nhsuk-tag--white",
    "withdrawn": "nhsuk-tag--grey",
}


# Cards and cases store a condition or skill as a tag (`frozen_shoulder`); clinicians
# write and read it as words ("Frozen shoulder", "de Quervain's", "hip-and-knee").
_BETWEEN_WORDS = re.compile(r"[\s_-]+")
_APOSTROPHES = re.compile(r"['’]")


def as_tag(written: str) -> str:
    """ "Frozen shoulder" as `frozen_shoulder`; any other sign ("&") is left for the
    schema to refuse, naming the field, rather than silently dropped."""
    kept = _APOSTROPHES.sub("", written.strip().lower())
    return _BETWEEN_WORDS.sub("_", kept).strip("_")


def tag_words(tag: str) -> str:
    return tag.replace("_", " ")


def words(code: str | None) -> str:
    """`refer_msk` as "Refer to the MSK (ESP) service"; a code we have no words for, readably."""
    if code is None:
        return ""
    return WORDS.get(code) or code.replace("_", " ").capitalize()
