"""The content check: what must hold before self-help content reaches the public.

It fails the build (tests/unit/test_self_help_content.py, and `mskpeer content check`), so
a page that a clinician has not signed off, that is out of date, that reads too hard, or
that lacks its "when to get help" cards never goes live. Pure: `today` is given.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit
from xml.etree import ElementTree

import textstat

from gateway.self_help.content import (
    BODY_AREAS,
    CARE_LEVELS,
    CONDITION_FIELDS,
    CONDITIONS,
    PAGE_FIELDS,
    PAGES,
    SECTIONS,
    Article,
    Library,
    as_date,
    review_overdue,
)

# NHS content aims at a reading age of 9 to 11; grade 7 is a reading age of about 12.
MAX_GRADE = 7.0
MAX_DRAWING_BYTES = 3 * 1024
SVG = "{http://www.w3.org/2000/svg}"
# Back problems and leg symptoms can hide cauda equina syndrome, which needs surgery within
# hours: the emergency card must name its signs in words a person would notice.
# "leg" with no joint of the leg means pain felt down the leg (from the back); "leg" beside
# a knee or hip is that joint's own pain, where cauda equina signs would only confuse.
LEG_JOINTS = {"hip", "knee", "ankle-and-foot"}
# Whole words: "poor" is not "poo", and "during" not "urine".
CAUDA_EQUINA_SIGNS = {
    "bladder or peeing": r"\b(?:bladder|pee|peeing|wee|weeing|urin\w*)\b",
    "bowel or poo": r"\b(?:bowels?|poo|pooing|soiled)\b",
    "numbness between the legs or around the bottom (saddle)": r"\bsaddle\b"
    r"|\bbetween (?:your|the) legs\b|\baround (?:your|the) bottom\b|\bgenitals?\b",
    "both legs": r"\bboth legs\b",
}


@dataclass(frozen=True)
class Problem:
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def known_paths(library: Library) -> set[str]:
    """Every path the public site serves from this content (what an internal link may name)."""
    paths = {"/self-help/", "/self-help/search", "/self-help/sites"}
    for condition in library.conditions.values():
        paths.update(condition.section_url(n) for n in range(len(SECTIONS)))
        paths.add(condition.url + "exercises/print")
    paths.update(page.url for page in library.pages.values())
    paths.update(f"/self-help/sites/{site['slug']}" for site in library.sites)
    paths.update(f"/self-help/services/{service['code']}" for service in library.services)
    return paths


def check(library: Library, today: date) -> list[Problem]:
    paths = known_paths(library)
    problems = []
    for article in library.articles():
        problems += check_article(article, library, paths, today)
    problems += _unique_exercise_ids(library)
    for name, data in library.drawings.items():
        problems += [Problem(f"content/drawings/{name}", m) for m in _drawing(data)]
    return problems


def check_article(article: Article, library: Library, paths: set[str], today: date):
    where = f"content/{article.kind}s/{article.slug}.md"
    found = [Problem(where, m) for m in _front_matter(article, today)]
    found += [Problem(where, m) for m in _sections(article)]
    for section in article.sections:
        found += [Problem(where, f"## {section.heading}: {m}") for m in _words(section, paths)]
    if article.kind == "condition":
        found += [Problem(where, m) for m in _exercises(article, library)]
    if article.kind == "condition" or "care" in article.meta:
        found += [Problem(where, m) for m in _care(article)]
    return found


def _front_matter(article: Article, today: date):
    meta = article.meta
    wanted = CONDITION_FIELDS if article.kind == "condition" else PAGE_FIELDS
    for name in wanted:
        if meta.get(name) in (None, "", []):
            yield f"front matter: {name} is missing"
    for name in ("last_reviewed", "next_review"):
        if meta.get(name) not in (None, "") and as_date(meta[name]) is None:
            yield f"front matter: {name} is not an ISO date (YYYY-MM-DD)"
    overdue = review_overdue(article, today)
    if overdue:
        yield f"past its review date ({overdue.isoformat()}): a clinician must review it"
    if article.kind == "condition":
        wrong = [a for a in meta.get("body_areas") or [] if a not in BODY_AREAS]
        if wrong:
            yield f"front matter: body_areas not in the list: {', '.join(map(str, wrong))}"
        if not isinstance(meta.get("common"), bool):
            yield "front matter: common must be true or false"


def _sections(article: Article):
    headings = [section.heading for section in article.sections]
    if article.kind == "condition":
        expected = [heading for _, heading in SECTIONS]
        if headings != expected:
            yield f"sections must be exactly {expected} in that order; found {headings}"
    elif not headings:
        yield "no ## sections"


def _words(section, paths: set[str]):
    if not section.text.strip():
        yield "no text"
    else:
        grade = textstat.flesch_kincaid_grade(section.text)
        if grade > MAX_GRADE:
            yield (
                f"reads too hard (Flesch-Kincaid grade {grade:.1f}, at most {MAX_GRADE:g}): "
                "shorter sentences and more common words"
            )
    for href in section.links:
        parts = urlsplit(href)
        if parts.scheme == "tel":
            continue
        if parts.scheme or parts.netloc:
            yield f"link to another host: {href}"
        elif not parts.path.startswith("/self-help/"):
            yield f"link that is not a /self-help/ path: {href}"
        elif parts.path not in paths:
            yield f"link to a page that does not exist: {href}"


def _exercises(article: Article, library: Library):
    if not 3 <= len(article.exercises) <= 5:
        yield f"{len(article.exercises)} exercises (want 3 to 5)"
    for exercise in article.exercises:
        name = exercise.id or "an exercise"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", exercise.id):
            yield f"exercise id {exercise.id!r} is not kebab-case"
        for field in ("name", "drawing", "how_often"):
            if not getattr(exercise, field):
                yield f"exercise {name}: {field} is missing"
        if not 2 <= len(exercise.steps) <= 6:
            yield f"exercise {name}: {len(exercise.steps)} steps (want 2 to 6)"
        if exercise.drawing and exercise.drawing not in library.drawings:
            yield f"exercise {name}: drawing content/drawings/{exercise.drawing} does not exist"


def _care(article: Article):
    for level in CARE_LEVELS:
        if not article.care.get(level):
            yield f"care: the {level} card is missing or empty"
    if article.kind == "condition" and _back_or_leg_symptoms(article):
        emergency = " ".join(article.care.get("emergency", [])).lower()
        for sign, pattern in CAUDA_EQUINA_SIGNS.items():
            if not re.search(pattern, emergency):
                yield f"care: the emergency card must name cauda equina signs: {sign}"
    # Cauda equina needs surgery within hours: a sign of it on the "urgent GP or 111" or the
    # "refer yourself" card tells someone to wait (the /refer/ screen sends all of them to A&E).
    for level in CARE_LEVELS[1:]:
        for line in article.care.get(level) or []:
            for sign, pattern in CAUDA_EQUINA_SIGNS.items():
                if re.search(pattern, str(line).lower()):
                    yield f"care: {level} names a cauda equina sign ({sign}): emergency only"


def _drawing(data: bytes):
    """A drawing is shown on a public page: ours, small, and unable to run or fetch anything."""
    if len(data) > MAX_DRAWING_BYTES:
        yield f"{len(data)} bytes (at most {MAX_DRAWING_BYTES})"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        yield f"not well-formed SVG: {error}"
        return
    if root.tag != f"{SVG}svg" or root.get("viewBox") != "0 0 240 160":
        yield 'the root must be <svg viewBox="0 0 240 160">'
    if root.find(f"{SVG}title") is None:
        yield "no <title> naming the exercise"
    for element in root.iter():
        if element.tag in (f"{SVG}script", f"{SVG}foreignObject"):
            yield f"a <{element.tag.removeprefix(SVG)}> element"
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1]
            if name.startswith("on") or (name == "href" and not value.startswith("#")):
                yield f"{name}={value!r}: no scripts or references to other files"


def _back_or_leg_symptoms(article: Article) -> bool:
    areas = set(article.meta.get("body_areas") or [])
    return "lower-back" in areas or ("leg" in areas and not areas & LEG_JOINTS)


def _unique_exercise_ids(library: Library):
    counts = Counter(e.id for c in library.conditions.values() for e in c.exercises if e.id)
    for exercise_id, count in sorted(counts.items()):
        if count > 1:
            yield Problem("content/conditions", f"exercise id {exercise_id} is used {count} times")


def missing_articles(library: Library, conditions=CONDITIONS, pages=PAGES) -> list[Problem]:
    """The slugs the site promises that have no file."""
    return [
        Problem(f"content/{kind}/{slug}.md", "missing")
        for kind, wanted, have in (
            ("conditions", conditions, library.conditions),
            ("pages", pages, library.pages),
        )
        for slug in wanted
        if slug not in have
    ]
