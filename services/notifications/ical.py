"""iCalendar content lines (RFC 5545 section 3.1), written as text.

Building icalendar's objects and serialising them took ~2 ms of CPU an invite,
the largest part of a burst's calendar work. An invite is a few lines, each a
name, parameters and a value; these are the rules they need.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

CRLF = "\r\n"
LINE_OCTETS = 75  # before the CRLF; a longer line continues after CRLF and a space
_TEXT = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": None})
_PARAMETER = str.maketrans({"^": "^^", "\n": "^n", '"': "^'", "\r": None})
_ENDS_A_PARAMETER = frozenset(':;," ')


def line(name: str, value: str, /, **params: str) -> str:
    """One content line, folded. Parameter names are given in snake case (`cutype`, ...)."""
    head = "".join(f";{key.upper().replace('_', '-')}={param(v)}" for key, v in params.items())
    return fold(f"{name}{head}:{value}")


def text(value: str) -> str:
    """A TEXT value (3.3.11): backslash, semicolon and comma escaped, a line break as \\n."""
    return value.replace("\r\n", "\n").translate(_TEXT)


def param(value: str) -> str:
    """A parameter value (3.2), quoted when it holds a character that would end it.

    A double quote or a line break cannot be written in one as it is: they go
    in RFC 6868's caret escapes, so a name with them still reads back whole.
    """
    value = value.replace("\r\n", "\n").translate(_PARAMETER)
    return f'"{value}"' if _ENDS_A_PARAMETER.intersection(value) else value


def fold(content: str) -> str:
    """The line, ending CRLF, split into lines of at most 75 octets, never inside a
    UTF-8 character."""
    data = content.encode()
    if len(data) <= LINE_OCTETS:
        return content + CRLF
    pieces, start, room = [], 0, LINE_OCTETS
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        pieces.append(data[start:end].decode())
        start, room = end, LINE_OCTETS - 1  # the leading space counts
    return (CRLF + " ").join(pieces) + CRLF


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """A DATE-TIME in a named zone, to go with a TZID parameter (form 3)."""
    return moment.astimezone(zone).strftime("%Y%m%dT%H%M%S")


def utc_time(moment: datetime) -> str:
    """A DATE-TIME in UTC (form 2)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
