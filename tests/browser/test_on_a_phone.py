"""Between patients, on a phone: the pages people use most fit a small screen."""

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}
PAGES = {
    "physio@demo.nhs.uk": ["/", "/cases/new", "/conferences", "/actions", "/clinicians", "/me"],
    "coordinator@demo.nhs.uk": ["/coordinator", "/rota", "/series", "/reports", "/me/cpd"],
}


@pytest.mark.parametrize("email", sorted(PAGES))
def test_no_page_scrolls_sideways_on_a_phone(visit, email):
    person = visit(email.split("@")[0], **PHONE)
    person.log_in(email)
    too_wide = []
    for path in PAGES[email]:
        answer = person.open(path, check_as=f"phone{path.replace('/', '-') or '-home'}")
        assert answer.status == 200, path
        if person.page.evaluate("() => document.documentElement.scrollWidth > innerWidth"):
            too_wide.append(path)
    assert not too_wide, f"these pages scroll sideways on a phone: {too_wide}"


def test_the_chair_can_read_the_agenda_and_write_minutes_on_a_phone(visit, api):
    upcoming = api.get("/api/v1/conferences", "physio@demo.nhs.uk").json()["items"]
    conference = next(c for c in upcoming if c["chair"])
    chair = visit("chair", **PHONE)
    chair.log_in(conference["chair"]["email"])
    for path in (f"/conferences/{conference['id']}", f"/conferences/{conference['id']}/minutes"):
        answer = chair.open(path, check_as="phone-chair" + path.rsplit("/", 1)[-1][:8])
        assert answer.status == 200, path
        scrolls = chair.page.evaluate("() => document.documentElement.scrollWidth > innerWidth")
        assert not scrolls, f"{path} scrolls sideways on a phone"
