"""The outcome chart: several leads opening the reports page at once each get theirs."""

import eventlet

from services.outcomes.charts import render_png

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


def test_charts_asked_for_at_the_same_moment_are_all_drawn():
    # Two at once in tpool threads once hung the outcomes service for good.
    pool = eventlet.GreenPool()
    drawing = [pool.spawn(render_png, REPORT, f"Outcome evidence {n}") for n in range(4)]
    with eventlet.Timeout(60):
        charts = [each.wait() for each in drawing]
    assert all(chart.startswith(b"\x89PNG") for chart in charts)
