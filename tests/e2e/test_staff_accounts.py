"""Joining and getting back in: invitations, single-use links, forgotten passwords."""

import sqlite3

from tests.support.api import eventually
from tests.support.staff import link_sent_to, newcomer

COORDINATOR = "coordinator@demo.nhs.uk"
PHYSIO = "physio@demo.nhs.uk"
GOOD_PASSWORD = "kettle harbour violet"


def sign_in(api, email, password):
    return api.post("/api/v1/auth/token", json={"email": email, "password": password})


def test_an_invited_colleague_sets_a_password_once_and_signs_in(api, mailbox):
    invitation = newcomer(roles=["clinician", "chair"], band=7)
    invited = api.post("/api/v1/staff/invitations", COORDINATOR, json=invitation)
    assert invited.status_code == 201, invited.text
    assert invited.json()["invited"] and invited.json()["roles"] == ["clinician", "chair"]
    assert sign_in(api, invitation["email"], "anything at all").status_code == 401

    token = link_sent_to(mailbox, invitation["email"], "You are invited")
    weak = api.post("/api/v1/auth/set-password", json={"token": token, "password": "password1"})
    assert weak.status_code == 422 and "password" in weak.json()["fields"], weak.text
    done = api.post("/api/v1/auth/set-password", json={"token": token, "password": GOOD_PASSWORD})
    assert done.status_code == 200, done.text

    signed_in = sign_in(api, invitation["email"], GOOD_PASSWORD)
    assert signed_in.status_code == 200, signed_in.text
    auth = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    me = api.get("/api/v1/me", headers=auth).json()
    assert (me["name"], me["band"], me["site"]) == (invitation["name"], 7, "Poole Hospital")
    again = api.post(
        "/api/v1/auth/set-password", json={"token": token, "password": "other words here"}
    )
    assert again.status_code == 422 and again.json()["error"] == "LINK_NOT_VALID"
    # They are on the list as signed up, not invited.
    listed = api.get(f"/api/v1/staff?q={invitation['email']}", COORDINATOR).json()["items"]
    assert [p["invited"] for p in listed] == [False]


def test_an_invitation_sent_again_replaces_the_first_link(api, mailbox):
    invitation = newcomer()
    person = api.post("/api/v1/staff/invitations", COORDINATOR, json=invitation).json()
    first = link_sent_to(mailbox, invitation["email"], "You are invited")
    resent = api.post(f"/api/v1/staff/{person['id']}/invitation", COORDINATOR)
    assert resent.status_code == 200, resent.text
    second = link_sent_to(mailbox, invitation["email"], "You are invited", after=1)
    assert second != first
    old = api.post("/api/v1/auth/set-password", json={"token": first, "password": GOOD_PASSWORD})
    assert old.status_code == 422
    new = api.post("/api/v1/auth/set-password", json={"token": second, "password": GOOD_PASSWORD})
    assert new.status_code == 200


def test_once_the_invitation_is_sent_no_table_holds_its_link(embedded_product, api, mailbox):
    """Anyone who can read the staff outbox or the delivery log (or a backup of them)
    must not be able to set a newcomer's password before they do."""
    invitation = newcomer()
    api.post("/api/v1/staff/invitations", COORDINATOR, json=invitation)
    token = link_sent_to(mailbox, invitation["email"], "You are invited")
    directory = embedded_product[2]

    def places_holding_it():
        found = []
        for service, sql in (
            ("staff", "select envelope from outbox"),
            ("notifications", "select text || html from deliveries where status = 'sent'"),
        ):
            with sqlite3.connect(directory / f"{service}.db") as db:
                if any(token in row[0] for row in db.execute(sql)):
                    found.append(service)
        return found

    eventually(places_holding_it, lambda found: found == [], 20, "the link to be withheld")
    # The emailed link still works, once.
    done = api.post("/api/v1/auth/set-password", json={"token": token, "password": GOOD_PASSWORD})
    assert done.status_code == 200, done.text


def test_a_bad_invitation_names_what_is_wrong_and_stores_nobody(api):
    refused = api.post(
        "/api/v1/staff/invitations",
        COORDINATOR,
        json=newcomer(band=9, site="Atlantis General", roles=["surgeon"]),
    )
    assert refused.status_code == 422
    assert {"band", "roles"} <= set(refused.json()["fields"])
    unknown_site = api.post(
        "/api/v1/staff/invitations", COORDINATOR, json=newcomer(site="Atlantis")
    )
    assert unknown_site.status_code == 422 and "site" in unknown_site.json()["fields"]
    twice = api.post("/api/v1/staff/invitations", COORDINATOR, json=newcomer(email=PHYSIO))
    assert twice.status_code == 409 and twice.json()["error"] == "EMAIL_TAKEN"
    assert api.post("/api/v1/staff/invitations", PHYSIO, json=newcomer()).status_code == 403
    assert api.post("/api/v1/staff/invitations", json=newcomer()).status_code == 401


def test_a_forgotten_password_gets_the_same_answer_and_a_one_hour_link(api, mailbox):
    invitation = newcomer()
    api.post("/api/v1/staff/invitations", COORDINATOR, json=invitation)
    token = link_sent_to(mailbox, invitation["email"], "You are invited")
    api.post("/api/v1/auth/set-password", json={"token": token, "password": GOOD_PASSWORD})

    known = api.post("/api/v1/auth/forgot-password", json={"email": invitation["email"]})
    unknown = api.post("/api/v1/auth/forgot-password", json={"email": "nobody@demo.nhs.uk"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    reset = link_sent_to(mailbox, invitation["email"], "Set a new password")
    changed = api.post(
        "/api/v1/auth/set-password", json={"token": reset, "password": "lantern orchard pebble"}
    )
    assert changed.status_code == 200, changed.text
    assert sign_in(api, invitation["email"], GOOD_PASSWORD).status_code == 401
    assert sign_in(api, invitation["email"], "lantern orchard pebble").status_code == 200
    assert not [m for m in mailbox.messages() if "nobody@demo.nhs.uk" in m.rcpt_to]


def test_the_self_referral_demo_accounts_sign_in_with_their_roles(api):
    for email, role in (
        ("triage@demo.nhs.uk", "triage"),
        ("callhandler@demo.nhs.uk", "call_handler"),
    ):
        me = api.get("/api/v1/me", email)
        assert me.status_code == 200, me.text
        assert me.json()["roles"] == [role]


def test_the_staff_list_is_searched_and_filtered_for_coordinators_only(api):
    chairs = api.get("/api/v1/staff?role=chair&status=active&page_size=500", COORDINATOR)
    assert chairs.status_code == 200, chairs.text
    assert chairs.json()["items"] and all("chair" in p["roles"] for p in chairs.json()["items"])
    at_poole = api.get("/api/v1/staff?site=Poole%20Hospital&band=7", COORDINATOR).json()["items"]
    assert all(p["site"] == "Poole Hospital" and p["band"] == 7 for p in at_poole)
    found = api.get("/api/v1/staff?q=cora", COORDINATOR).json()["items"]
    assert [p["email"] for p in found] == [COORDINATOR]
    assert api.get("/api/v1/staff", PHYSIO).status_code == 403
    wrong = api.get("/api/v1/staff?band=12", COORDINATOR)
    assert wrong.status_code == 422 and "band" in wrong.json()["fields"]
