"""What makes a password acceptable: long enough and not one everybody tries first.

NCSC guidance: length and a deny-list of common passwords protect better than
composition rules (a capital, a digit, a symbol), which only push people to
`Password1!`. So: at least 10 characters, and not a common password once its
case, spaces and trailing digits or symbols are set aside.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 200
_DECORATION = re.compile(r"[\d\W_]+$")


@cache
def _common() -> frozenset[str]:
    lines = (Path(__file__).with_name("common_passwords.txt")).read_text().splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def _plain(text: str) -> str:
    squeezed = "".join(text.lower().split())
    return _DECORATION.sub("", squeezed) or squeezed


def problem(password: str, person: dict | None = None) -> str | None:
    """What is wrong with a new password, in words for its owner; None when it will do."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters: a few words together are easy to remember"
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters"
    plain = _plain(password)
    if plain in _common() or "".join(password.lower().split()) in _common():
        return "This password is one of the most common: choose something less guessable"
    for word in _own_words(person or {}):
        if plain == word:
            return "Do not use your own name or email address as your password"
    return None


def _own_words(person: dict) -> set[str]:
    words = {_plain(person.get("name", "")), _plain(person.get("email", "").split("@")[0])}
    return {word for word in words if word}
