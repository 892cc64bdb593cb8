"""The admins' audit page: who read or changed what, and when, by case or by person.

Each service keeps its own audit lines (clinical reads stay beside the data read);
this page asks each for the lines about a case or by a person, puts them together
newest first, and names people and cases instead of showing their ids. Reading
the audit is itself audited (the cases service records it with its answer).
"""

from __future__ import annotations

import csv
import io

from werkzeug.wrappers import Response

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from contracts.errors import NotFound
from gateway.calls import call
from gateway.pages.rendering import day, when
from gateway.pages.web import Visit, page

MOST = 500  # newest lines per service: the page and its CSV say so when there are more
DONE = {
    "read": "Read",
    "list": "Listed",
    "search": "Searched",
    "record": "Recorded",
    "revise": "Corrected",
    "report": "Produced",
    "submit": "Submitted",
    "draft": "Saved a draft of",
    "edit": "Changed",
    "withdraw": "Withdrew",
    "read_audit": "Read",
    "read_refused": "Was refused reading",
    "record_refused": "Was refused recording",
    "revise_refused": "Was refused correcting",
    # the staff list's own log (services/staff): the subject is a person
    "invited": "Invited",
    "invitation_sent": "Sent a link to set a password to",
    "changed": "Changed the staff details of",
    "deactivated": "Marked as having left",
    "reactivated": "Reactivated",
    "password_set_by_invitation": "Set a password, from an invitation, for",
    "password_set_by_reset": "Set a new password, after forgetting it, for",
}


class AuditPages:
    @page("GET", "/admin/audit", policy.READ_AUDIT)
    def audit_page(self, visit: Visit):
        args = visit.request.args
        people = {
            p["id"]: p["name"]
            for p in call(self.staff, "list_staff", {"page_size": MAX_PAGE_SIZE})["items"]
        }
        person_id, case_id = args.get("person", ""), args.get("case", "")
        shown = self._lines(visit, person_id, case_id, people) if person_id or case_id else None
        if shown and args.get("format") == "csv":
            return _as_csv(shown["lines"], f"audit-{shown['subject']}.csv")
        cases = []
        if args.get("q") and not shown:  # a case found by its title; the list read is audited
            found = call(self.cases, "list_cases", visit.person, text=args["q"][:100], limit=20)
            cases = found["items"]
        return visit.page(
            "admin_audit.html",
            people=sorted(people.items(), key=lambda p: p[1]),
            shown=shown,
            cases=cases,
            asked=args.to_dict(),
        )

    def _lines(self, visit: Visit, person_id: str, case_id: str, people: dict) -> dict:
        if person_id:
            query, subject = {"actor_id": person_id}, f"person:{person_id}"
            heading = f"What {people.get(person_id, 'someone no longer listed')} read or changed"
        else:
            query = {"objects": [f"case:{case_id}", f"outcome:{case_id}"]}
            subject, heading = f"case:{case_id}", ""
        query["limit"] = MOST
        answers = [call(self.cases, "audit_lines", query, visit.person, subject)]
        answers.append(call(self.outcomes, "audit_lines", query))
        if person_id:  # a case's referral is read by triage, not through the case
            answers.append(call(self.referrals, "audit_lines", query))
            answers.append(call(self.staff, "audit_lines", query))  # staff they invited...
        lines = sorted(
            (line for answer in answers for line in answer["items"]),
            key=lambda line: line["at"],
            reverse=True,
        )
        conferences: dict[str, str] = {}
        for line in lines:
            line["who"] = people.get(line["actor_id"], _not_a_person(line["actor_id"]))
            line["did"] = DONE.get(line["action"], line["action"].replace("_", " ").capitalize())
            line["what"] = self._what(line, people, conferences)
        if case_id:
            title = next((line["about"] for line in lines if line.get("about")), None)
            heading = f"Who read or changed the case ‘{title}’" if title else "Who read the case"
        more = any(answer["total"] > MOST for answer in answers)
        return {"lines": lines, "heading": heading, "subject": subject, "more": more}

    def _what(self, line: dict, people: dict, conferences: dict) -> str:
        """What the line is about, in words: a case by its title, a person by their name."""
        kind, _, key = line["object"].partition(":")
        about = line.get("about")
        if kind == "case":
            return f"The case ‘{about}’" if about else "A case no longer stored"
        if kind == "outcome":
            return f"The outcome of ‘{about}’" if about else "The outcome of a case"
        if kind == "card":
            return f"The contact card of {about or people.get(key, 'a former colleague')}"
        if kind == "cpd":
            return f"The CPD record of {people.get(key, 'a former colleague')}"
        if kind == "minutes":
            if key not in conferences:
                conferences[key] = self._conference(key)
            return f"The minutes of {conferences[key]}"
        if kind == "referral":
            return "A self-referral"
        if kind == "person":
            return "Their own account" if key == line["actor_id"] else people.get(key, "Someone")
        if kind == "audit":
            whose, _, who = key.partition(":")
            return (
                f"The audit of {people.get(who, 'a person')}"
                if whose == "person"
                else ("The audit of a case")
            )
        return {
            "cases": "The list of cases",
            "cards": "The contact cards (a search)",
            "report": "The outcome report" if key == "outcomes" else "Self-help page feedback",
            "referrals": "The referrals waiting for triage",
        }.get(kind, line["object"])

    def _conference(self, conference_id: str) -> str:
        try:
            conference = call(self.scheduling, "get_conference", conference_id)
        except NotFound:
            return "a conference no longer planned"
        return (
            f"{conference.get('series_name') or 'the conference'} on {day(conference['starts_at'])}"
        )


def _not_a_person(actor_id: str) -> str:
    """The status page or the mailer reading a referral; anyone else has left the list."""
    return {"status-page": "The referral status page", "mailer": "The mailer"}.get(
        actor_id, "Someone no longer on the staff list"
    )


def _as_csv(lines: list[dict], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["When", "Who", "Did", "What", "Request"])
    for line in lines:
        writer.writerow(
            [when(line["at"]), line["who"], line["did"], line["what"], line["request_id"] or ""]
        )
    disposition = f'attachment; filename="{filename}"'
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": disposition}
    )
