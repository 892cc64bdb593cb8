"""What a case's words say in the vocabulary's terms: which conditions, which body regions.

Clinicians rarely tag a case, and when they do they tag one thing; the text says more ("GP
diagnosed adhesive capsulitis" is a frozen shoulder). Pure: no I/O, nothing at import time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from services.cases.vocabulary import BY_REGION, CONDITIONS, LABELS, REGION_WORDS

WEAK = 0.5  # a "~phrase" goes with its condition often, not always
BY_REGION_STRENGTH = 0.6  # "OA" in a knee case: likely knee OA, but said in passing


@dataclass
class Reading:
    tags: dict[str, float] = field(default_factory=dict)  # tag -> strength of the evidence
    said: dict[str, str] = field(default_factory=dict)  # tag -> the phrase that said it
    mentions: Counter = field(default_factory=Counter)  # tag -> how many times
    history_mentions: Counter = field(default_factory=Counter)  # ... of them in the past history
    regions: Counter = field(default_factory=Counter)  # region -> weight of the evidence


def stem(word: str) -> str:
    """Plural to singular, roughly: knees/knee, injuries/injury; "-is", "-us", "-ss" stay."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us", "ys")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case stemmed words: "Phalen's", "GH-joint", "C5/6" read as phalen, gh joint, c5 6."""
    text = re.sub(r"['’]s\b", "", text.lower())
    return [stem(word) for word in re.findall(r"[a-z0-9]+", text)]


def normalise(text: str) -> str:
    return " ".join(words(text))


@cache
def phrase_table() -> tuple[list[tuple[str, str, float, str]], list[tuple[str, str]]]:
    """(phrase, tag, strength, as written) and (phrase, region), longest phrases first."""
    tags = {}
    for tag, (_, phrases) in CONDITIONS.items():
        tags[normalise(tag.replace("_", " "))] = (tag, 1.0, tag.replace("_", " "))
        for written in phrases.split("|"):
            strength = WEAK if written.startswith("~") else 1.0
            tags[normalise(written)] = (tag, strength, written.lstrip("~"))
    regions = [(normalise(p), r) for r, phrases in REGION_WORDS.items() for p in phrases.split("|")]
    longest_first = lambda row: (-len(row[0].split()), -len(row[0]), row[0])  # noqa: E731
    return (
        sorted(((phrase, *about) for phrase, about in tags.items()), key=longest_first),
        sorted(regions, key=longest_first),
    )


def label(area: str) -> str:
    """A tag or region in clinicians' words: "frozen shoulder", "hip OA", "ankle and foot"."""
    return LABELS.get(area) or area.replace("_", " ")


def region_of(area: str) -> str | None:
    """The body region of a tag (None for a region or an unknown area)."""
    known = CONDITIONS.get(area)
    return known[0] if known else None


@cache
def vocabulary_words() -> frozenset[str]:
    """Every word of every phrase: words the vocabulary already reads."""
    tag_phrases, region_phrases = phrase_table()
    return frozenset(w for phrase, *_ in [*tag_phrases, *region_phrases] for w in phrase.split())


# A sentence about the past history: what it names is background, not the case's question.
HISTORY = re.compile(r"\b(pmh|hx|previous|previously|history of|background of|years ago|past)\b")
HISTORY_STRENGTH = 0.5


def read(text: str, region: str | None = None) -> Reading:
    """The conditions and regions a text names. A longer phrase hides the shorter ones inside
    it, so "gluteal tendinopathy" is GTPS and not also any tendinopathy."""
    reading, rests = Reading(), []
    for sentence in re.split(r"(?<=[.;!?])\s+|\n+", text):
        padded = f" {normalise(sentence)} "
        history = bool(HISTORY.search(padded))
        rests.append(_read_sentence(padded, history, reading))
    for tag in reading.tags:
        if reading.mentions[tag] == reading.history_mentions[tag]:
            reading.tags[tag] *= HISTORY_STRENGTH
    # Words that name a condition only in a region: the region given, else the one most named.
    region = region or (reading.regions.most_common(1)[0][0] if reading.regions else None)
    rest = " ".join(rests)
    for phrases, by_region in BY_REGION.values():
        tag = by_region.get(region or "")
        if tag is None or tag in reading.tags:
            continue
        for phrase in phrases.split("|"):
            if f" {normalise(phrase)} " in rest:
                reading.tags[tag], reading.said[tag] = BY_REGION_STRENGTH, phrase
                reading.mentions[tag] += 1
                break
    return reading


def _read_sentence(padded: str, history: bool, reading: Reading) -> str:
    """Adds what one sentence names to the reading; returns the words no phrase took."""
    tag_phrases, region_phrases = phrase_table()
    rest = padded
    for phrase, tag, strength, written in tag_phrases:
        needle = f" {phrase} "
        if needle in rest:
            times = rest.count(needle)
            reading.mentions[tag] += times
            reading.history_mentions[tag] += times * history
            if strength > reading.tags.get(tag, 0.0):
                reading.tags[tag], reading.said[tag] = strength, written
                if region_of(tag) not in (None, "multiple"):
                    reading.regions[region_of(tag)] += strength * (
                        HISTORY_STRENGTH if history else 1
                    )
            rest = rest.replace(needle, " | ")
    where = padded
    for phrase, named in region_phrases:
        needle = f" {phrase} "
        if needle in where:
            reading.regions[named] += where.count(needle) * (HISTORY_STRENGTH if history else 1)
            where = where.replace(needle, " | ")
    return rest
