"""A presenter's days away keep their cases off those days; invited experts are told by email."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.support.api import eventually
from tests.support.events import invite_of
from tests.support.meetings import ADMIN, PHYSIO

LONDON = ZoneInfo("Europe/London")


def london_day(moment: str) -> str:
    return datetime.fromisoformat(moment).astimezone(LONDON).date().isoformat()


def conference_of(api, case: dict) -> dict:
    return api.get(f"/api/v1/conferences/{case['conference_id']}", PHYSIO).json()


def test_leave_entered_later_moves_the_presenters_cases_off_that_day_and_tells_them(api, mailbox):
    me = api.get("/api/v1/me", PHYSIO).json()
    case = api.submit_case(PHYSIO, title="Away: shoulder pain at night")
    case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    first = conference_of(api, case)
    day = london_day(first["starts_at"])

    marked = api.post(
        f"/api/v1/clinicians/{me['id']}/unavailability",
        PHYSIO,
        json={"dates": [day], "reason": "annual leave"},
    )
    assert marked.status_code == 201, marked.text

    moved = eventually(
        lambda: api.case(PHYSIO, case["id"]),
        lambda found: found["conference_id"] not in (None, first["id"]),
        20,
        "the case to move off the day of leave",
    )
    assert london_day(conference_of(api, moved)["starts_at"]) != day
    mailbox.wait_for(
        lambda mail: any(
            m.subject.startswith("Your case has moved") and PHYSIO in m.rcpt_to for m in mail
        ),
        20,
    )
    # A case submitted now does not go on that day either, though its meeting has room.
    later = api.submit_case(PHYSIO, title="Away: a second case after the leave")
    later = api.wait_for_case(PHYSIO, later["id"], "scheduled")
    assert london_day(conference_of(api, later)["starts_at"]) != day
    assert api.delete(f"/api/v1/clinicians/{me['id']}/unavailability/{day}", PHYSIO).ok


def test_an_invited_expert_gets_the_invite_and_is_told_when_the_case_is_withdrawn(api, mailbox):
    eventually(
        lambda: api.get("/api/v1/clinicians?page_size=500", ADMIN).json()["items"],
        lambda found: len(found) == 60,
        30,
        "every demo colleague's card",
    )  # every card is open before the case is matched
    case = api.submit_case(
        PHYSIO,
        title="Experts: hypermobile teenager with recurrent patellar subluxation",
        summary="Hypermobile, Beighton 7/9, recurrent kneecap dislocations; quads weak.",
        question="How hard to push proprioceptive loading?",
        body_region="knee",
    )
    case = api.wait_for_case(PHYSIO, case["id"], "scheduled")
    matched = {
        m["clinician_id"]
        for m in api.get(f"/api/v1/cases/{case['id']}/experts", PHYSIO).json()["items"]
    }

    def invited_for_this_case(conference):
        return [a for a in conference["attendees"] if a["role"] == "expert" and a["id"] in matched]

    conference = eventually(
        lambda: conference_of(api, case),
        invited_for_this_case,
        20,
        "one of the case's matches invited to its conference",
    )
    expert = invited_for_this_case(conference)[0]["email"]
    invitation = mailbox.wait_for(
        lambda mail: any(
            expert in m.rcpt_to and m.subject.startswith("Invitation: the expert") for m in mail
        ),
        20,
    )
    sent = next(m for m in invitation if expert in m.rcpt_to and "Invitation" in m.subject)
    method, calendar = invite_of(sent)
    assert method == "REQUEST" and str(calendar.events[0]["UID"]).startswith(conference["id"])
    assert "Why you" in sent.text and case["title"] in sent.text

    assert api.post(f"/api/v1/cases/{case['id']}/withdraw", PHYSIO).status_code == 200
    mailbox.wait_for(
        lambda mail: any(
            expert in m.rcpt_to and m.subject.startswith("No longer needed as the expert")
            for m in mail
        ),
        20,
    )
    after = conference_of(api, case)
    assert expert not in [a["email"] for a in after["attendees"] if a["role"] == "expert"]
