"""Turning a template and its data into HTML: escaped, with times as London reads them."""

from __future__ import annotations

import functools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from contracts import policy
from gateway.pages.words import STATE_TAGS, tag_words, words

LONDON = ZoneInfo("Europe/London")


def london(moment: str | datetime | None) -> datetime | None:
    if not moment:
        return None
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return value.astimezone(LONDON)


def when(moment) -> str:
    """ "Wednesday 3 December 2025 at 12:30", in London time, as the meeting invite says."""
    local = london(moment)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}" if local else ""


def clock_time(moment) -> str:
    local = london(moment)
    return f"{local:%H:%M}" if local else ""


def day(value) -> str:
    """ "3 December 2025" for a date or an ISO date."""
    if not value:
        return ""
    value = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{value.day} {value:%B %Y}"


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gateway", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,  # a missing value is a bug to see, not a blank to miss
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        words=words,
        tag_words=tag_words,
        when=when,
        clock_time=clock_time,
        day=day,
        state_tag=lambda state: STATE_TAGS.get(state, ""),
        # `person | may("referral.triage")`: what a menu offers follows the one access policy.
        may=lambda person, action: bool(person) and policy.has_role_for(person, action),
    )
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
