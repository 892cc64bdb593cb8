"""The outcome chart: several leads opening the reports page at once each get theirs, and a
drawer that died, stalled or was given a chart it cannot draw leaves the next chart drawn."""

import sys
from base64 import b64decode

import eventlet
import pytest

from services.outcomes import chart_drawer
from services.outcomes.chart_drawer import ChartDrawer, ChartNotDrawn

REPORT = {
    "group_by": "body_region",
    "by_month": [
        {"month": "2026-10", "referral_avoided_rate": 0.5, "referral_intended": 2},
        {"month": "2026-11", "referral_avoided_rate": None, "referral_intended": 0},
    ],
    "groups": [
        {"key": "knee", "label": "Knee", "referral_avoided_rate": 1.0, "referral_intended": 1},
    ],
}
PNG = b"\x89PNG"


@pytest.fixture
def drawer():
    made = ChartDrawer()
    yield made
    made.stop()


def test_charts_asked_for_at_the_same_moment_are_all_drawn(drawer):
    pool = eventlet.GreenPool()
    drawing = [pool.spawn(drawer.png_base64, REPORT, f"Outcome evidence {n}") for n in range(4)]
    with eventlet.Timeout(60):
        charts = [each.wait() for each in drawing]
    assert all(b64decode(chart).startswith(PNG) for chart in charts)
    assert len(set(charts)) == 4, "each lead gets the chart with their own title"


def test_the_hub_keeps_serving_while_a_chart_is_drawn(drawer):
    drawer.png_base64(REPORT, "started")  # the drawer's start-up is not the point here
    ticks = []

    def tick():
        while True:
            ticks.append(1)
            eventlet.sleep(0.01)

    ticking = eventlet.spawn(tick)
    drawer.png_base64(REPORT, "Outcome evidence")
    ticking.kill()
    assert len(ticks) >= 5, "other green threads ran while the chart was drawn"


def test_a_drawer_that_died_is_started_again_for_the_next_chart(drawer):
    drawer.png_base64(REPORT, "first")
    drawer._child.kill()
    drawer._child.wait()
    assert b64decode(drawer.png_base64(REPORT, "second")).startswith(PNG)


def test_a_chart_that_cannot_be_drawn_is_refused_and_the_next_one_is_drawn(drawer):
    with pytest.raises(ChartNotDrawn, match="KeyError"):
        drawer.png_base64({"group_by": "site"}, "no months")
    assert b64decode(drawer.png_base64(REPORT, "after")).startswith(PNG)


def test_a_drawer_that_never_answers_is_given_up_on_in_time(monkeypatch):
    monkeypatch.setattr(chart_drawer, "TAKES_AT_MOST", 0.5)
    silent = ChartDrawer([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with eventlet.Timeout(10), pytest.raises(ChartNotDrawn, match="no chart in time"):
            silent.png_base64(REPORT, "never")
        assert silent._child is None, "the stalled drawer was stopped, not left running"
    finally:
        silent.stop()
