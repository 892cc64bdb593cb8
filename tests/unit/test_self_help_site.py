"""The self-help pages as the site renders them: once, then from memory, the same for everyone."""

from __future__ import annotations

import pytest

from gateway.self_help import content
from gateway.self_help.site import SelfHelpSite
from tests.unit.test_self_help_content import SAMPLE

BACK = "/self-help/conditions/low-back-pain-and-sciatica/"


@pytest.fixture
def site() -> SelfHelpSite:
    return SelfHelpSite(content.load(SAMPLE), "a secret")


def test_a_page_is_rendered_once_and_then_served_from_memory(site):
    first = site.get(BACK + "exercises")
    assert first.status == 200 and b"Knee to chest stretch" in first.body
    assert site.get(BACK + "exercises") is first
    assert first.etag != site.get(BACK).etag


def test_an_address_nobody_serves_is_not_kept(site):
    for n in range(3):
        assert site.get(f"/self-help/conditions/made-up-{n}/").status == 404
    assert not any("made-up" in path for path in site._kept)


def test_a_condition_without_its_slash_is_sent_to_it(site):
    moved = site.get(BACK.rstrip("/"))
    assert (moved.status, moved.location) == (308, BACK)


def test_the_when_to_get_help_page_shows_the_three_care_cards_in_order(site):
    html = site.get(BACK + "when-to-get-help").body.decode()
    cards = ["Call 999 or go to A&amp;E now", "call 111", "Refer yourself to physiotherapy"]
    assert [html.index(card) for card in cards] == sorted(html.index(card) for card in cards)
    assert "You have pain or weakness in both legs." in html


def test_a_drawing_is_served_as_written(site):
    drawing = site.get("/self-help/drawings/sample-bridge.svg")
    assert drawing.content_type == "image/svg+xml"
    assert drawing.body == (SAMPLE / "drawings" / "sample-bridge.svg").read_bytes()


def test_each_pages_feedback_form_carries_that_pages_own_token(site):
    html = site.get("/self-help/get-help-now").body.decode()
    assert f'value="{site.form_token("/self-help/get-help-now")}"' in html
    assert site.form_token("/self-help/get-help-now") != site.form_token("/self-help/sites")
