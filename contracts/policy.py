"""Who may do what to which object: the product's one access policy.

Every rule is here once, in the clinicians' words; the gateway's routes and pages
and the services ask it rather than deciding for themselves. A rule names the
roles that may act on any such object, and where the object itself matters (a
case's presenter, a conference's panel, a card's owner), the relation that lets
someone else act on theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

LEADS = frozenset({"coordinator", "admin"})
EVERY_ROLE = ("clinician", "chair", "coordinator", "admin", "triage", "call_handler")


@dataclass(frozen=True)
class Rule:
    action: str
    roles: frozenset[str]  # may do it to any such object
    relation: str = ""  # who else may, by what ties them to the object
    why: str = ""


READ_CASE = "case.read"
RECORD_MINUTES = "minutes.record"
READ_MINUTES = "minutes.read"
RECORD_OUTCOME = "outcome.record"
EDIT_CARD = "card.edit"
ADMINISTER_STAFF = "staff.administer"
ADMINISTER_SITES = "sites.administer"
READ_AUDIT = "audit.read"
READ_REFERRAL = "referral.read"
TRIAGE_REFERRAL = "referral.triage"
TAKE_PHONE_REFERRAL = "referral.take_by_phone"
AUDIT_REFERRAL = "referral.audit"
REFERRAL_FIGURES = "referral.figures"
CHANGE_REFERRAL_RULES = "referral.rules"

RULES = {
    rule.action: rule
    for rule in (
        Rule(
            READ_CASE,
            LEADS,
            "its presenter, and the chair and panel of its conference",
            "a case is shared with the people who discuss it, not the whole service",
        ),
        Rule(RECORD_MINUTES, LEADS, "the conference's chair"),
        Rule(READ_MINUTES, LEADS, "the conference's panel and the presenters of its cases"),
        Rule(RECORD_OUTCOME, LEADS, "the case's presenter"),
        Rule(EDIT_CARD, frozenset({"admin"}), "the card's owner"),
        Rule(ADMINISTER_STAFF, LEADS, "", "inviting, importing, changing and deactivating"),
        Rule(ADMINISTER_SITES, frozenset({"admin"})),
        Rule(READ_AUDIT, frozenset({"admin"}), "", "who read what is the admins' to check"),
        # Self-referral: the only part that holds who a patient is (Caldicott: the
        # minimum people). Coordinators see figures, never a person.
        Rule(
            READ_REFERRAL,
            frozenset({"triage"}),
            "",
            "the queue, a referral with the person's details, its FHIR export",
        ),
        Rule(TRIAGE_REFERRAL, frozenset({"triage"}), "", "a decision, or a draft case from it"),
        Rule(TAKE_PHONE_REFERRAL, frozenset({"call_handler"}), "", "channel=phone names them"),
        Rule(AUDIT_REFERRAL, frozenset({"triage", *LEADS}), "", "who read a referral, and when"),
        Rule(REFERRAL_FIGURES, LEADS, "", "pseudonymous counts, no one in them"),
        Rule(CHANGE_REFERRAL_RULES, frozenset({"admin"}), "", "who the service takes"),
    )
}


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that may do this to any object, in a stable order (for route declarations)."""
    return tuple(role for role in EVERY_ROLE if role in RULES[action].roles)


def has_role_for(actor: dict, action: str) -> bool:
    return bool(RULES[action].roles & set(actor.get("roles", ())))


def may_read_case(
    reader: dict,
    presenter_id: str,
    conference_id: str | None,
    conferences_attended: Callable[[], Collection[str]],
) -> bool:
    """Its presenter, coordinators and admins, and the chair and panel of its conference.

    `conferences_attended` (the reader's, chair or panel) is asked only when
    nothing simpler decides: it costs a call.
    """
    if presenter_id == reader["id"] or has_role_for(reader, READ_CASE):
        return True
    return conference_id is not None and conference_id in conferences_attended()
