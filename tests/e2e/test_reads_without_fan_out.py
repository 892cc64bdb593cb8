"""Reading stays a few calls however much there is to read, and follows scheduling's changes.

A page of fifty cases, a conference and the home page each cost the same few calls
between the product's parts as a page of one: the page stays fast as lists grow. Who
may read a case follows the panel as scheduling changes it, from cases' own copy of the
seats, and a case read asks scheduling nothing.
"""

import re

import requests
from sqlalchemy import select

from mskpeer.platform.database import make_engine
from services.cases import models as cases_tables
from tests.support.api import eventually
from tests.support.rpc_calls import counting

PHYSIO = "physio@demo.nhs.uk"
COORDINATOR = "coordinator@demo.nhs.uk"
LEADS = {PHYSIO, COORDINATOR, "admin@demo.nhs.uk"}  # the presenter, and who reads every case
MOST_CALLS = 3  # what any of these reads may cost, whatever the size of what it shows


def seats_copied(directory) -> bool:
    engine = make_engine(f"sqlite:///{directory / 'cases.db'}", green=False)
    try:
        with engine.connect() as connection:
            return connection.execute(select(cases_tables.read_models)).first() is not None
    finally:
        engine.dispose()


def panel(api, conference_id) -> dict[str, str]:
    """Everyone seated on a conference (not the presenter nor a lead), by email: their role."""
    conference = api.get(f"/api/v1/conferences/{conference_id}", PHYSIO).json()
    seats = {a["email"]: a["role"] for a in conference["attendees"]}
    if conference["chair"]:
        seats[conference["chair"]["email"]] = "chair"
    return {email: role for email, role in seats.items() if email not in LEADS}


def scheduled(api, title) -> dict:
    case = api.submit_case(PHYSIO, title=title)
    return api.wait_for_case(PHYSIO, case["id"], "scheduled")


def signed_in(base: str, email: str) -> requests.Session:
    """A browser-like client signed in to the web app (its cookies are Secure: kept plain)."""
    web = requests.Session()

    def keep(response, *args, **kwargs):
        for cookie in response.cookies:
            web.cookies.set(cookie.name, cookie.value)

    web.hooks["response"].append(keep)
    form = web.get(f"{base}/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    done = web.post(
        f"{base}/login",
        data={"email": email, "password": "demo", "csrf_token": csrf},
        allow_redirects=False,
    )
    assert done.status_code in (302, 303), done.text
    return web


def test_a_list_a_conference_and_the_home_page_cost_a_few_calls_whatever_their_size(
    api, embedded_product
):
    cases = [scheduled(api, f"Fan-out: knee case {n}") for n in range(4)]
    eventually(lambda: seats_copied(embedded_product[2]), bool, 30, "cases' copy of the seats")
    conference_id = cases[0]["conference_id"]
    insider = sorted(panel(api, conference_id))[0]  # sees the cases of their conferences
    web = signed_in(api.base_url, PHYSIO)
    for reader in (insider, PHYSIO):  # the gateway asks staff once whether a sign-in stands
        assert api.get("/api/v1/cases?page_size=1", reader).status_code == 200

    with counting() as calls:
        for size in (1, 10, 50):
            page = api.get(f"/api/v1/cases?page_size={size}", insider)
            assert page.status_code == 200 and page.json()["items"], page.text
        for size in (1, 10, 50):
            page = api.get(f"/api/v1/cases?page_size={size}", PHYSIO)
            assert len(page.json()["items"]) == min(size, page.json()["total"])
        assert api.get(f"/api/v1/cases/{cases[0]['id']}", insider).status_code == 200
        assert api.get(f"/api/v1/conferences/{conference_id}", PHYSIO).status_code == 200
        home = web.get(f"{api.base_url}/")
        assert home.status_code == 200 and "Fan-out: knee case 0" in home.text

    lists = calls.requests("list_cases")
    assert len(lists) == 6
    assert len({len(made) for made in lists}) == 1, f"a longer page cost more calls: {lists}"
    for entrypoint in ("list_cases", "get_case", "get_conference", "home"):
        for made in calls.requests(entrypoint):
            assert len(made) <= MOST_CALLS, f"{entrypoint} made {len(made)} calls: {made}"
    # Deciding who may read a case asks cases' own copy of the seats, not scheduling.
    asked = [c for made in calls.by_request.values() for c in made]
    assert "scheduling.conferences_attended" not in asked
    # Nor, once the gateway knows their sign-in stands, the staff service.
    assert "staff.sign_in_state" not in asked


def test_who_may_read_a_case_follows_its_moves_and_its_panels_changes(api):
    case = scheduled(api, "Fan-out: a case that moves, Achilles")
    first = case["conference_id"]
    before = panel(api, first)
    done = api.post(f"/api/v1/conferences/{first}/cancel", COORDINATOR, json={"reason": "Strike"})
    assert done.status_code == 200, done.text

    moved = eventually(
        lambda: api.case(PHYSIO, case["id"]),
        lambda c: c["conference_id"] not in (None, first),
        20,
        "the case to move to another conference",
    )
    after = panel(api, moved["conference_id"])
    left_behind = sorted(set(before) - set(after))[0]
    newcomer = sorted(set(after) - set(before) - {e for e, r in after.items() if r == "expert"})[0]
    read = f"/api/v1/cases/{case['id']}"
    assert api.get(read, newcomer).status_code == 200  # on the panel it moved to
    refused = api.get(read, left_behind)
    assert refused.status_code == 403 and refused.json()["error"] == "NOT_YOUR_CONFERENCE"

    # The newcomer cannot come: once scheduling takes them off that panel, the case is closed
    # to them, and whoever took their seat may read it.
    declined = api.post(
        f"/api/v1/conferences/{moved['conference_id']}/decline", newcomer, json={"reason": "Leave"}
    )
    assert declined.status_code == 200, declined.text
    eventually(lambda: api.get(read, newcomer).status_code, lambda s: s == 403, 20, "a refusal")
    replaced = panel(api, moved["conference_id"])
    for email in sorted(set(replaced) - set(after)):
        eventually(lambda e=email: api.get(read, e).status_code, lambda s: s == 200, 20, email)

    withdrawn = api.post(f"{read}/withdraw", PHYSIO)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    eventually(
        lambda: api.get(f"/api/v1/conferences/{moved['conference_id']}", PHYSIO).json(),
        lambda c: case["id"] not in {item["case_id"] for item in c["agenda"]},
        20,
        "the withdrawn case to leave the agenda",
    )
