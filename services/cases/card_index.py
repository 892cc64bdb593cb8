"""Contact cards with what matching and search need worked out once per directory, not per case.

Pure: build it with `index_cards(cards)` and pass it to `rank_experts` or `search_cards` in place
of the list of cards, so a hundred cases are ranked against the same work.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from services.cases.reading import vocabulary_words, words
from services.cases.similarity import STOPWORDS, TfIdf, features
from services.cases.vocabulary import CONDITIONS, REGION_WORDS

LEVELS = {"expert": 1.0, "experienced": 0.6, "interest": 0.25}
RARE = 2  # a word on at most this many cards names a skill of theirs ("shockwave", "ballet")


@dataclass(frozen=True)
class CardIndex:
    cards: list[dict]
    text: TfIdf  # each card's words, and the vocabulary's words for its areas
    rare_words: list[dict[str, str]]  # per card: its rare words, stem -> as written on the card


def index_cards(cards: list[dict]) -> CardIndex:
    own = [_own_words(card.get("happy_to_help_with") or "") for card in cards]
    used = Counter(stem for words_of in own for stem in words_of)
    rare = [{s: raw for s, raw in words_of.items() if used[s] <= RARE} for words_of in own]
    return CardIndex(list(cards), TfIdf([card_words(card) for card in cards]), rare)


def as_index(cards: list[dict] | CardIndex) -> CardIndex:
    return cards if isinstance(cards, CardIndex) else index_cards(cards)


def card_words(card: dict) -> Counter:
    """A card's text: its own words, and the vocabulary's words for each area by its level, so
    a frozen shoulder expert is close to "capsulitis" though they never wrote it."""
    counts = features(card.get("happy_to_help_with") or "")
    for item in card.get("expertise") or []:
        weight = LEVELS.get(item["level"], 0.0)
        for feature, count in area_words(item["area"]).items():
            counts[feature] += weight * count
    return counts


@cache
def area_words(area: str) -> Counter:
    """The features of an area's name and its vocabulary phrases: the same for every card."""
    phrases = CONDITIONS.get(area, ("", ""))[1] or REGION_WORDS.get(area, "")
    return features(area.replace("_", " ") + " " + phrases.replace("|", " ").replace("~", ""))


def _own_words(text: str) -> dict[str, str]:
    """stem -> the word as the card writes it, for words that may name a skill the vocabulary
    does not know (the vocabulary's own words are read as areas already)."""
    found: dict[str, str] = {}
    ignored = STOPWORDS | vocabulary_words()
    for raw in text.split():
        for stem in words(raw):
            if len(stem) > 2 and stem not in ignored and not stem.isdigit():
                found.setdefault(stem, raw.strip(".,;:()!?").lower())
    return found
