"""The gateway's security controls on the running product: headers, body limit, rate limit, logs.

Each is named in docs/security.md against the OWASP ASVS 5.0 requirement it meets.
The sign-in rate limit runs last: it uses up this module's sign-ins.
"""

import logging
import re

import requests

from tests.support.api import case_details

PHYSIO = "physio@demo.nhs.uk"
NHS_NUMBER = "943 476 5919"  # a valid test number (the 999 range is not needed: refused anyway)
WRONG_PASSWORD = "Correct-Horse-Battery-Staple-17"


def assert_secure_headers(response) -> None:
    policy = response.headers["Content-Security-Policy"]
    for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"):
        assert directive in policy, (response.request.url, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain http: nothing to pin


def test_every_kind_of_response_carries_the_security_headers(api):
    answers = [
        api.get("/openapi.json"),
        api.get("/api/v1/cases"),  # 401
        api.get("/api/v1/cases", PHYSIO),
        api.get("/api/v1/cases/not-an-id", PHYSIO),  # 404 from the parameter check
        api.get("/api/v1/no-such-thing"),  # the catch-all
        api.request("TRACE", "/api/v1/cases"),  # 405
        api.get("/login", headers={"Accept": "text/html"}),
        api.get("/static/app.css"),
        api.get("/me/cpd?format=html", PHYSIO, headers={"Accept": "text/html"}),
        api.get("/self-help/"),  # public pages
    ]
    for response in answers:
        assert_secure_headers(response)
    assert [r.status_code for r in answers[1:6]] == [401, 200, 404, 404, 405]


def test_the_printable_cpd_record_allows_only_its_own_style_by_hash(api):
    page = api.get("/api/v1/me/cpd?format=html", PHYSIO)
    assert page.status_code == 200 and "<style>" in page.text
    assert "style-src 'self' 'sha256-" in page.headers["Content-Security-Policy"]
    assert_secure_headers(page)


def test_the_session_cookie_is_host_only_secure_http_only_and_same_site(api):
    form = api.get("/login", headers={"Accept": "text/html"})
    cookie = form.headers["Set-Cookie"]
    assert cookie.startswith("__Host-")
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in cookie, cookie
    assert "Domain=" not in cookie


def session_cookie(response) -> str:
    """The session cookie a page set, to send back by hand: it is Secure, and requests
    (unlike a browser) sends no Secure cookie to http://127.0.0.1."""
    return response.headers["Set-Cookie"].split(";", 1)[0]


def test_a_page_with_a_path_value_that_cannot_be_an_id_is_page_not_found(api):
    form = requests.get(f"{api.base_url}/login", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    signed_in = requests.post(
        f"{api.base_url}/login",
        data={"email": PHYSIO, "password": "demo", "csrf_token": token},
        headers={"Cookie": session_cookie(form)},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 303, signed_in.text
    cookie = {"Cookie": session_cookie(signed_in)}
    assert requests.get(f"{api.base_url}/", headers=cookie, timeout=30).status_code == 200
    for path in ("/cases/not-a-case", "/conferences/99999999999999999999"):
        page = requests.get(f"{api.base_url}{path}", headers=cookie, timeout=30)
        assert page.status_code == 404 and "Page not found" in page.text, path


def test_hsts_pins_https_for_a_year_when_the_request_came_over_https(api):
    response = api.get("/openapi.json", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(api):
    huge = case_details(summary="x" * 1_200_000)
    response = api.post("/api/v1/cases", PHYSIO, json=huge)
    assert response.status_code == 413
    assert response.json()["error"] == "PAYLOAD_TOO_LARGE"
    assert "at most 1000000" in response.json()["message"]
    assert_secure_headers(response)


def test_no_secret_or_patient_text_reaches_the_logs_or_an_error_answer(api, caplog):
    caplog.set_level(logging.INFO)
    marker = "Zanzibar-lighthouse-keeper"
    answers = [
        api.post("/api/v1/auth/token", json={"email": PHYSIO, "password": WRONG_PASSWORD}),
        api.post("/api/v1/cases", PHYSIO, json=case_details(summary=f"NHS {NHS_NUMBER} seen.")),
        api.post("/api/v1/cases", PHYSIO, json=case_details(summary=f"{marker}: knee pain.")),
        api.get("/api/v1/cases", headers={"Authorization": "Bearer forged.token.value"}),
    ]
    assert [a.status_code for a in answers] == [401, 422, 201, 401]
    token = api.token(PHYSIO)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for secret in (WRONG_PASSWORD, NHS_NUMBER, marker, token, "forged.token.value"):
        assert secret not in logged
    for answer in answers:
        assert WRONG_PASSWORD not in answer.text and NHS_NUMBER not in answer.text


def test_sign_ins_refusals_and_forged_tokens_are_security_events_naming_no_secret(api, caplog):
    caplog.set_level(logging.INFO, logger="mskpeer.security")
    answers = [
        api.post("/api/v1/auth/token", json={"email": PHYSIO, "password": WRONG_PASSWORD}),
        api.post("/api/v1/auth/token", json={"email": PHYSIO, "password": "demo"}),
        api.get("/api/v1/cases", headers={"Authorization": "Bearer forged.token.value"}),
        api.get("/api/v1/reports/referrals", PHYSIO),  # a clinician, not a lead
    ]
    assert [a.status_code for a in answers] == [401, 200, 401, 403]
    logged = [r.security for r in caplog.records if r.name == "mskpeer.security"]
    kinds = [event["event"] for event in logged]
    for kind in ("sign_in.failed", "sign_in.succeeded", "token.rejected", "access.refused"):
        assert kind in kinds, kinds
    refused = next(event for event in logged if event["event"] == "access.refused")
    assert refused["route"].startswith("/api/v1/reports/referrals") and refused["person"]
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "mskpeer.security")
    for secret in (WRONG_PASSWORD, PHYSIO, answers[1].json()["access_token"], "forged.token"):
        assert secret not in text


def test_signing_in_too_often_from_one_address_is_refused_with_429_and_when_to_retry(api):
    attempts = [
        api.post("/api/v1/auth/token", json={"email": "nobody@demo.nhs.uk", "password": "x"})
        for _ in range(31)
    ]
    statuses = [a.status_code for a in attempts]
    assert statuses[0] == 401 and statuses[-1] == 429, statuses
    refused = attempts[-1]
    assert refused.json()["error"] == "TOO_MANY_REQUESTS"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    login_page = api.http.post(
        api.base_url + "/login", data={"email": PHYSIO, "password": "demo"}, timeout=30
    )
    assert login_page.status_code in (403, 429)  # no form token, or too many: never signed in
