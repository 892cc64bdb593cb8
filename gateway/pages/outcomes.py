"""The outcome form: weeks after the discussion, the presenter says what happened to the patient.

The same RPCs as GET/POST/PATCH /api/v1/cases/{id}/outcome, so the outcomes
service decides who may record, read (audited) and correct it.
"""

from __future__ import annotations

from datetime import datetime

from contracts import policy
from contracts.errors import Forbidden, Invalid, NotFound
from gateway.calls import call
from gateway.pages.case_form import highlighted
from gateway.pages.refusals import Question, Refusal, refusal
from gateway.pages.web import Visit, page, redirect

QUESTIONS = (
    Question(
        "onward_referral", "Was the patient referred on?", "Select whether the patient was referred"
    ),
    Question(
        "management_changed",
        "Did the conference change how you managed the patient?",
        "Select whether the conference changed how you managed the patient",
    ),
    Question("patient_status", "How is the patient now?", "Select how the patient is now"),
    Question("msk_hq", "MSK-HQ score now", "Enter the MSK-HQ score, from 0 to 56"),
    Question(
        "actions_completed",
        "Were the actions agreed at the conference carried out?",
        "Select whether the actions were carried out",
    ),
    Question("reflection", "What did you learn?", "Enter what you learned"),
)
CHOICES = {
    "onward_referral": (
        ("none", "No, I managed the patient without an onward referral"),
        ("msk", "Yes, to the MSK (ESP) service"),
        ("orthopaedics", "Yes, to orthopaedics"),
        ("other", "Yes, somewhere else"),
    ),
    "management_changed": (("yes", "Yes"), ("no", "No")),
    "patient_status": (
        ("improved", "Improved"),
        ("same", "About the same"),
        ("worse", "Worse"),
        ("discharged", "Discharged"),
        ("not_known", "Not known"),
    ),
    "actions_completed": (
        ("all", "All of them"),
        ("some", "Some of them"),
        ("none", "None of them"),
        ("no_actions", "No actions were agreed"),
    ),
}
BLANK = {q.name: "" for q in QUESTIONS}


class OutcomePages:
    @page("GET", "/cases/<string:case_id>/outcome", policy.RECORD_OUTCOME)
    def outcome_page(self, visit: Visit, case_id):
        case = call(self.cases, "get_case", case_id, visit.person)  # 403/404 for others; audited
        try:
            outcome = call(self.outcomes, "get_outcome", case_id, visit.person)
        except NotFound as missing:
            if missing.code != "OUTCOME_NOT_FOUND":  # not discussed yet: nothing to ask
                return _outcome_page(visit, case)
            return self._outcome_form(visit, case, BLANK, Refusal())

        if visit.request.args.get("change") == "yes" and self._may_change(outcome, visit):
            return self._outcome_form(visit, case, _as_written(outcome), Refusal(), changing=True)
        review = None  # a later review asked for: the same questions, answered again
        if outcome["review_asked"]:
            review = {"written": BLANK, "found": Refusal(), "changing": False}
        return _outcome_page(
            visit,
            case,
            outcome=outcome,
            may_change=self._may_change(outcome, visit),
            saved=visit.request.args.get("saved"),
            form=review,
        )

    @page("POST", "/cases/<string:case_id>/outcome", policy.RECORD_OUTCOME)
    def record_outcome_form(self, visit: Visit, case_id):
        return self._save(visit, case_id, "record_outcome", "recorded")

    @page("POST", "/cases/<string:case_id>/outcome/change", policy.REVISE_OUTCOME)
    def change_outcome_form(self, visit: Visit, case_id):
        return self._save(visit, case_id, "revise_outcome", "changed")

    def _save(self, visit: Visit, case_id: str, rpc: str, done: str):
        written = {
            q.name: visit.form.get(q.name, "").replace("\r\n", "\n").strip() for q in QUESTIONS
        }
        try:
            call(self.outcomes, rpc, case_id, _answer(written), visit.person)
        except Invalid as error:
            case = call(self.cases, "get_case", case_id, visit.person)
            found = refusal(error, QUESTIONS)
            previews = {}
            if error.code == "PATIENT_IDENTIFIABLE_DATA":
                hits = error.fields["reflection"]
                previews["reflection"] = highlighted(written["reflection"], hits, "kind", "")
            changing = rpc == "revise_outcome"
            return self._outcome_form(visit, case, written, found, changing, previews, 422)
        return redirect(f"/cases/{case_id}/outcome?saved={done}")

    def _outcome_form(self, visit, case, written, found, changing=False, previews=None, status=200):
        follow_up = None if changing else self._follow_up(case["id"], visit)
        # Before the follow-up is due the form stays closed ("some weeks ago" would not be
        # true, and an answer stops the chain): the presenter may open it on purpose.
        early = follow_up is not None and not follow_up["due"]
        opened = not early or visit.request.values.get("early") == "yes"
        return _outcome_page(
            visit,
            case,
            status,
            form={"written": written, "found": found, "changing": changing} if opened else None,
            follow_up=follow_up,
            early=early,
            previews=previews or {},
            errors=found.summary,
        )

    def _follow_up(self, case_id: str, visit: Visit) -> dict | None:
        """When the outcome is due and how many agreed actions are open (for who records it)."""
        try:
            return call(self.outcomes, "get_follow_up", case_id, visit.person)
        except Forbidden:
            return None

    def _may_change(self, outcome: dict, visit: Visit) -> bool:
        """Its author may correct it for 14 days (the service checks again on saving)."""
        until = datetime.fromisoformat(outcome["editable_until"])
        mine = policy.may_revise_outcome(visit.person, outcome["recorded_by"])
        return mine and self.clock() < until


def _outcome_page(visit: Visit, case: dict, status: int = 200, **shown):
    """The outcome as recorded, the form to record or correct it, or why there is neither."""
    context = {"outcome": None, "form": None, "may_change": False, "saved": None, "previews": {}}
    context |= {"follow_up": None, "early": False}
    context["errors"] = []
    context.update(shown, presenting=case["presenter_id"] == visit.person["id"])
    return visit.page("outcome.html", status, case=case, choices=CHOICES, **context)


def _answer(written: dict) -> dict:
    """The form in the API's shape; a score that is not a number stays text for the schema."""
    answer: dict = {"reflection": written["reflection"]}
    for name in ("onward_referral", "patient_status"):
        if written[name]:
            answer[name] = written[name]
    if written["management_changed"] in ("yes", "no"):
        answer["management_changed"] = written["management_changed"] == "yes"
    score = written["msk_hq"]
    answer["msk_hq"] = (int(score) if score.isdigit() else score) if score else None
    answer["actions_completed"] = written["actions_completed"] or None
    return answer


def _as_written(outcome: dict) -> dict:
    """A recorded outcome back in the form's words, to correct it."""
    written = {q.name: outcome.get(q.name) for q in QUESTIONS}
    written["management_changed"] = "yes" if outcome["management_changed"] else "no"
    return {name: "" if value is None else str(value) for name, value in written.items()}
