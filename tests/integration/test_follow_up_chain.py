"""The follow-up chain over RabbitMQ and PostgreSQL, with durations in seconds.

A queue of the test's own on `outcomes.events` hears every step, so each can
be counted, also across a stop and a start of the product.
"""

import time
import uuid
from datetime import UTC, datetime

import pytest

from contracts import events
from contracts.envelope import Envelope
from mskpeer.platform.publisher import EventPublisher
from tests.support.api import eventually
from tests.support.event_tap import EventTap
from tests.support.outcomes import PHYSIO, discuss

STEPS = [events.FOLLOW_UP_DUE, events.FOLLOW_UP_REMINDED, events.FOLLOW_UP_ESCALATED]
REVIEW_STEPS = [events.REVIEW_DUE, events.REVIEW_REMINDED, events.REVIEW_ESCALATED]
ANSWER = {"onward_referral": "none", "management_changed": True, "patient_status": "improved"}


@pytest.fixture
def tap(amqp_uri):
    tap = EventTap(amqp_uri, "outcomes", ["follow_up.*", "review.*", "outcome.*"])
    yield tap
    tap.close()


def discussed_case(api, title: str) -> tuple[dict, dict]:
    case = api.submit_case(PHYSIO, title=title)
    return case, discuss(api, [case])


def follow_up_state(api, case_id: str) -> str:
    cases = api.get("/api/v1/me/cpd", PHYSIO).json()["cases_presented"]
    return next(c["follow_up"] for c in cases if c["case_id"] == case_id)


def test_unanswered_the_presenter_is_asked_reminded_then_the_chair_told_then_it_closes(
    product_on_rabbitmq, tap, mail_sink
):
    with product_on_rabbitmq(
        FOLLOW_UP_AFTER="1s", FOLLOW_UP_REMINDER_AFTER="1s", FOLLOW_UP_ESCALATE_AFTER="1s"
    ) as api:
        case, meeting = discussed_case(api, "Chain: plantar heel pain for a year")

        tap.wait_for(lambda _: tap.of_case(case["id"]) == STEPS, 30, "the whole chain")
        eventually(lambda: follow_up_state(api, case["id"]), lambda s: s == "no_response", 15)
        mail_sink.wait_for(
            lambda mail: any(
                meeting["chair"]["email"] in m.rcpt_to and case["title"] in m.subject for m in mail
            )
        )
        api.wait_for_case(PHYSIO, case["id"], "outcome_pending")
        dues = [e.data["due_at"] for e in tap.heard if e.data["case_id"] == case["id"]]
        assert dues == sorted(dues)
        # A late answer is still evidence: it is taken, and the case closes.
        late = api.post(f"/api/v1/cases/{case['id']}/outcome", PHYSIO, json=ANSWER)
        assert late.status_code == 201, late.text
        api.wait_for_case(PHYSIO, case["id"], "closed")
    assert tap.of_case(case["id"]) == [*STEPS, events.OUTCOME_RECORDED]


def test_an_outcome_stops_the_chain_and_the_reviews_follow_in_their_own_words(
    product_on_rabbitmq, tap
):
    with product_on_rabbitmq(
        FOLLOW_UP_AFTER="1s",
        FOLLOW_UP_REMINDER_AFTER="3s",
        FOLLOW_UP_ESCALATE_AFTER="1s",
        FOLLOW_UP_LATER="5s",
    ) as api:
        case, _meeting = discussed_case(api, "Chain: Achilles pain, answered early")
        tap.wait_for(lambda _: tap.of_case(case["id"]) == STEPS[:1], 20, "the request")
        answered = api.post(f"/api/v1/cases/{case['id']}/outcome", PHYSIO, json=ANSWER)
        assert answered.status_code == 201, answered.text

        # the review five seconds after the discussion, then its reminder
        tap.wait_for(
            lambda _: events.REVIEW_REMINDED in tap.of_case(case["id"]), 30, "the review's reminder"
        )
        review = api.post(
            f"/api/v1/cases/{case['id']}/outcome", PHYSIO, json={**ANSWER, "msk_hq": 44}
        )
        assert review.status_code == 201, review.text
        assert review.json()["round"] == 2
        assert (
            api.get(f"/api/v1/cases/{case['id']}/outcome", PHYSIO).json()["reviews"][0]["msk_hq"]
            == 44
        )
        no_more = api.post(f"/api/v1/cases/{case['id']}/outcome", PHYSIO, json=ANSWER)
        assert no_more.status_code == 409

    heard = tap.of_case(case["id"])
    assert heard == [
        events.FOLLOW_UP_DUE,
        events.OUTCOME_RECORDED,
        events.REVIEW_DUE,
        events.REVIEW_REMINDED,
    ]
    rounds = [e.data.get("round") for e in tap.heard if e.event_type in REVIEW_STEPS]
    assert rounds == [2, 2]


def test_a_withdrawn_case_is_asked_about_no_more(product_on_rabbitmq, amqp_uri, tap):
    with product_on_rabbitmq(FOLLOW_UP_AFTER="3s") as api:
        case, _meeting = discussed_case(api, "Chain: withdrawn after its discussion")
        # Cases allows a withdrawal only before the discussion today; announce one
        # as cases would if that rule changed, and outcomes must stop asking.
        withdrawn = Envelope.new(
            events.CASE_WITHDRAWN,
            {
                "case_id": case["id"],
                "conference_id": None,
                "withdrawn_by": case["presenter_id"],
                "withdrawn_at": case["created_at"],
            },
            now=datetime.now(UTC),
            schema_version=1,
            correlation_id=str(uuid.uuid4()),
        )
        EventPublisher(amqp_uri).publish_all([withdrawn])
        refused = eventually(
            lambda: api.post(f"/api/v1/cases/{case['id']}/outcome", PHYSIO, json=ANSWER),
            lambda r: r.status_code == 409,
            15,
            "the chain to be cancelled",
        )
        assert refused.json()["error"] == "CASE_WITHDRAWN"
        # a chain that was not cancelled would have asked by now (3 s) and again
        other, _ = discussed_case(api, "Chain: still asked about")
        tap.wait_for(lambda _: tap.of_case(other["id"]) == STEPS[:1], 20, "the other's request")
    assert tap.of_case(case["id"]) == []


def test_after_a_restart_every_step_that_fell_due_is_released_once_in_order(
    product_on_rabbitmq, tap
):
    timings = dict(
        FOLLOW_UP_AFTER="4s", FOLLOW_UP_REMINDER_AFTER="1s", FOLLOW_UP_ESCALATE_AFTER="1s"
    )
    with product_on_rabbitmq(**timings) as api:
        cases = [api.submit_case(PHYSIO, title=f"Restart: knee pain {n}") for n in range(3)]
        discuss(api, cases)
        assert all(tap.of_case(c["id"]) == [] for c in cases)
    # Down for longer than the whole chain: due, reminder, escalation and close all pass.
    _pause(8)
    with product_on_rabbitmq(**timings) as api:
        for case in cases:
            tap.wait_for(lambda _, c=case: tap.of_case(c["id"]) == STEPS, 30, "the backlog")
            eventually(lambda c=case: follow_up_state(api, c["id"]), lambda s: s == "no_response")
        _pause(2)  # a second copy of a step would come within a timer tick or two
    for case in cases:
        heard = [e for e in tap.drain() if e.data["case_id"] == case["id"]]
        assert [e.event_type for e in heard] == STEPS
        assert [e.data["due_at"] for e in heard] == sorted(e.data["due_at"] for e in heard)


def _pause(seconds: float) -> None:
    """Let time pass while nothing runs (the product is stopped): not a wait for a result."""
    time.sleep(seconds)
