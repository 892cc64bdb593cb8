"""Red flags: finds signs of serious pathology in a submitted case, with character spans.

Why: a case conference meets weeks after a case is submitted, but cauda equina syndrome, a
fracture, cancer, infection or a worsening nerve deficit needs same-day escalation (ED, the
on-call spinal or orthopaedic team, an urgent GP review). So a case's text is read for red flags
before it is queued, and the form can say "escalate this today". Pure: no clock, no I/O.

Choices:
- Notes document the negatives they screened ("no S/A, B&B normal", "afebrile"). A cue before a
  feature in its clause (no, nil, denies, ...), a verdict after it ("S/A NAD") or safety-netting
  ("attend ED if saddle numbness") clears it. One cue covers a list of screened items ("no fever,
  night sweats or rigors"), not a new statement ("nil trauma, B&B changes this week").
- A missed flag can cost a patient their bladder; a false alarm costs a click. When the reach of
  a cue is unclear (a new verb or an unscreened phrase between), the feature stays flagged.
- Some features count only together: a history of cancer with night pain or weight loss, sexual
  dysfunction with back pain, immunosuppression with pain.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from contracts.red_flag_features import FLAGS, RULES
from contracts.red_flag_words import alt, rx


@dataclass(frozen=True)
class RedFlag:
    flag: str
    start: int
    end: int
    text: str


# A clause ends at a full stop (not a decimal point), a semicolon, "but", or a new statement
# (", reports ...", ", new ..."): a cue before the end does not reach past it.
STATEMENT = alt("reports? reported complain\\w* c/o has had describes? notes? noted develop\\w*")
STATEMENT = alt(f"{STATEMENT} presents? admits? new with experienc\\w* is was feels felt says said")
BREAK = r"[;!\n]|\.(?!\d)|\b(?:but|however|although|though|whereas|except|apart\s+from|now|then)\b"
BREAK = rx(rf"{BREAK}|(?:,|\band\b)\s*(?:(?:he|she|pt|patient|also|today)\s+)*{STATEMENT}\b")
# Cues, each with how many words may stand between it and the feature (screened items aside).
NEGATION = alt("no nil not never none neither nor denies denied denying without absent free_of")
NEGATION = alt(f"{NEGATION} neg(?:ative)?_for -ve_for ruled_out excluded \\w+n't")
NEGATION = rx(rf"\b{NEGATION}\b|\bnon(?!-?mechanical)-?"), 6
# Safety-netting says what to watch for, not what the patient has.
HYPOTHETICAL = alt("safety-?\\s?net\\w* SN advised advice educated education warned leaflet card")
HYPOTHETICAL = alt(f"{HYPOTHETICAL} understands? understanding")
HYPOTHETICAL = alt(f"{HYPOTHETICAL} if should in_case in_the_event (?:watch|look_out|monitor)_for")
HYPOTHETICAL = rx(rf"\b(?:{HYPOTHETICAL}|to\s+(?:report|return|attend))\b"), 8
WEAK = rx(r"\b(?:normal|intact)\b"), 1
HISTORIC = {  # old news, not a new red flag
    "suspected_fracture": (rx(r"\b(?:old|healed|previous|historic|prior|united)\b"), 2),
    "cauda_equina": (rx(r"\b(?:long-?standing|chronic|known|stress|pre-existing)\b"), 2),
    "malignancy": (rx(r"\b(?:intentional|intended|deliberate|planned|healthy)\b"), 2),
    "infection": (rx(r"\b(?:previous|prior|past|historic|old|treated)\b"), 2),
}
POST = alt("negative neg -ve normal NAD nil none absent denied ruled_out excluded clear(?:ed)?")
POST = alt(f"{POST} unremarkable intact resolved unlikely explained discussed")
POST = alt(f"{POST} no_(?:\\w+_)?(?:fracture|abnormality)")
POST = rf"{POST}|not\s+(?:present|reported|found|elicited|detected|seen|evident)"
POST = rx(rf"\s*(?:(?:{POST})(?!\w)|(?:no|-)(?=\s*(?:[,.;)]|$)))")  # terse: "S/A: no", "fever -"
POST_CHRONIC = rx(
    r"\s*(?:unchanged|long-?standing|chronic|for\s+years|since\s+childbirth|as\s+a\s+child)\b"
)
FILLER = alt("and or all both were are is was been has have as now on_questioning screen(?:ed)?")
FILLER = rx(rf"(?:[\s,/&+:=()-]|\b{FILLER}\b|\b(?:checked|asked|reported|queried|symptoms)\b)+")
# Imaging settles a suspected fracture or CES ("?scaphoid fracture, X-ray NAD").
IMAGING = rx(r"(?:[\s,/&+:=()-]|\b(?:and|or|on|the|all|x-?ray|XR|CT|MRI|scan|imaging)\b)+")
# Screened items that carry a cue along a list: "no trauma, fever or night sweats".
SCREENED = alt(
    "weight_loss night_pain trauma falls? injury red_flags? RFs? B\\s?[&+/]\\s?B bladder"
)
SCREENED = alt(f"{SCREENED} bowel saddle_\\w+ S/A CES cauda_equina cancer malignancy PMH fevers?")
SCREENED = alt(f"{SCREENED} history_of_\\w+ sweats rigou?rs IVDU steroids? osteoporosis fracture")
SCREENED = rx(rf"(?<!\w)(?:{SCREENED}|immunosuppression|incontinence|retention)\b")
WORD = re.compile(r"[^\s\0,]+")
LIST_SPLIT = rx(r",|\b(?:or|nor|and)\b")
LIST_END = rx(r"\b(?:or|nor|and)\b|/")
LIST_GOES_ON = rx(r"\s*(?:,\s*\0|,?\s*(?:or|nor|and)\b|/)")


def find_red_flags(text: str) -> list[RedFlag]:
    """Every affirmed red flag in `text`, sorted by start, non-overlapping (the longest wins)."""
    found = [
        (rule, match, match.span("core") if "core" in rule.pattern.groupindex else match.span())
        for rule in RULES
        for match in rule.pattern.finditer(text)
    ]
    masked = list(text)  # candidates and screened items blanked out: what lists are made of
    for start, end in [core for *_, core in found] + [m.span() for m in SCREENED.finditer(text)]:
        masked[start:end] = "\0" * (end - start)
    blanked = "".join(masked)
    # A break that starts before a feature ends its clause, even one running into it (", new").
    breaks = [match.span() for match in BREAK.finditer(text)]
    affirmed = [
        (rule, match)
        for rule, match, core in found
        if not _cleared_before(text, blanked, breaks, core, rule.flag)
        and not _cleared_after(text, blanked, match.end(), rule.flag)
    ]
    tags = {rule.tag for rule, _ in affirmed}
    hits = [
        RedFlag(rule.flag, match.start(), match.end(), match.group())
        for rule, match in affirmed
        if (not rule.needs or tags & set(rule.needs))
        and (rule.context is None or rule.context.search(text))
    ]
    return _without_overlaps(hits)


def check_fields(fields: dict[str, str | None]) -> dict[str, list[dict]]:
    """For each field with red flags, their flags and spans: what the form shows to escalate."""
    found = {name: find_red_flags(value) for name, value in fields.items() if value}
    return {name: [asdict(hit) for hit in hits] for name, hits in found.items() if hits}


def _without_overlaps(hits: list[RedFlag]) -> list[RedFlag]:
    chosen: list[RedFlag] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, FLAGS.index(h.flag), h.start)):
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _cleared_before(text: str, blanked: str, breaks: list, core: tuple, flag: str) -> bool:
    """A cue earlier in the clause reaches the feature across screened items only."""
    start, end = core
    clause = max((stop for begin, stop in breaks if begin < start), default=0)
    for cue_pattern, max_words in (NEGATION, HYPOTHETICAL, WEAK, HISTORIC.get(flag, WEAK)):
        for cue in cue_pattern.finditer(text, clause, start):
            gap = blanked[cue.end() : start]
            if blanked[cue.start()] != "\0" and _in_scope(gap, blanked[end:], max_words):
                return True
    return False


def _in_scope(gap: str, rest: str, max_words: int) -> bool:
    # "No change, getting weaker", "not improving and getting weaker": a part of a list without a
    # screened item in it ends the list.
    parts = LIST_SPLIT.split(gap)
    if any("\0" not in part or len(WORD.findall(part)) > 3 for part in parts[:-1]):
        return False
    # A comma list goes on ("no fever, sweats or rigors"); "nil trauma, B&B changes" starts afresh;
    # a colon announces one ("Denies: S/A, B&B changes, sexual dysfunction").
    listed = ":" in gap or LIST_END.search(gap.rpartition(",")[2])
    if "," in gap and not (listed or LIST_GOES_ON.match(rest)):
        return False
    return len(WORD.findall(gap)) <= max_words


def _cleared_after(text: str, blanked: str, pos: int, flag: str) -> bool:
    """A verdict after the feature, or after the list it is in: "S/A, B&B changes: negative"."""
    imaging = flag in ("suspected_fracture", "cauda_equina")
    while True:
        if POST.match(text, pos) or flag == "cauda_equina" and POST_CHRONIC.match(text, pos):
            return True
        if blanked[pos : pos + 1] == "\0":
            while blanked[pos : pos + 1] == "\0":
                pos += 1
            continue
        step = FILLER.match(text, pos) or (imaging and IMAGING.match(text, pos))
        if not step:
            return False
        pos = step.end()
