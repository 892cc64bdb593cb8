"""A new password: long enough and not one everybody tries first; no composition rules."""

import pytest

from services.staff.passwords import MIN_LENGTH, problem

PRIYA = {"name": "Priya Dale", "email": "priya.dale@demo.nhs.uk"}


@pytest.mark.parametrize(
    "password",
    ["kettle harbour violet", "correcthorsebatterystaple", "all lower case words", "é" * 12],
)
def test_long_uncommon_passwords_are_accepted_without_capitals_digits_or_symbols(password):
    assert problem(password, PRIYA) is None


def test_a_short_password_is_refused_with_the_length_to_reach():
    assert str(MIN_LENGTH) in problem("Xq7!pLm2", PRIYA)


@pytest.mark.parametrize(
    "password",
    ["password123", "Password123!", "P@ssw0rd2024", "qwertyuiop", "Liverpool1892", "letmein 2025"],
)
def test_common_passwords_are_refused_however_they_are_decorated(password):
    assert "common" in problem(password, PRIYA)


def test_ones_own_name_or_email_is_refused():
    assert "own name" in problem("Priya Dale 2025", PRIYA)
    assert "own name" in problem("priya.dale!!!", {"name": "P", "email": "priya.dale@nhs.net"})
