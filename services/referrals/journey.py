"""The web journey's answers, kept here as the person goes (sealed like a referral).

A timeout, a closed tab or a lost phone signal loses nothing: each page saves
its answer, and the check-answers page submits the draft once, with the draft's
id as the idempotency key, so pressing Submit twice (or Back then Submit)
gives the same reference. Drafts are deleted once submitted or after
DRAFT_LIFETIME, whichever comes first.

Once the answers say who the person is, they are shown only within
REFER_ANSWERS_OPEN_FOR (30 minutes) of the last answer or "Stay on this page": on
a shared computer, whoever sits down later must not read a stranger's name, date
of birth and address. The person's date of birth opens them again; UNLOCK_TRIES
wrong ones delete them.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

from sqlalchemy import delete, insert, select, update

from contracts.api.referrals import ANSWERS_HIDDEN
from contracts.errors import Forbidden, Invalid, NotFound
from mskpeer.platform.clock import aware
from mskpeer.platform.entrypoints import rpc
from mskpeer.platform.settings import parse_duration
from services.referrals import eligibility, models, referring, repository, rules

D = models.drafts
DRAFT_LIFETIME = timedelta(hours=24)
SECTIONS = ("channel", "eligibility", "red_flags", "problem", "about_you")
UNLOCK_TRIES = 3


class Journey:
    @rpc(expected_exceptions=(NotFound, Invalid, Forbidden))
    def save_answers(self, draft_id, answers):
        """Merge one page's answers into the draft (a new draft without an id)."""
        if not isinstance(answers, dict) or set(answers) - set(SECTIONS):
            raise Invalid("INVALID_INPUT", f"answers are grouped by {', '.join(SECTIONS)}")
        now = self.clock()
        new = not draft_id
        with self.db.transaction() as tx:
            saved = {} if new else self._open_draft(tx, draft_id)
            draft_id = draft_id or str(uuid.uuid4())
            for section, value in answers.items():
                saved[section] = (
                    {**saved.get(section, {}), **value} if isinstance(value, dict) else value
                )
            sealed = self.keyring.seal(json.dumps(saved), draft_id, "draft")
            if new:
                tx.session.execute(
                    insert(D).values(id=draft_id, sealed_answers=sealed, updated_at=now)
                )
            else:
                tx.session.execute(
                    update(D)
                    .where(D.c.id == draft_id)
                    .values(sealed_answers=sealed, updated_at=now)
                )
        return {"draft_id": draft_id, "answers": saved}

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def draft_answers(self, draft_id):
        """The answers so far, and how long they are kept if nothing more is saved."""
        with self.db.transaction() as tx:
            answers = self._open_draft(tx, draft_id)
            kept_for = self._kept_for(tx, draft_id)
            open_for = self._open_for(tx, draft_id, answers)
        return {
            "draft_id": draft_id,
            "answers": answers,
            "kept_for_seconds": kept_for,
            "open_for_seconds": open_for,  # until hidden; None while they say nobody's name
        }

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def keep_draft(self, draft_id):
        """ "Stay on this page": the answers are kept for another DRAFT_LIFETIME from now."""
        with self.db.transaction() as tx:
            answers = self._open_draft(tx, draft_id)  # gone: NotFound; hidden: Forbidden
            tx.session.execute(update(D).where(D.c.id == draft_id).values(updated_at=self.clock()))
            return {
                "draft_id": draft_id,
                "kept_for_seconds": self._kept_for(tx, draft_id),
                "open_for_seconds": self._open_for(tx, draft_id, answers),
            }

    @rpc(expected_exceptions=(NotFound, Forbidden))
    def unlock_draft(self, draft_id, date_of_birth):
        """Hidden answers shown again to whoever gives the date of birth in them."""
        with self.db.transaction() as tx:
            answers = self._draft(tx, draft_id)
            row = tx.session.execute(select(D).where(D.c.id == draft_id).with_for_update()).one()
            if answers.get("about_you", {}).get("date_of_birth") in (None, date_of_birth):
                tx.session.execute(
                    update(D).where(D.c.id == draft_id).values(updated_at=self.clock(), tries=0)
                )
                return {"draft_id": draft_id}
            tries = row.tries + 1
            if tries >= UNLOCK_TRIES:  # someone else's: the answers go
                tx.session.execute(
                    update(D).where(D.c.id == draft_id).values(sealed_answers=None, tries=tries)
                )
            else:
                tx.session.execute(update(D).where(D.c.id == draft_id).values(tries=tries))
        if tries >= UNLOCK_TRIES:
            raise NotFound("DRAFT_NOT_FOUND", "those answers have been deleted; start again")
        left = UNLOCK_TRIES - tries
        raise Forbidden(
            "NOT_THE_SAME_DATE_OF_BIRTH",
            f"That is not the date of birth in these answers. You can try {left} more "
            f"time{'s' if left > 1 else ''} before they are deleted.",
        )

    @rpc
    def eligibility_refusal(self, answers, date_of_birth=None):
        """The journey asks as it goes: None, or why not and where to go instead."""
        with self.db.transaction() as tx:
            _, current = rules.current(tx.session)
        complete = {
            "age_16_or_over": True,
            "gp_practice": current["gp_practices"][0]["code"],
            "under_treatment_for_this": False,
            "referred_for_this_in_last_6_months": False,
            **answers,
        }
        born = _date(date_of_birth)
        refused = eligibility.check(current, complete, born, self.clock().date())
        return refused and {
            "rule": refused.rule,
            "reason": refused.reason,
            "go_instead": refused.go_instead,
        }

    @rpc(expected_exceptions=(NotFound, Invalid, Forbidden))
    def submit_draft(self, draft_id, taken_by=None):
        """Submit the draft's answers, once; the draft then goes (it holds identity)."""
        with self.db.transaction() as tx:
            row = tx.session.execute(select(D).where(D.c.id == draft_id)).first()
        if row is not None and row.reference:  # sent before: the same answer again
            with self.db.transaction() as tx:
                referral = repository.by_reference(tx.session, row.reference)
            return referring.created(referral.id, referral.reference, referral.body_area)
        answers = self.draft_answers(draft_id)["answers"]  # hidden: Forbidden, as for a page
        created = self.submit_referral(answers, taken_by, idempotency_key=f"draft:{draft_id}")
        with self.db.transaction() as tx:
            tx.session.execute(
                update(D)
                .where(D.c.id == draft_id)
                .values(sealed_answers=None, reference=created["reference"])
            )
        return created

    def _kept_for(self, tx, draft_id) -> int:
        saved = tx.session.execute(select(D.c.updated_at).where(D.c.id == draft_id)).scalar_one()
        return max(0, int((aware(saved) + DRAFT_LIFETIME - self.clock()).total_seconds()))

    def _open_for(self, tx, draft_id, answers: dict) -> int | None:
        if not answers.get("about_you"):
            return None
        saved = tx.session.execute(select(D.c.updated_at).where(D.c.id == draft_id)).scalar_one()
        ends = aware(saved) + self._shown_for() - self.clock()
        return max(0, int(ends.total_seconds()))

    def _shown_for(self) -> timedelta:
        return parse_duration(self.config.get("REFER_ANSWERS_OPEN_FOR") or "30m")

    def _open_draft(self, tx, draft_id) -> dict:
        """The answers, unless they say who someone is and have been left too long."""
        answers = self._draft(tx, draft_id)
        if self._open_for(tx, draft_id, answers) == 0:
            raise Forbidden(
                ANSWERS_HIDDEN, "these answers are hidden; give the date of birth in them"
            )
        return answers

    def _draft(self, tx, draft_id) -> dict:
        row = tx.session.execute(select(D).where(D.c.id == str(draft_id))).first()
        if row is None or row.sealed_answers is None:
            raise NotFound("DRAFT_NOT_FOUND", "those answers are no longer kept; start again")
        return json.loads(self.keyring.open(row.sealed_answers, row.id, "draft"))


def _date(text):
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def forget_stale_drafts(session, now) -> None:
    session.execute(delete(D).where(D.c.updated_at < now - DRAFT_LIFETIME))
