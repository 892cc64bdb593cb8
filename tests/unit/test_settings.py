"""Durations in configuration, as people write them: 42d, 12h, 500ms."""

from datetime import timedelta

import pytest

from mskpeer.platform.settings import BadSetting, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42d", timedelta(days=42)),
        ("7d", timedelta(days=7)),
        ("12h", timedelta(hours=12)),
        ("90m", timedelta(minutes=90)),
        ("3s", timedelta(seconds=3)),
        ("500ms", timedelta(milliseconds=500)),
        ("2w", timedelta(weeks=2)),
        ("0.2s", timedelta(milliseconds=200)),
        ("1.5h", timedelta(minutes=90)),
        ("30", timedelta(seconds=30)),
        (" 7d ", timedelta(days=7)),
    ],
)
def test_a_duration_is_read_in_the_unit_it_is_written_in(text, expected):
    assert parse_duration(text) == expected


def test_ninety_minutes_is_not_ninety_months():
    assert parse_duration("90m") < timedelta(days=1)


@pytest.mark.parametrize("text", ["", "d", "six weeks", "42 days", "-3s", "3x", "7d2h", "1e3"])
def test_a_duration_nobody_can_read_is_refused(text):
    with pytest.raises(BadSetting, match="not a duration"):
        parse_duration(text)


def test_a_refused_duration_is_still_a_value_error_for_callers_that_expect_one():
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_the_demo_is_seeded_only_on_the_embedded_defaults_unless_asked(monkeypatch):
    from mskpeer.platform.settings import SERVICES, seeds_demo

    for name in ("AMQP_URI", "SEED_DEMO", *(f"{s.upper()}_DATABASE_URL" for s in SERVICES)):
        monkeypatch.delenv(name, raising=False)
    assert seeds_demo()
    monkeypatch.setenv("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
    assert not seeds_demo()
    monkeypatch.setenv("SEED_DEMO", "1")
    assert seeds_demo()
    monkeypatch.delenv("AMQP_URI")
    monkeypatch.delenv("SEED_DEMO")
    monkeypatch.setenv("STAFF_DATABASE_URL", "postgresql://db/staff")
    assert not seeds_demo()
