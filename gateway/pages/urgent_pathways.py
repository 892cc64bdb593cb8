"""The leads' page for the local urgent pathways: whom a presenter contacts about a red flag.

The same RPCs as GET and PUT /api/v1/urgent-pathways: the cases service checks the
words and records who changed what in its audit log.
"""

from __future__ import annotations

from contracts import policy
from contracts.errors import Invalid
from gateway.calls import call
from gateway.pages.refusals import Question, refusal
from gateway.pages.web import Visit, page, redirect

PARTS = ("name", "contact")


def _questions(code: str) -> tuple[Question, ...]:
    return (
        Question(f"{code}-name", "Pathway", "Enter the pathway's name"),
        Question(f"{code}-contact", "Whom to contact", "Enter whom to contact, and how"),
    )


class UrgentPathwayPages:
    @page("GET", "/urgent-pathways", policy.SET_URGENT_PATHWAYS)
    def urgent_pathways_page(self, visit: Visit):
        pathways = call(self.cases, "list_urgent_pathways")["items"]
        changed = visit.request.args.get("changed")
        return self._pathways_page(visit, pathways, changed=changed)

    @page("POST", "/urgent-pathways/<string:pathway>", policy.SET_URGENT_PATHWAYS)
    def save_urgent_pathway(self, visit: Visit, pathway):
        # Each pathway is its own form, its fields named by its code, so ids are unique.
        written = {part: visit.form.get(f"{pathway}-{part}", "").strip() for part in PARTS}
        try:
            call(self.cases, "set_urgent_pathway", pathway, written, visit.person)
        except Invalid as error:
            fields = {f"{pathway}-{name}": text for name, text in error.fields.items()}
            found = refusal(Invalid(error.code, error.message, fields), _questions(pathway))
            pathways = call(self.cases, "list_urgent_pathways")["items"]
            for shown in pathways:  # what was typed stays, to be put right
                if shown["code"] == pathway:
                    shown.update(written)
            return self._pathways_page(visit, pathways, found=found, status=422)
        return redirect(f"/urgent-pathways?changed={pathway}#{pathway}")

    def _pathways_page(self, visit, pathways, found=None, changed=None, status=200):
        return visit.page(
            "urgent_pathways.html",
            status,
            pathways=pathways,
            changed=next((p["name"] for p in pathways if p["code"] == changed), None),
            errors=found.summary if found else [],
            messages=found.messages if found else {},
        )
