"""A small HTTP client for the gateway, in the words of the people using it."""

from __future__ import annotations

import time

import requests

PASSWORD = "demo"


class ApiClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()
        self._tokens: dict[str, str] = {}

    def request(self, method: str, path: str, as_user: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if as_user:
            headers["Authorization"] = f"Bearer {self.token(as_user)}"
        return self.http.request(
            method, self.base_url + path, headers=headers, timeout=30, **kwargs
        )

    def get(self, path, as_user=None, **kwargs):
        return self.request("GET", path, as_user, **kwargs)

    def post(self, path, as_user=None, **kwargs):
        return self.request("POST", path, as_user, **kwargs)

    def put(self, path, as_user=None, **kwargs):
        return self.request("PUT", path, as_user, **kwargs)

    def patch(self, path, as_user=None, **kwargs):
        return self.request("PATCH", path, as_user, **kwargs)

    def delete(self, path, as_user=None, **kwargs):
        return self.request("DELETE", path, as_user, **kwargs)

    def token(self, email: str) -> str:
        if email not in self._tokens:
            response = self.http.post(
                self.base_url + "/api/v1/auth/token",
                json={"email": email, "password": PASSWORD},
                timeout=30,
            )
            assert response.status_code == 200, response.text
            self._tokens[email] = response.json()["access_token"]
        return self._tokens[email]

    def submit_case(self, as_user: str, **overrides) -> dict:
        response = self.post("/api/v1/cases", as_user, json=case_details(**overrides))
        assert response.status_code == 201, response.text
        return response.json()

    def case(self, as_user: str, case_id: str) -> dict:
        response = self.get(f"/api/v1/cases/{case_id}", as_user)
        assert response.status_code == 200, response.text
        return response.json()

    def wait_for_case(self, as_user: str, case_id: str, status: str, timeout: float = 20) -> dict:
        return eventually(
            lambda: self.case(as_user, case_id),
            lambda c: c["status"] == status,
            timeout,
            f"case {case_id} to become {status}",
        )


def case_details(**overrides) -> dict:
    details = {
        "kind": "patient_case",
        "title": "Persistent lateral elbow pain despite loading",
        "summary": "Forties, manual worker, 14 weeks of lateral elbow pain; "
        "eccentric loading for 8 weeks with little change. No red flags.",
        "question": "Is it worth trying isometrics before referring for an injection?",
        "body_region": "elbow",
        "urgency": "routine",
        "intended_plan": "refer_orthopaedics",
    }
    details.update(overrides)
    return details


def eventually(fetch, predicate, timeout: float = 20, what: str = "a condition"):
    """Poll until predicate(fetch()) holds; a bounded wait, never a bare sleep."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if predicate(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last seen: {value!r}")
        time.sleep(0.05)
