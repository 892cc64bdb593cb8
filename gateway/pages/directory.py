"""Finding a colleague to ask between conferences: the contact cards, searched and read.

The search and its order are the cases service's (GET /api/v1/clinicians calls the same
RPC), and so is the audit of every card read. This page only says, for each card found,
which of the things it declares answer what was asked.
"""

from __future__ import annotations

import re

from contracts import api, policy
from contracts.errors import Invalid
from contracts.schemas import BODY_REGIONS
from gateway.calls import call
from gateway.pages.panel import service_names
from gateway.pages.refusals import Question, refusal
from gateway.pages.web import Visit, page, pages_of
from gateway.pages.words import as_tag, words
from gateway.web import load

PAGE_SIZE = 20
FILTERS = ("q", "body_region", "tag", "site", "service", "band")
BANDS = (4, 5, 6, 7, 8)
LEVELS = {"expert": "Expert in", "experienced": "Experienced in", "interest": "Interested in"}
# The card's role, as colleagues say it.
ROLES = {
    "core_physio": "Physiotherapist",
    "esp": "Extended scope practitioner (ESP)",
    "fcp": "First contact practitioner (FCP)",
    "orthopaedic_practitioner": "Orthopaedic practitioner",
    "consultant": "Consultant physiotherapist",
}
SEARCH = (
    Question("q", "Condition, skill or name", "Enter at least 2 characters"),
    Question("body_region", "Body region", "Select a body region"),
    Question("tag", "Exact condition or skill", "Enter a condition or skill, such as knee OA"),
    Question("site", "Site", "Select a site"),
    Question("service", "Service", "Select a service"),
    Question("band", "Band", "Select a band"),
)
WORD = re.compile(r"[a-z0-9]+")


class DirectoryPages:
    @page("GET", "/clinicians", policy.READ_DIRECTORY)
    def find_a_colleague(self, visit: Visit):
        asked = {k: visit.request.args.get(k, "").strip() for k in (*FILTERS, "page")}
        given = {k: v for k, v in asked.items() if v}
        if "tag" in given:  # written as words, as on a card: "Knee OA" is `knee_oa`
            given["tag"] = as_tag(given["tag"])
        found, refused = None, None
        try:
            query = load(api.ClinicianQuery(), {**given, "page_size": PAGE_SIZE})
        except Invalid as error:
            refused = refusal(error, SEARCH)
        else:
            filters = {k: query[k] for k in FILTERS}
            offset = (query["page"] - 1) * PAGE_SIZE
            found = call(self.cases, "search_cards", visit.person, filters, offset, PAGE_SIZE)
            for card in found["items"]:
                card["why"] = why_they_match(card, filters)
        services = call(self.staff, "list_services")["items"]
        return visit.page(
            "directory.html",
            400 if refused else 200,
            asked=asked,
            found=found,
            errors=refused.summary if refused else [],
            messages=refused.messages if refused else {},
            pages=found and pages_of("/clinicians", given, found["total"], PAGE_SIZE),
            body_regions=BODY_REGIONS,
            sites=[(s["name"], s["name"]) for s in call(self.staff, "list_sites")["items"]],
            services=[(s["code"], s["name"]) for s in services],
            service_names={s["code"]: s["name"] for s in services},
            bands=[(str(band), f"Band {band}") for band in BANDS],
            roles=ROLES,
        )

    @page("GET", "/clinicians/<string:clinician_id>", policy.READ_DIRECTORY)
    def contact_card(self, visit: Visit, clinician_id):
        card = call(self.cases, "get_card", clinician_id, visit.person)  # audited
        mine = clinician_id == visit.person["id"]
        return visit.page(
            "card.html",
            card=card,
            mine=mine,
            saved=mine and "saved" in visit.request.args,
            service_name=service_names(self.staff).get(card["service"]),
            roles=ROLES,
            levels=LEVELS,
        )


def why_they_match(card: dict, asked: dict) -> list[str]:
    """What the card declares that the search named, most expert first.

    The service also reads synonyms ("adhesive capsulitis" finds frozen shoulder), which
    the gateway cannot; then the card is said to be close to the words asked.
    """
    q = asked.get("q") or ""
    wanted = set(_stems(q)) | set(_stems(asked.get("body_region") or "", asked.get("tag") or ""))
    if q and all(any(n.startswith(w) for n in _stems(card["name"])) for w in _stems(q)):
        return ["Their name"]
    ranked = sorted(card["expertise"], key=lambda item: list(LEVELS).index(item["level"]))
    reasons = [
        f"{LEVELS[item['level']]} {words(item['area']).lower()}"
        for item in ranked
        if item["area"] in (asked.get("body_region"), asked.get("tag"))
        or wanted & set(_stems(item["area"]))
    ]
    if wanted & set(_stems(card.get("happy_to_help_with") or "")):
        reasons.append("Happy to help with what you asked about")
    if not reasons and asked.get("body_region"):
        # Found for the region, but not by its name: a condition of it, such as rotator cuff.
        reasons.append(f"Knows conditions of the {words(asked['body_region']).lower()}")
    elif not reasons and q:
        reasons.append(f"What their card says is close to “{q}”")
    return reasons


def _stems(*texts: str) -> list[str]:
    """Lower-case words without a plural "s", so "shoulders" asks for "shoulder"."""
    found = WORD.findall(" ".join(texts).lower().replace("_", " "))
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in found]
