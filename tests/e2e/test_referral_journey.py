"""The self-referral pages without a browser: one question per page, kept server-side."""

import re

import pytest
import requests

from tests.support.referrals import PATIENT, referral, staff_token

ELIGIBLE = [
    ("age-16-or-over", {"age_16_or_over": "yes"}),
    ("gp-practice", {"gp_practice": "Z99002"}),
    ("under-treatment-for-this", {"under_treatment_for_this": "no"}),
    ("referred-for-this-in-last-6-months", {"referred_for_this_in_last_6_months": "no"}),
    ("condition", {"condition": "none"}),
]
FLAGS = [
    "bladder-or-bowel-change",
    "saddle-numbness",
    "symptoms-in-both-legs",
    "sexual-function-change",
    "both-arms-or-legs-weak-or-numb",
    "injury-possible-fracture",
    "hot-swollen-joint-or-fever",
    "cancer-history-with-night-pain-or-weight-loss",
]
PROBLEM = [
    ("body-area", {"body_area": "knee"}),
    ("duration-weeks", {"duration_weeks": "5"}),
    ("pain-score", {"pain_score": "4"}),
    ("worse-with", {"worse_with": "stairs"}),
    ("better-with", {"better_with": ""}),
    ("night-pain", {"night_pain": "no"}),
    ("affects-work", {"affects_work": "yes"}),
    ("affects-sleep", {"affects_sleep": "no"}),
    ("tried", {"tried": "ice"}),
]
ABOUT = [
    ("name", {"name": "Philippa Wrenhaven"}),
    (
        "date-of-birth",
        {"date_of_birth-day": "4", "date_of_birth-month": "5", "date_of_birth-year": "1970"},
    ),
    ("nhs-number", {"nhs_number": ""}),
    ("address", {"address": "3 Mill Lane"}),
    ("postcode", {"postcode": "LS2 7AB"}),
    ("phone", {"phone": "0113 496 0001"}),
    ("email", {"email": "philippa@example.org"}),
    ("may-leave-message", {"may_leave_message": "yes"}),
    ("interpreter-language", {"interpreter_language": ""}),
    ("access-needs", {"access_needs": ""}),
]


def browser() -> requests.Session:
    """A client that keeps the pages' cookies; they are Secure, which a browser sends to
    localhost over http but requests does not, so they are kept as plain ones."""
    web = requests.Session()

    def keep(response, *args, **kwargs):
        for cookie in response.cookies:
            web.cookies.set(cookie.name, cookie.value)

    web.hooks["response"].append(keep)
    return web


def token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def answer(web, base, slug, data, headers=None):
    page = web.get(f"{base}/refer/q/{slug}", headers=headers)
    assert page.status_code == 200, page.text
    return web.post(
        f"{base}/refer/q/{slug}",
        data={**data, "csrf_token": token(page.text)},
        headers=headers,
        allow_redirects=False,
    )


def walk(web, base, steps, headers=None):
    web.get(f"{base}/refer/", headers=headers)
    for slug, data in steps:
        sent = answer(web, base, slug, data, headers)
        assert sent.status_code == 303, f"{slug}: {sent.text[:300]}"
    return sent


def test_an_eligible_person_goes_through_checks_answers_and_gets_a_reference(api, mailbox):
    web, base = browser(), api.base_url
    flags = [(slug, {slug.replace("-", "_"): "no"}) for slug in FLAGS]
    last = walk(web, base, [*ELIGIBLE, *flags, *PROBLEM, *ABOUT])
    assert last.headers["Location"] == "/refer/check"
    check = web.get(f"{base}/refer/check")
    assert "Philippa Wrenhaven" in check.text and "4 May 1970" in check.text
    assert 'href="/refer/q/postcode?change=1"' in check.text
    # Change one answer: back to check answers, not through the rest.
    changed = web.get(f"{base}/refer/q/pain-score?change=1")
    sent = web.post(
        f"{base}/refer/q/pain-score?change=1",
        data={"pain_score": "7", "csrf_token": token(changed.text)},
        allow_redirects=False,
    )
    assert sent.headers["Location"] == "/refer/check"
    csrf = token(web.get(f"{base}/refer/check").text)
    first = web.post(f"{base}/refer/check", data={"csrf_token": csrf}, allow_redirects=False)
    again = web.post(f"{base}/refer/check", data={"csrf_token": csrf}, allow_redirects=False)
    assert first.status_code == again.status_code == 303, first.text[-1500:]
    assert first.headers["Location"] == again.headers["Location"]  # one referral, one reference
    done = web.get(base + first.headers["Location"])
    assert 'href="/self-help/conditions/knee-pain-and-osteoarthritis/"' in done.text
    reference = first.headers["Location"].split("reference=")[1].split("&")[0]
    mailbox.wait_for(lambda ms: any(reference in m.subject for m in ms), timeout=20)

    status_page = web.get(f"{base}/refer/status")
    found = web.post(
        f"{base}/refer/status",
        data={
            "csrf_token": token(status_page.text),
            "reference": reference,
            "date_of_birth-day": "4",
            "date_of_birth-month": "5",
            "date_of_birth-year": "1970",
        },
    )
    assert "waiting to be read by a physiotherapist" in found.text


def test_a_yes_to_a_red_flag_stops_at_once_with_the_emergency_care_card(api):
    web, base = browser(), api.base_url
    walk(web, base, ELIGIBLE)
    stopped = answer(web, base, "saddle-numbness", {"saddle_numbness": "yes"})
    assert stopped.status_code == 200
    assert "nhsuk-card--care--emergency" in stopped.text
    assert "Call 999 or go to A&amp;E now" in stopped.text


def test_someone_outside_the_area_is_told_where_to_go_straight_away(api):
    web, base = browser(), api.base_url
    walk(web, base, ELIGIBLE[:1])
    refused = answer(web, base, "gp-practice", {"gp_practice": "none"})
    assert "You cannot refer yourself to this service" in refused.text
    assert "Ask your own GP practice" in refused.text


def test_a_missing_answer_is_named_on_its_page(api):
    web, base = browser(), api.base_url
    web.get(f"{base}/refer/")
    sent = answer(web, base, "age-16-or-over", {})
    assert sent.status_code == 400 and "Select yes or no" in sent.text


def test_a_call_handler_reads_the_script_and_the_referral_records_the_call(api):
    web, base = browser(), api.base_url
    _, person = staff_token(api, "call_handler")
    form = web.get(f"{base}/login")
    signed_in = web.post(
        f"{base}/login",
        data={"email": person["email"], "password": "demo", "csrf_token": token(form.text)},
        allow_redirects=False,
    )
    assert signed_in.status_code == 303, signed_in.text
    assert "taking a referral by phone" in web.get(f"{base}/refer/").text
    flags = [(slug, {slug.replace("-", "_"): "no"}) for slug in FLAGS]
    script = web.get(f"{base}/refer/q/saddle-numbness").text
    assert "Read this out to the caller word for word" in script
    walk(web, base, [*ELIGIBLE, *flags, *PROBLEM, *ABOUT])
    csrf = token(web.get(f"{base}/refer/check").text)
    sent = web.post(f"{base}/refer/check", data={"csrf_token": csrf}, allow_redirects=False)
    reference = sent.headers["Location"].split("reference=")[1].split("&")[0]
    triage, _ = staff_token(api, "triage")
    queue = api.get("/api/v1/referrals?page_size=500", headers=triage).json()["items"]
    taken = next(item for item in queue if item["reference"] == reference)
    assert (taken["channel"], taken["taken_by"]) == ("phone", person["id"])


def signed_in(api, email):
    web = browser()
    form = web.get(f"{api.base_url}/login")
    data = {"email": email, "password": "demo", "csrf_token": token(form.text)}
    assert web.post(f"{api.base_url}/login", data=data, allow_redirects=False).status_code == 303
    return web


def test_triage_decides_from_the_queue_and_sees_the_same_persons_other_referrals(api):
    someone = {"name": "Perpetua Harrowgate", "nhs_number": "943 476 5919", "postcode": "LS6 1AA"}
    made = [
        api.post("/api/v1/referrals", json=referral(about_you=someone, problem=problem)).json()
        for problem in ({"body_area": "hip"}, {"body_area": "shoulder"})
    ]
    web, base = signed_in(api, "triage@demo.nhs.uk"), api.base_url
    home = web.get(f"{base}/", allow_redirects=False)
    assert home.headers["Location"] == "/triage"  # their home is the queue
    queue = web.get(f"{base}/triage").text
    assert made[0]["reference"] in queue and "None: 8 of 8 answered No" in queue
    assert "Perpetua" not in queue  # the queue names nobody

    page = web.get(f"{base}/triage/{made[1]['id']}")
    assert "Perpetua Harrowgate" in page.text and "943 476 5919" in page.text
    assert made[0]["reference"] in page.text.split('id="same-person"')[1]
    path = f"{base}/triage/{made[1]['id']}"
    decision = {"priority": "routine", "destination": "physiotherapy"}
    decision["csrf_token"] = token(page.text)
    refused = web.post(path, data=decision, allow_redirects=False)
    assert refused.status_code == 400 and 'href="#site"' in refused.text
    scored = {**decision, "site": "south", "start_msk_score": "10", "msk_hq_score": "28"}
    decided = web.post(path, data=scored, allow_redirects=False)
    assert decided.headers["Location"].endswith("?done=triaged")
    shown = web.get(base + decided.headers["Location"]).text
    assert "Decision recorded" in shown and "South Clinic" in shown
    assert "High risk (total 10)" in shown  # the group follows from the tool's total

    triage, person = staff_token(api, "triage")
    contradicts = {"priority": "soon", "destination": "gp", "start_msk_score": 3}
    contradicts["start_msk_group"] = "high"
    first = f"/api/v1/referrals/{made[0]['id']}/triage"
    refused = api.post(first, json=contradicts, headers=triage)
    assert refused.status_code == 422 and "start_msk_group" in refused.json()["fields"]
    trail = api.get(f"/api/v1/referrals/{made[1]['id']}/audit", headers=triage).json()["items"]
    assert {(person["id"], "read"), (person["id"], "triage")} <= {
        (e["actor_id"], e["action"]) for e in trail
    }


@pytest.mark.parametrize(
    "email", ["physio@demo.nhs.uk", "coordinator@demo.nhs.uk", "callhandler@demo.nhs.uk"]
)
def test_only_triage_sees_the_queue_or_a_referral(api, email):
    made = api.post("/api/v1/referrals", json=referral()).json()
    web = signed_in(api, email)
    for path in ("/triage", f"/triage/{made['id']}"):
        page = web.get(api.base_url + path)
        assert page.status_code == 403 and PATIENT["name"] not in page.text, path


def test_staying_on_the_page_keeps_the_answers_and_the_form_for_longer(api):
    web, base = browser(), api.base_url
    walk(web, base, ELIGIBLE[:2])
    page = web.get(f"{base}/refer/q/under-treatment-for-this").text
    left = int(re.search(r'data-seconds-left="(\d+)"', page).group(1))
    assert 7 * 3600 < left <= 8 * 3600  # the visitor's session, sooner than the answers' day
    kept = web.post(
        f"{base}/refer/keep",
        data={"csrf_token": token(page), "next": "/refer/q/under-treatment-for-this"},
        headers={"Accept": "application/json"},
    )
    assert kept.status_code == 200 and kept.json()["seconds_left"] >= left
    assert "Set-Cookie" in kept.headers  # the session, renewed with the same form token
    plain = web.post(
        f"{base}/refer/keep",
        data={"csrf_token": token(page), "next": "/refer/q/under-treatment-for-this"},
        allow_redirects=False,
    )
    assert plain.headers["Location"] == "/refer/q/under-treatment-for-this"  # without JavaScript
    assert 'value="Z99002" checked' in web.get(f"{base}/refer/q/gp-practice").text


def test_someone_triaged_to_urgent_care_is_told_to_go_today_not_to_wait(api):
    made = api.post("/api/v1/referrals", json=referral()).json()
    triage, _ = staff_token(api, "triage")
    decision = {"priority": "urgent", "destination": "urgent_care"}
    path = f"/api/v1/referrals/{made['id']}/triage"
    assert api.post(path, json=decision, headers=triage).status_code == 200
    web, base = browser(), api.base_url
    form = web.get(f"{base}/refer/status")
    born = dict(zip(("day", "month", "year"), ("4", "5", "1970"), strict=True))
    asked = {f"date_of_birth-{part}": value for part, value in born.items()}
    found = web.post(
        f"{base}/refer/status",
        data={"csrf_token": token(form.text), "reference": made["reference"], **asked},
    )
    assert "Go to A&amp;E or an urgent treatment centre today" in found.text
    assert "Do not wait for us to contact you" in found.text


def test_before_the_first_question_and_after_sending_the_person_is_told_when_to_call_999(api):
    web, base = browser(), api.base_url
    start = web.get(f"{base}/refer/").text
    done = web.get(f"{base}/refer/confirmation?reference=MSK-ABCD-EFGH").text
    assert start.index("Call 999 or go to A&amp;E now") < start.index("Start now")
    for page in (start, done):
        assert "999 or go to A&amp;E now" in page
        assert "bladder or bowel" in page and "numbness between your legs" in page
