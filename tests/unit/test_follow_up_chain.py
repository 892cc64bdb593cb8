"""The follow-up chain as a state machine: due, remind, escalate, answer and withdraw in any order.

hypothesis drives time forward by random amounts (a timer that was down for
weeks catches up step by step, as the release loop does), answers, withdraws
and single timer ticks in random order, and checks after every move what a
presenter, a chair and the cases service would notice.
"""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from contracts import events
from contracts.events import spec_for
from services.outcomes import domain
from services.outcomes.domain import FollowUp, Timings
from services.outcomes.service import MONTH, later_reviews

DISCUSSED_AT = datetime(2026, 3, 11, 13, 30, tzinfo=UTC)
DAY = timedelta(days=1)
FIRST = (events.FOLLOW_UP_DUE, events.FOLLOW_UP_REMINDED, events.FOLLOW_UP_ESCALATED)
REVIEW = (events.REVIEW_DUE, events.REVIEW_REMINDED, events.REVIEW_ESCALATED)
DISCUSSED = {
    "case_id": "case-hip-7",
    "conference_id": "conf-2026-03-11",
    "chair": {"id": "clin-b8-chair", "name": "Ola Berg", "email": "ola.berg@nhs.example.uk"},
    "title": "Lateral hip pain, gluteal tendinopathy not settling",
    "intended_plan": "refer_orthopaedics",
    "presenter": {"id": "clin-b5-hip", "name": "Kit Lee", "email": "kit.lee@nhs.example.uk"},
    "discussed_at": DISCUSSED_AT.isoformat(),
}


class FollowUpChain(RuleBasedStateMachine):
    @initialize(
        reminder_days=st.integers(1, 14),
        escalate_days=st.integers(1, 14),
        reviews=st.sampled_from([(), (3,), (3, 6)]),
    )
    def discussed(self, reminder_days, escalate_days, reviews):
        self.timings = Timings(
            timedelta(days=42),
            timedelta(days=reminder_days),
            timedelta(days=escalate_days),
            later=tuple(months * MONTH for months in reviews),
        )
        self.chain = FollowUp.after_discussion("fu-1", DISCUSSED, DISCUSSED_AT, self.timings)
        self.now = DISCUSSED_AT
        self.released: list[tuple[int, str, datetime]] = []  # (round, event, due_at)
        self.answered: dict[int, int] = {}  # round -> how many events were out when answered
        self.answered_any = False
        self.withdrawn = False
        self.versions = [self.chain.version]

    def _step(self) -> None:
        before = self.chain
        after, event_type = before.advance(self.timings)
        if event_type is not None:
            data = before.event_data()
            assert spec_for(event_type).validate(data) == {}
            self.released.append((before.round, event_type, before.due_at))
        self._moved(before, after)

    def _moved(self, before: FollowUp, after: FollowUp) -> None:
        if after != before:
            assert after.version == before.version + 1  # two timers can never both take a step
        self.chain = after
        self.versions.append(after.version)

    @rule(days=st.integers(0, 120))
    def time_passes_and_the_timer_catches_up(self, days):
        self.now += days * DAY
        while self.chain.status == domain.ACTIVE and self.chain.due_at <= self.now:
            self._step()

    @precondition(lambda self: self.chain.status == domain.ACTIVE and self.chain.due_at <= self.now)
    @rule()
    def one_timer_tick(self):
        self._step()

    @rule()
    def the_presenter_answers(self):
        # As recording does: the first answer (the outcome) may come any time and
        # stops the round that asked; a review is answered only once asked for.
        chain = self.chain
        if chain.status != domain.ACTIVE:
            self._moved(chain, chain.complete())  # a late answer changes nothing
            return
        if chain.asked or (not self.answered_any and chain.round == 1):
            self.answered[chain.round] = len(self.released)
            self._moved(chain, chain.complete())
        self.answered_any = True

    @rule()
    def the_case_is_withdrawn(self):
        if self.chain.status == domain.ACTIVE:
            self.withdrawn = True
        self._moved(self.chain, self.chain.cancel())

    @invariant()
    def nothing_is_sent_before_it_is_due(self):
        assert all(due <= self.now for _round, _event, due in self.released)

    @invariant()
    def steps_go_out_in_order_each_once_per_round(self):
        rounds: dict[int, list[str]] = {}
        for round_, event_type, _due in self.released:
            rounds.setdefault(round_, []).append(event_type)
        for round_, sent in rounds.items():
            expected = FIRST if round_ == 1 else REVIEW
            assert tuple(sent) == expected[: len(sent)], (round_, sent)
        assert [due for *_, due in self.released] == sorted(due for *_, due in self.released)
        assert list(rounds) == sorted(rounds)

    @invariant()
    def an_answered_round_asks_no_more(self):
        for round_, sent_before in self.answered.items():
            assert [r for r, *_ in self.released[sent_before:] if r == round_] == []
        if self.chain.status != domain.ACTIVE:
            assert self.chain.advance(self.timings) == (self.chain, None)

    @invariant()
    def a_withdrawn_case_is_never_asked_about_again(self):
        if self.withdrawn:
            assert self.chain.status == domain.CANCELLED
            assert self.chain.advance(self.timings) == (self.chain, None)

    @invariant()
    def reviews_come_when_they_were_planned_and_no_more_of_them(self):
        assert self.chain.round <= 1 + len(self.timings.later)
        for round_, event_type, due in self.released:
            if event_type == events.REVIEW_DUE:
                assert due == DISCUSSED_AT + self.timings.later[round_ - 2]

    @invariant()
    def versions_only_go_up(self):
        assert self.versions == sorted(self.versions)


FollowUpChain.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
test_the_follow_up_chain_as_a_state_machine = FollowUpChain.TestCase


TIMINGS = Timings(timedelta(days=42), timedelta(days=7), timedelta(days=7), later=(3 * MONTH,))


def test_an_answer_moves_the_chain_on_to_the_review_three_months_after_the_discussion():
    asked, event = FollowUp.after_discussion("fu", DISCUSSED, DISCUSSED_AT, TIMINGS).advance(
        TIMINGS
    )

    review = asked.complete()

    assert event == events.FOLLOW_UP_DUE
    assert (review.status, review.round, review.next_step) == (domain.ACTIVE, 2, domain.DUE)
    assert review.due_at == DISCUSSED_AT + 3 * MONTH
    assert review.event_data()["round"] == 2
    assert review.advance(TIMINGS)[1] == events.REVIEW_DUE


def test_an_unanswered_first_round_still_leads_to_the_review():
    current = FollowUp.after_discussion("fu", DISCUSSED, DISCUSSED_AT, TIMINGS)
    for _ in range(4):
        current, _event = current.advance(TIMINGS)

    assert (current.status, current.round) == (domain.ACTIVE, 2)


def test_a_review_earlier_than_the_first_request_is_dropped():
    early = Timings(timedelta(days=42), DAY, DAY, later=(timedelta(days=30), 6 * MONTH))

    chain = FollowUp.after_discussion("fu", DISCUSSED, DISCUSSED_AT, early)

    assert chain.reviews == (DISCUSSED_AT + 6 * MONTH,)


def test_withdrawing_cancels_an_active_chain_but_not_a_finished_one():
    chain = FollowUp.after_discussion("fu", DISCUSSED, DISCUSSED_AT, TIMINGS)
    finished = FollowUp.after_discussion("fu", DISCUSSED, DISCUSSED_AT, Timings(DAY, DAY, DAY))
    finished = finished.complete()

    assert chain.cancel().status == domain.CANCELLED
    assert finished.cancel() == finished


@given(st.lists(st.sampled_from(["3mo", "6mo", "90d", "5s", "1.5mo"]), max_size=3))
def test_later_reviews_read_months_and_any_duration(parts):
    waits = later_reviews(",".join(parts))

    assert len(waits) == len(parts)
    assert all(wait > timedelta(0) for wait in waits)


def test_later_reviews_are_off_unless_set():
    assert later_reviews("") == () == later_reviews(None)
    assert later_reviews("3mo, 6mo") == (3 * MONTH, 6 * MONTH)
