"""The public self-help site through the gateway: no sign-in, cached pages, search, feedback."""

from __future__ import annotations

import re

import pytest

from gateway.self_help.feedback import PER_CLIENT

PHYSIO = "physio@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"
BACK = "/self-help/conditions/low-back-pain-and-sciatica/"
SECTIONS = ("", "symptoms", "self-help", "exercises", "work-and-activity", "when-to-get-help")


def feedback_form(api, path: str) -> dict:
    html = api.get(path).text
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', html).group(1)
    return {"page": path, "form_token": token}


def test_the_home_page_needs_no_sign_in_sets_no_cookie_and_may_be_cached(api):
    response = api.http.get(api.base_url + "/self-help/", timeout=10)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["ETag"]
    html = response.text
    order = [html.index(s) for s in ("Common problems", 'action="/self-help/search"')]
    order += [html.index(s) for s in (">How to refer yourself<", ">Get help now<")]
    assert order == sorted(order), "common problems, then search, then refer and get help"
    assert "Submit a case" not in html and "Log out" not in html  # no staff navigation


def test_a_page_unchanged_since_the_browser_kept_it_answers_304_without_a_body(api):
    first = api.http.get(api.base_url + BACK, timeout=10)
    again = api.http.get(
        api.base_url + BACK, headers={"If-None-Match": first.headers["ETag"]}, timeout=10
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    other = api.http.get(api.base_url + BACK, headers={"If-None-Match": '"old"'}, timeout=10)
    assert other.status_code == 200 and other.content == first.content


def test_each_condition_has_six_pages_with_a_contents_list_and_a_printable_exercise_sheet(api):
    for part in SECTIONS:
        page = api.get(BACK + part)
        assert page.status_code == 200, part
        assert page.text.count("nhsuk-contents-list__item") == 6
    when = api.get(BACK + "when-to-get-help").text
    for level in ("emergency", "urgent", "non-urgent"):
        assert f"nhsuk-card--care--{level}" in when
    sheet = api.get(BACK + "exercises/print").text
    drawings = re.findall(r'src="(/self-help/drawings/[\w-]+\.svg)"', sheet)
    assert len(drawings) >= 3
    drawing = api.get(drawings[0])
    assert drawing.status_code == 200 and drawing.headers["Content-Type"] == "image/svg+xml"
    assert "<svg" in drawing.text
    assert api.get(BACK.rstrip("/"), allow_redirects=False).headers["Location"] == BACK


def test_the_cross_cutting_pages_sites_and_services_are_served(api):
    for path in (
        "/self-help/get-help-now",
        "/self-help/how-to-refer-yourself",
        "/self-help/pain-medicines",
        "/self-help/keeping-active-and-working",
        "/self-help/sites/poole-hospital",
        "/self-help/services/msk_esp",
    ):
        assert api.get(path).status_code == 200, path


def test_a_page_that_does_not_exist_is_a_page_not_found(api):
    response = api.get("/self-help/conditions/housemaids-knee/")
    assert response.status_code == 404 and "Page not found" in response.text


def test_search_corrects_a_misspelling_and_puts_the_best_match_first(api):
    html = api.get("/self-help/search", params={"q": "sciatca"}).text
    assert "Showing results for <strong>sciatica</strong>" in html
    results = html[html.index('class="nhsuk-list app-results"') :]
    assert re.search(r'<a href="([^"]+)"', results).group(1) == BACK


def test_a_search_that_finds_nothing_suggests_where_to_go(api):
    html = api.get("/self-help/search", params={"q": "qwertyuiop"}).text
    assert "We found nothing for" in html and "You could try" in html


def test_the_public_sites_are_the_sites_the_staff_side_knows(api):
    staff = {site["name"] for site in api.get("/api/v1/sites", PHYSIO).json()["items"]}
    public_html = api.get("/self-help/sites").text
    public = set(re.findall(r'<a href="/self-help/sites/[\w-]+">([^<]+)</a>', public_html))
    assert len(staff) == 11 and public == staff


def test_feedback_is_stored_without_a_session_and_reported_per_page_to_coordinators(api):
    form = feedback_form(api, BACK + "exercises")
    sent = api.http.post(
        api.base_url + "/self-help/feedback",
        data={**form, "helpful": "no", "comment": "More pictures please"},
        timeout=10,
    )
    assert sent.status_code == 200 and "Thank you for your feedback" in sent.text
    assert "Set-Cookie" not in sent.headers
    report = api.get("/api/v1/reports/page-feedback", COORDINATOR).json()["pages"]
    row = next(r for r in report if r["page"] == BACK + "exercises")
    assert (row["helpful"], row["not_helpful"]) == (0, 1)
    assert row["comments"][0]["comment"] == "More pictures please"
    assert api.get("/api/v1/reports/page-feedback", PHYSIO).status_code == 403


def test_a_comment_that_could_identify_someone_is_refused_and_nothing_is_stored(api):
    form = feedback_form(api, "/self-help/get-help-now")
    refused = api.post(
        "/self-help/feedback",
        data={**form, "helpful": "yes", "comment": "Ring me on 07700 900123"},
    )
    assert refused.status_code == 400
    assert "could identify you" in refused.text and "We have not saved anything" in refused.text
    report = api.get("/api/v1/reports/page-feedback", COORDINATOR).json()["pages"]
    assert "/self-help/get-help-now" not in [r["page"] for r in report]


def test_feedback_needs_the_pages_own_form_token_an_answer_and_our_own_origin(api):
    form = feedback_form(api, "/self-help/sites")
    wrong_page = api.post(
        "/self-help/feedback", data={**form, "page": "/self-help/pain-medicines", "helpful": "yes"}
    )
    assert wrong_page.status_code == 400 and "not one of our pages" in wrong_page.text
    no_answer = api.post("/self-help/feedback", data=form)
    assert no_answer.status_code == 400 and "Select yes or no" in no_answer.text
    elsewhere = api.post(
        "/self-help/feedback",
        data={**form, "helpful": "yes"},
        headers={"Origin": "https://evil.example"},
    )
    assert elsewhere.status_code == 403


@pytest.mark.parametrize("attempts", [PER_CLIENT + 1])
def test_one_client_sending_feedback_again_and_again_is_slowed_down(api, attempts):
    form = feedback_form(api, "/self-help/sites")
    answers = [
        api.post("/self-help/feedback", data={**form, "helpful": "yes"}).status_code
        for _ in range(attempts)
    ]
    assert answers[-1] == 429 and 200 in answers
