"""The patient-identifiable data (PID) guard: finds identifiers in free text before it is stored.

Why: the Caldicott principles ask for the minimum necessary patient-identifiable data. A peer
case conference needs the clinical story, never who the patient is, so a submitted case may carry
no name, NHS number, date of birth, address, phone number, email or hospital number. This module
finds them with exact character spans, so a form can highlight the words to reword. It is a pure
function of the text: no clock, no framework, no I/O.

Choices:
- Full dates. A date of birth cannot be told from any other full date by its shape, and a case
  needs only relative times ("3 weeks ago", "seen on 12 March"), so every valid day-month-year
  date with a year 1900-2099 (or a two-digit year) is reported as `date_of_birth`, whether it is
  in the past or the future (an appointment "on 12/03/2026" too). Reading no clock keeps the
  answer the same next year. A date without a year passes, unless "DOB" or "born" comes before.
- A false alarm costs the clinician a rewording; a leak cannot be undone. Where a pattern is
  ambiguous (a capitalised word after "patient"), a small stop-list of clinical words decides.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str


Span = tuple[int, int] | None

# On overlap the longer hit wins; on equal spans, the kind listed first (the more specific).
KINDS = ("email", "hospital_number", "nhs_number", "phone", "postcode", "date_of_birth", "name")

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# The number after a label is a local identifier whatever its shape: the label says so.
HOSPITAL_NUMBER = re.compile(
    r"""\b(?:MRN|hospital\s+(?:no|number|num)|hosp\.?\s+(?:no|number)|RiO(?:\s+(?:no|number|id))?
    |patient\s+id|case\s+(?:no|number)|PAS\s+(?:no|number)|unit\s+(?:no|number))\.?
    \s*(?:is\s+)?[:#-]?\s*(?P<id>[A-Z]{0,3}\d[A-Z\d]{4,11})\b""",
    re.I | re.X,
)

# Ten digits in any grouping; the Modulus 11 check digit then tells an NHS number from chance.
# The pattern looks ahead instead of consuming, so candidates may overlap: in "ROM 0-120 943 476
# 5919" the failed "0-120 943 476" must not swallow the number after it.
NHS_NUMBER = re.compile(r"(?<![\d-])(?=(?P<nhs>\d(?:[ -]?\d){9})(?!\d))")
NHS_USUAL = re.compile(r"\d{10}|\d{3}([ -])\d{3}\1\d{4}")
DIGITS_RUN_ON = re.compile(r"[ -]\d")
DIGITS_RUN_IN = re.compile(r"\d[ -]$")  # searched in the two characters before a candidate

PHONE = re.compile(
    r"(?<![\w+(])(?:\+44\s?(?:\(0\)\s?)?|\(0|0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
)

# Outward code (area letters + district) and inward code (digit + two letters never C I K M O V).
# The inward code is what spinal levels ("L4 L5", "C5-6", "S1") and doses ("5mg") lack.
POSTCODE = re.compile(
    r"\b(?P<area>[A-Z]{1,2})\d[A-Z\d]?\s?(?P<inward>\d[ABD-HJLNP-UW-Z]{2})\b", re.I
)
POSTCODE_AREAS = frozenset(
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA "
    "LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG "
    "SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV "
    "YO ZE".split()
)
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")  # "L4 5th": a lower-case ordinal, not an inward code

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
# The leading look-ahead only lets the engine skip positions that cannot start a label or date.
DATE = re.compile(
    rf"""(?=[\dabdfjmnos])
    (?P<label>\b(?:DOB|D\.O\.B\b\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:-]?\s*)?
    (?P<date>(?<![\d/.-])\d{{4}}-\d{{1,2}}-\d{{1,2}}(?!\d)
      |(?<![\d/.-])\d{{1,2}}(?P<sep>[/.-])\d{{1,2}}(?:(?P=sep)(?:\d{{4}}|\d{{2}}))?(?![/.-]?\d)
      |(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH}(?:,?\s+(?:\d{{4}}|'\d{{2}}))?(?!\d)
      |\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?(?!\d))""",
    re.I | re.X,
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame)"
NAME_WORD = r"(?:O'|D'|Mc|Mac)?[A-Z][a-z]+(?:-(?:O'|Mc|Mac)?[A-Z][a-z]+)?"
# Up to two name words, then the next word: "O'Brien's test" is an eponym, not a person.
NAME_WORDS = rf"(?P<name>{NAME_WORD}(?:\s{NAME_WORD})?)\b(?:'s)?(?P<after>\s+\w+)?"
TITLED_NAME = re.compile(rf"\b{TITLE}\.?\s+(?:[A-Z]\.?\s?){{0,2}}{NAME_WORDS}")
CUED_NAME = re.compile(
    rf"\b(?i:patient|pt|called|named|name\s+is)[,:]?\s+(?P<initial>[A-Z]\.\s?)?{NAME_WORDS}"
)
# Capitalised words that follow "patient", "called" or a title without being a name: outcome
# measures, eponymous tests, roles, days and sentence openers.
NOT_NAMES = frozenset(
    """Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Specific Reported Reports Report Reporting
    Education Information Initiated Centred Centered Activation Safety Advice Liaison Transport
    Experience Global Impression Group Health Questionnaire Leaflet Notes Record Records Portal
    Feedback Goals Story Choice Journey Seen Reviewed Discharged Referred Attended Presents
    Presented Has Had Is Was Will Would Declined Denies Agreed Keen Happy Unable Able Now Today
    Still Also Then And But With The In On At To Of For Not No Yes Left Right Bilateral Male
    Female Lives Works Walks Back Call Registrar Consultant Physio Physiotherapist Surgeon
    Hawkins Kennedy Neer Lachman McKenzie Mulligan Maitland Thessaly McMurray Apley Phalen Tinel
    Finkelstein Spurling Kernig Trendelenburg Faber Ober Slump Simmonds Kleiger Jobe Yergason
    Gaenslen Lasegue Babinski Hoffmann Romberg Adson Waddell Scheuermann Osgood Schlatter Achilles
    Dupuytren Quervain Colles Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)
NOT_AFTER_NAME = frozenset("test tests sign manoeuvre maneuver position procedure".split())


def find_identifiers(text: str) -> list[Hit]:
    """Every identifier in `text`, sorted by start, non-overlapping (the longest wins)."""
    hits = []
    for kind, pattern, accept in DETECTORS:
        for match in pattern.finditer(text):
            if span := accept(match):
                hits.append(Hit(kind, span[0], span[1], text[span[0] : span[1]]))
    return _without_overlaps(hits)


def check_fields(fields: dict[str, str | None]) -> dict[str, list[dict]]:
    """For each field with identifiers, their kinds and spans: the body of a 422 response."""
    found = {name: find_identifiers(value) for name, value in fields.items() if value}
    return {name: [asdict(hit) for hit in hits] for name, hits in found.items() if hits}


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, KINDS.index(h.kind), h.start)):
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _whole(match: re.Match) -> Span:
    return match.span()


def _hospital_number(match: re.Match) -> Span:
    return match.span("id")


def _nhs_number(match: re.Match) -> Span:
    # The last digit is a Modulus 11 check over the first nine (weights 10..2): it catches a
    # mistyped or swapped digit, and it rejects ten in eleven random ten-digit numbers.
    digits = [int(d) for d in re.sub(r"\D", "", match.group("nhs"))]
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    # Where grouped digits run on, either side, only the usual 3-3-4 (or ungrouped) window is
    # a number: "2019 943 476 5919" is a year and an NHS number, never "2019 943 476"; and in
    # "000 300 0309 500mg" the digits "300 0309 500" are no number at all.
    start = match.start("nhs")
    runs_on = DIGITS_RUN_ON.match(match.string, match.end("nhs"))
    runs_in = DIGITS_RUN_IN.search(match.string, max(0, start - 2), start)
    if (runs_on or runs_in) and not NHS_USUAL.fullmatch(match.group("nhs")):
        return None
    return match.span("nhs") if check != 10 and check == digits[9] else None


def _phone(match: re.Match) -> Span:
    raw = match.group()
    digits = re.sub(r"\D", "", raw)
    national = digits[2:].removeprefix("0") if raw.startswith("+44") else digits[1:]
    balanced = raw.count("(") == raw.count(")")
    # UK numbers have 9 or 10 digits after the trunk 0, never starting with 0.
    return match.span() if balanced and len(national) in (9, 10) and national[0] != "0" else None


def _postcode(match: re.Match) -> Span:
    inward = match.group("inward")
    if match.group("area").upper() not in POSTCODE_AREAS or ORDINAL.fullmatch(inward):
        return None
    return match.span()


def _date(match: re.Match) -> Span:
    parts = _day_month_year(match.group("date"))
    # A full date may be a date of birth; a date without a year only after "DOB" or "born".
    if parts is None or parts[2] is None and not match.group("label"):
        return None
    return match.span("date")


def _day_month_year(text: str) -> tuple[int, int, int | None] | None:
    """The date's parts if it is a real calendar date (day/month or, US style, month/day)."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    named = re.search(r"[A-Za-z]{3}", re.sub(r"(?<=\d)(st|nd|rd|th)|\bof\b", "", text))
    if named:
        month = MONTHS.index(named.group().lower()) + 1
        orders = [(numbers[0], month, numbers[1] if len(numbers) > 1 else None)]
    elif len(numbers) == 3 and numbers[0] > 999:
        orders = [(numbers[2], numbers[1], numbers[0])]
    else:
        year = numbers[2] if len(numbers) == 3 else None
        orders = [(numbers[0], numbers[1], year), (numbers[1], numbers[0], year)]
    for day, month, year in orders:
        if year is not None and year > 99 and not 1900 <= year <= 2099:
            return None
        try:
            date(2000 if year is None or year < 100 else year, month, day)
        except ValueError:
            continue
        return day, month, year
    return None


def _is_name(word: str) -> bool:
    return not any(part in NOT_NAMES for part in word.split("-"))  # "Hawkins-Kennedy"


def _titled_name(match: re.Match) -> Span:
    return _name(match, start=match.start())  # "Mrs J. Patel": the title belongs to the name


def _cued_name(match: re.Match) -> Span:
    # "patient J. Smith": the initial and the name, not the cue word.
    return _name(match, start=match.start("initial" if match.group("initial") else "name"))


def _name(match: re.Match, start: int) -> Span:
    # "Patient Specific Functional Scale", "patient John Smith reports": keep the words up to the
    # first one that is no name; none left, or an eponym's "test" next, means no name.
    words = match.group("name").split()
    kept = list(itertools.takewhile(_is_name, words))
    after = (match.group("after") or "").strip().lower()
    if not kept or after in NOT_AFTER_NAME and len(kept) == len(words):
        return None
    return start, match.start("name") + len(" ".join(kept))


DETECTORS: tuple[tuple[str, re.Pattern, Callable[[re.Match], Span]], ...] = (
    ("email", EMAIL, _whole),
    ("hospital_number", HOSPITAL_NUMBER, _hospital_number),
    ("nhs_number", NHS_NUMBER, _nhs_number),
    ("phone", PHONE, _phone),
    ("postcode", POSTCODE, _postcode),
    ("date_of_birth", DATE, _date),
    ("name", TITLED_NAME, _titled_name),
    ("name", CUED_NAME, _cued_name),
)
