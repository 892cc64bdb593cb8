"""Triage of self-referrals: the queue, a referral as the person answered it, the decision.

Every read goes through the referrals service's own RPCs, which check the access
policy and audit the read (`list`, `read`, `triage`, `case`); the pages decide
nothing about who may see what. The queue shows no one's identity: the person's
details appear only on the referral's own page, for the clinician deciding on it.
"""

from __future__ import annotations

from contracts import policy
from contracts.api.referrals import DESTINATIONS, PRIORITIES, REFERRAL_STATES
from contracts.errors import Conflict, Invalid
from gateway.calls import call
from gateway.pages import refer_steps as steps
from gateway.pages.web import Visit, messages_of, page, pages_of, redirect

PAGE_SIZE = 50
STATUSES = (*REFERRAL_STATES, "all")
DECISION_FIELDS = ("priority", "destination", "site", "self_help_page", "note")
SCORES = ("start_msk_score", "msk_hq_score")  # whole numbers, as the clinician scored them


class TriagePages:
    @page("GET", "/triage", policy.TRIAGE_REFERRALS)
    def triage_queue(self, visit: Visit):
        wanted = _filters(visit.request.args)
        form = call(self.referrals, "referral_form")
        if wanted["site"] not in {"", *(s["code"] for s in form["sites"])}:
            wanted["site"] = ""
        number = int(wanted["page"])
        found = call(
            self.referrals,
            "list_referrals",
            visit.person,
            None if wanted["status"] == "all" else wanted["status"],
            (number - 1) * PAGE_SIZE,
            PAGE_SIZE,
            site=wanted["site"] or None,
            destination=wanted["destination"] or None,
        )
        return visit.page(
            "triage_queue.html",
            found=found,
            wanted=wanted,
            sites=[(s["code"], s["name"]) for s in form["sites"]],
            destinations=[(d, DESTINATION_WORDS[d]) for d in DESTINATIONS],
            statuses=[(s, STATUS_WORDS[s]) for s in STATUSES],
            pages=pages_of("/triage", wanted, found["total"], PAGE_SIZE),
            first=(number - 1) * PAGE_SIZE + 1,
            **_words(form),
        )

    @page("GET", "/triage/<string:referral_id>", policy.TRIAGE_REFERRALS)
    def triage_referral_page(self, visit: Visit, referral_id):
        return self._referral_page(visit, referral_id)

    @page("POST", "/triage/<string:referral_id>", policy.TRIAGE_REFERRALS)
    def triage_decide(self, visit: Visit, referral_id):
        given = {name: visit.form.get(name, "").strip() for name in (*DECISION_FIELDS, *SCORES)}
        decision = {name: given[name] or None for name in DECISION_FIELDS}
        decision.update({name: _number(given[name]) for name in SCORES})
        try:
            call(self.referrals, "triage_referral", referral_id, decision, visit.person)
        except Invalid as refused:
            return self._referral_page(visit, referral_id, given, refused.fields, 400)
        except Conflict:  # decided meanwhile (another tab, a colleague): show what stands
            return redirect(f"/triage/{referral_id}?done=already")
        return redirect(f"/triage/{referral_id}?done=triaged")

    @page("POST", "/triage/<string:referral_id>/case", policy.TRIAGE_REFERRALS)
    def triage_to_peer_support(self, visit: Visit, referral_id):
        call(self.referrals, "bring_to_peer_support", referral_id, visit.person)
        return redirect(f"/triage/{referral_id}?done=case")

    def _referral_page(self, visit, referral_id, given=None, fields=None, status=200):
        referral = call(self.referrals, "get_referral", referral_id, visit.person)
        form = call(self.referrals, "referral_form")
        problem = referral["problem"]
        suggested = {"self_help_page": form["self_help_pages"].get(problem["body_area"], "")}
        return visit.form_page(
            "triage_referral.html",
            messages_of(fields),
            status,
            referral=referral,
            answers=_answers(referral, form),
            given=given or suggested,
            done=visit.request.args.get("done", ""),
            sites=[(s["code"], s["name"]) for s in form["sites"]],
            destinations=[(d, DESTINATION_WORDS[d]) for d in DESTINATIONS],
            priorities=[(p, PRIORITY_WORDS[p]) for p in PRIORITIES],
            self_help_pages=[(a.slug, a.title) for a in self.self_help.library.articles()],
            **_words(form),
        )


def _filters(args) -> dict:
    """What the queue is narrowed to; anything not on offer falls back to the default."""
    status = args.get("status", "received")
    destination = args.get("destination", "")
    page_number = args.get("page", "1")
    return {
        "status": status if status in STATUSES else "received",
        "site": args.get("site", ""),
        "destination": destination if destination in DESTINATIONS else "",
        "page": page_number if page_number.isdigit() and 0 < int(page_number) < 1000 else "1",
    }


def _number(text: str):
    """A whole number as typed, or the text itself so the service names the field."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() and len(text) < 6 else text


def _answers(referral: dict, form: dict) -> dict:
    """Each section as (question, answer) in the words the person was asked."""
    given = {**referral["problem"], **referral["about_you"]}
    if given.get("nhs_number"):  # as it is printed on letters: 3-3-4
        digits = given["nhs_number"]
        given["nhs_number"] = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    # The practice is kept as a column; the rest of eligibility only since it was kept.
    eligibility = {**(referral["eligibility_answers"] or {}), "gp_practice": given["gp_practice"]}
    flags = referral["red_flag_answers"]

    def rows(flow, values):
        return [
            (step.question, steps.shown(step, values.get(step.name), steps.options(step, form)))
            for step in flow
        ]

    return {
        "about_you": rows(steps.ABOUT_YOU, given) if referral["about_you"] else [],
        "problem": rows(steps.PROBLEM, given),
        "eligibility": rows(steps.ELIGIBILITY, eligibility),
        "red_flags": rows(steps.red_flag_steps(form), flags) if flags is not None else None,
    }


def _words(form: dict) -> dict:
    return {
        "area_names": {a["code"]: a["name"] for a in form["body_areas"]},
        "site_names": {s["code"]: s["name"] for s in form["sites"]},
        "destination_words": DESTINATION_WORDS,
        "priority_words": PRIORITY_WORDS,
        "flag_count": len(form["red_flags"]),
    }


STATUS_WORDS = {"received": "Waiting for triage", "triaged": "Triaged", "all": "All"}
PRIORITY_WORDS = {"urgent": "Urgent", "soon": "Soon", "routine": "Routine"}
DESTINATION_WORDS = {
    "self_management": "Self-management advice (and discharge)",
    "physiotherapy": "Physiotherapy at a site",
    "first_contact_practitioner": "First contact practitioner",
    "msk_interface": "MSK interface (ESP) service",
    "orthopaedics": "Orthopaedics",
    "gp": "Back to their GP",
    "urgent_care": "Urgent care",
}
