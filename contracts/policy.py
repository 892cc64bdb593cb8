"""Who may do what to which object: the product's one access policy.

Every rule is here once, in the clinicians' words; the gateway's routes and pages
and the services ask it rather than deciding for themselves. A rule names the
roles that may act on any such object, and where the object itself matters (a
case's presenter, a conference's panel, a card's owner), the relation that lets
someone else act on theirs and the roles such a person holds.

Two questions, asked in two places:
- `may_ask(actor, action)`: may someone with these roles ask at all? The gateway's
  router asks it once, before a route runs (403 `ROLE_REQUIRED`).
- the `may_...` functions below: may this person do it to this object? The service
  that holds the object asks, with the facts only it has (who presented, who sat).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from contracts.errors import Forbidden

EVERY_ROLE = ("clinician", "chair", "coordinator", "admin", "triage", "call_handler")
# The people who bring cases to peer support and discuss them.
PEER_SUPPORT = frozenset({"clinician", "chair", "coordinator", "admin"})
# The people who run the service: they act on anyone's cases, conferences and rota.
LEADS = frozenset({"coordinator", "admin"})
ADMINS = frozenset({"admin"})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    action: str
    roles: frozenset[str]  # may do it to any such object
    relation: str = ""  # who else may, by what ties them to the object
    related: frozenset[str] = NOBODY  # the roles someone tied to an object holds
    why: str = ""
    public: bool = False  # anyone, without signing in

    @property
    def askers(self) -> frozenset[str]:
        """Who may ask at all: the object decides for those only tied to it."""
        return self.roles | self.related


# -- anyone, without signing in ----------------------------------------------
SIGN_IN = "account.sign_in"
SELF_REFER = "referral.self_refer"
FOLLOW_CALENDAR = "calendar.follow"
READ_ABOUT = "service.about"
# -- everyone signed in --------------------------------------------------------
READ_OWN_ACCOUNT = "account.read_own"
KEEP_OWN_SETTINGS = "settings.own"
# -- peer support ----------------------------------------------------------------
SUBMIT_CASE = "case.submit"
LIST_CASES = "case.list"
READ_CASE = "case.read"
CHANGE_CASE = "case.change"
WITHDRAW_CASE = "case.withdraw"
READ_CONFERENCES = "conference.read"
PLAN_CONFERENCES = "conference.plan"
ARRANGE_AGENDA = "agenda.arrange"
DECLINE_SEAT = "seat.decline"
MANAGE_UNAVAILABILITY = "unavailability.manage"
RECORD_MINUTES = "minutes.record"
READ_MINUTES = "minutes.read"
READ_ACTIONS = "action.read"
COMPLETE_ACTION = "action.complete"
READ_DIRECTORY = "directory.read"
EDIT_CARD = "card.edit"
RECORD_OUTCOME = "outcome.record"
READ_OUTCOME = "outcome.read"
REVISE_OUTCOME = "outcome.revise"
READ_OWN_CPD = "cpd.read_own"
READ_DELIVERIES = "notification.read"
# -- running the service ---------------------------------------------------------
READ_REPORTS = "report.read"
SET_URGENT_PATHWAYS = "pathway.set"
ADMINISTER_STAFF = "staff.administer"
ADMINISTER_SITES = "sites.administer"
OPERATE = "service.operate"
READ_AUDIT = "audit.read"
# -- self-referral -----------------------------------------------------------------
TAKE_PHONE_REFERRAL = "referral.take_call"
TRIAGE_REFERRALS = "referral.triage"
READ_REFERRAL_AUDIT = "referral.audit"
SET_ELIGIBILITY = "referral.eligibility"

RULES = {
    rule.action: rule
    for rule in (
        Rule(SIGN_IN, NOBODY, why="signing in and setting a password by emailed link", public=True),
        Rule(SELF_REFER, NOBODY, why="patients refer themselves and ask where it is", public=True),
        Rule(FOLLOW_CALENDAR, NOBODY, why="the secret in the feed's URL is its key", public=True),
        Rule(READ_ABOUT, NOBODY, why="this API's document and the service's health", public=True),
        Rule(READ_OWN_ACCOUNT, frozenset(EVERY_ROLE), why="who I am, whatever my work"),
        Rule(KEEP_OWN_SETTINGS, NOBODY, "their own", PEER_SUPPORT, "mail and calendar choices"),
        Rule(SUBMIT_CASE, PEER_SUPPORT, why="bringing a case, and the urgent pathways for it"),
        Rule(LIST_CASES, LEADS, "their own and those of the conferences they sit on", PEER_SUPPORT),
        Rule(
            READ_CASE,
            LEADS,
            "its presenter, and the chair and panel of its conference",
            PEER_SUPPORT,
            "a case is shared with the people who discuss it, not the whole service",
        ),
        Rule(CHANGE_CASE, NOBODY, "its presenter", PEER_SUPPORT, "editing and submitting a draft"),
        Rule(WITHDRAW_CASE, LEADS, "its presenter", PEER_SUPPORT, "leads take back duplicates"),
        Rule(READ_CONFERENCES, PEER_SUPPORT, why="who sits when is shared with the whole service"),
        Rule(PLAN_CONFERENCES, LEADS, why="series, the rota, cancelling and moving meetings"),
        Rule(ARRANGE_AGENDA, LEADS, "the conference's chair", PEER_SUPPORT),
        Rule(DECLINE_SEAT, NOBODY, "the person seated", PEER_SUPPORT),
        Rule(
            MANAGE_UNAVAILABILITY,
            LEADS,
            "the clinician themselves",
            PEER_SUPPORT,
            "leave is the clinician's own business; coordinators need it to plan the rota",
        ),
        Rule(RECORD_MINUTES, LEADS, "the conference's chair", PEER_SUPPORT),
        Rule(
            READ_MINUTES,
            LEADS,
            "the conference's panel and the presenters of its cases",
            PEER_SUPPORT,
        ),
        Rule(READ_ACTIONS, LEADS, "their own", PEER_SUPPORT),
        Rule(COMPLETE_ACTION, LEADS, "its owner and the chair who agreed it", PEER_SUPPORT),
        Rule(READ_DIRECTORY, PEER_SUPPORT, why="finding a colleague who can help"),
        Rule(EDIT_CARD, ADMINS, "the card's owner", PEER_SUPPORT),
        Rule(
            RECORD_OUTCOME, LEADS, "the case's presenter and its conference's chair", PEER_SUPPORT
        ),
        Rule(
            READ_OUTCOME,
            LEADS,
            "the case's presenter, and the chair and attendees of its conference",
            PEER_SUPPORT,
        ),
        Rule(REVISE_OUTCOME, NOBODY, "whoever recorded it", PEER_SUPPORT),
        Rule(READ_OWN_CPD, NOBODY, "their own", PEER_SUPPORT),
        Rule(READ_DELIVERIES, LEADS, "their own", PEER_SUPPORT),
        Rule(READ_REPORTS, LEADS, why="the evidence the service reports to its board"),
        Rule(ADMINISTER_STAFF, LEADS, why="inviting, importing, changing and deactivating"),
        Rule(SET_URGENT_PATHWAYS, LEADS, why="whom to contact on each local urgent pathway"),
        Rule(ADMINISTER_SITES, ADMINS, why="the lists of sites and services"),
        Rule(OPERATE, ADMINS, why="dead letters and failed mail"),
        Rule(READ_AUDIT, ADMINS, why="who read or changed what, and when"),
        Rule(TAKE_PHONE_REFERRAL, frozenset({"call_handler"})),
        Rule(
            TRIAGE_REFERRALS, frozenset({"triage"}), why="the only role that sees who a patient is"
        ),
        Rule(READ_REFERRAL_AUDIT, frozenset({"triage"}) | LEADS),
        Rule(SET_ELIGIBILITY, ADMINS, why="who the service takes"),
    )
}


def in_order(roles: Collection[str]) -> tuple[str, ...]:
    return tuple(role for role in EVERY_ROLE if role in roles)


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that may do this to any object, in a stable order."""
    return in_order(RULES[action].roles)


def asking_roles(action: str) -> tuple[str, ...] | None:
    """The roles that may ask at all, in a stable order; None when no sign-in is needed."""
    rule = RULES[action]
    return None if rule.public else in_order(rule.askers)


def _roles_of(actor: dict | None) -> set[str]:
    return set((actor or {}).get("roles", ()))


def has_role_for(actor: dict | None, action: str) -> bool:
    """May do it to any such object (a lead reads every case, sees everyone's actions)."""
    return bool(RULES[action].roles & _roles_of(actor))


def may_ask(actor: dict | None, action: str) -> bool:
    rule = RULES[action]
    return rule.public or bool(rule.askers & _roles_of(actor))


def require(actor: dict | None, action: str) -> None:
    """Refuse (403 ROLE_REQUIRED) someone whose roles may not ask for this at all."""
    if not may_ask(actor, action):
        roles = ", ".join(asking_roles(action) or ())
        raise Forbidden("ROLE_REQUIRED", f"this needs one of the roles: {roles}")


# -- cases ---------------------------------------------------------------------------
def may_read_case(
    reader: dict,
    presenter_id: str | None,
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


def may_change_case(actor: dict, presenter_id: str) -> bool:
    # The case is the presenter's account of their patient: nobody else rewrites it.
    return actor["id"] == presenter_id


def may_withdraw_case(actor: dict, presenter_id: str) -> bool:
    # The presenter may change their mind; a lead may take back a duplicate for them.
    return actor["id"] == presenter_id or has_role_for(actor, WITHDRAW_CASE)


def sees_every_case(reader: dict) -> bool:
    """Lists everyone's cases, not only their own and their conferences'."""
    return has_role_for(reader, LIST_CASES)


# -- conferences, minutes, actions ----------------------------------------------------
def may_record_minutes(actor: dict, chair_id: str | None) -> bool:
    # The conference's own chair records the meeting; coordinators and admins may do it for them.
    return actor["id"] == chair_id or has_role_for(actor, RECORD_MINUTES)


def may_arrange_agenda(actor: dict, chair_id: str | None) -> bool:
    return actor["id"] == chair_id or has_role_for(actor, ARRANGE_AGENDA)


def may_read_minutes(
    reader: dict, panel_ids: Collection[str], presenter_ids: Collection[str]
) -> bool:
    """The people at the meeting, those who presented at it, and the service's leads."""
    here = reader["id"] in panel_ids or reader["id"] in presenter_ids
    return here or has_role_for(reader, READ_MINUTES)


def may_complete_action(actor: dict, owner_id: str, chair_id: str | None) -> bool:
    return actor["id"] in (owner_id, chair_id) or has_role_for(actor, COMPLETE_ACTION)


def sees_everyones_actions(actor: dict) -> bool:
    return has_role_for(actor, READ_ACTIONS)


def may_manage_unavailability(actor: dict, clinician_id: str) -> bool:
    return actor["id"] == clinician_id or has_role_for(actor, MANAGE_UNAVAILABILITY)


# -- directory, outcomes, notifications -----------------------------------------------
def may_edit_card(actor: dict, owner_id: str) -> bool:
    return actor["id"] == owner_id or has_role_for(actor, EDIT_CARD)


def may_record_outcome(actor: dict, presenter_id: str, chair_id: str | None) -> bool:
    # The presenter records it; the chair may do so on their behalf.
    return actor["id"] in (presenter_id, chair_id) or has_role_for(actor, RECORD_OUTCOME)


def may_read_outcome(
    actor: dict, presenter_id: str, chair_id: str | None, attended: Collection[str]
) -> bool:
    """As with the case itself: its presenter, the people at its conference, and leads."""
    tied = actor["id"] in (presenter_id, chair_id) or actor["id"] in attended
    return tied or has_role_for(actor, READ_OUTCOME)


def may_revise_outcome(actor: dict, author_id: str) -> bool:
    # A correction is the author's: another's words are not changed under their name.
    return actor["id"] == author_id


def sees_every_delivery(actor: dict) -> bool:
    return has_role_for(actor, READ_DELIVERIES)


def takes_phone_referrals(actor: dict | None) -> bool:
    """A phone referral names who took the call: only a call handler does."""
    return has_role_for(actor, TAKE_PHONE_REFERRAL)
