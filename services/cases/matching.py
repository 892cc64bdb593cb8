"""Which colleagues are best placed to help with a case: pure ranking of contact cards, no I/O.

A card is matched on what it declares (an area at a level) against what the case is about: its
tags, its body region, and the conditions its words name (`reading.read`), and then on how close
the case's words are to the card's own words (`similarity.TfIdf`). Being in another service or on
another site is a tie-breaker only: the proposal wants conferences to mix services and sites,
but never at the price of sending a case to someone who knows less about it.
"""

from __future__ import annotations

from services.cases.card_index import LEVELS, CardIndex, as_index, index_cards
from services.cases.card_search import search_cards
from services.cases.reading import Reading, label, read, region_of, words
from services.cases.similarity import features

__all__ = ["CardIndex", "index_cards", "rank_experts", "search_cards"]

REGION_MATCH = 0.55  # a shoulder expert for a frozen shoulder: good, the condition's expert better
SAME_REGION_TAG = 0.2  # a rotator cuff expert for a frozen shoulder: knows shoulders
SECOND_AREA = 0.15  # a second matching area adds a little, it does not double the score
SKILL_IN_OWN_WORDS = 0.6  # a skill only written on the card counts as "experienced" at most
STRUCTURE, TEXT = 0.75, 0.25  # what the card declares weighs more than how it is worded
OTHER_SERVICE, OTHER_SITE = 0.01, 0.005  # together less than the smallest step in expertise
NOTHING_IN_COMMON = 0.05  # below this closeness, and no area that bears on it: not listed
# A card's level of expertise, as a reason reads it: "Expert in frozen shoulder".
AS_SAID = {"interest": "Interested in", "experienced": "Experienced in", "expert": "Expert in"}
BROAD = ("multiple", "other")  # not a region whose neighbouring conditions say anything


def case_terms(case: dict) -> tuple[dict[str, float], str | None, float, Reading]:
    """What the case is about: tag -> strength, its region and how sure that region is."""
    reading = read(_case_text(case), region=case.get("body_region"))
    title_tags = read(case.get("title") or "").tags
    region, region_sure = case.get("body_region"), 1.0
    if not region and reading.regions:
        region, region_sure = reading.regions.most_common(1)[0][0], 0.7
    tags = {}
    for tag, strength in reading.tags.items():
        # Named in the title or more than once: what the case is about, not a passing mention.
        salient = 0.1 * (tag in title_tags) + 0.1 * (reading.mentions[tag] > 1)
        sure = min(0.95, 0.75 * strength + salient)
        if region and region_of(tag) not in (None, "multiple", region):
            sure *= 0.5  # "PMH knee OA" in a shoulder case
        tags[tag] = sure
    for tag in case.get("tags") or []:
        tags[tag] = 1.0
    return tags, region, region_sure, reading


def _case_text(case: dict) -> str:
    return ". ".join(case.get(key) or "" for key in ("title", "summary", "question"))


def expertise_fit(card, tags, region, region_sure) -> list[tuple[float, str, str]]:
    """(how well, reason, area) for each of the card's areas that bears on the case, best first."""
    fits = []
    for item in card.get("expertise") or []:
        area, level = item["area"], item["level"]
        fit = tags.get(area, 0.0)
        if region and area == region:
            fit = max(fit, REGION_MATCH * region_sure)
        elif region not in (None, *BROAD) and region_of(area) == region:
            fit = max(fit, SAME_REGION_TAG * region_sure)
        if fit > 0:
            fits.append((fit * LEVELS.get(level, 0.0), f"{AS_SAID[level]} {label(area)}", area))
    return sorted(fits, reverse=True)


def skill_fit(rare_words: dict[str, str], case_words: set[str]) -> tuple[float, str, str] | None:
    """A skill the card names in its own words and the case names too: two such words (say
    "shockwave" and "ESWT") count as much as an "experienced" area."""
    shared = [raw for stem, raw in rare_words.items() if stem in case_words]
    if not shared:
        return None
    fit = SKILL_IN_OWN_WORDS * min(1.0, len(shared) / 2)
    return fit, "Happy to help with " + ", ".join(shared[:3]), ""


def rank_experts(case: dict, cards: list[dict] | CardIndex, limit: int = 10) -> list[dict]:
    """The colleagues best placed to help with a case, best first; never its presenter."""
    index = as_index(cards)
    tags, region, region_sure, reading = case_terms(case)
    case_words = set(words(_case_text(case)))
    query = features(case.get("title") or "", 1.5)  # the title is what the case is about
    features(case.get("summary") or "", 1.0, query)
    features(case.get("question") or "", 1.0, query)
    closeness = index.text.similarities(query)
    scored = []
    for number, card in enumerate(index.cards):
        if not card.get("active", True) or card["clinician_id"] == case.get("presenter_id"):
            continue
        fits = expertise_fit(card, tags, region, region_sure)
        skill = skill_fit(index.rare_words[number], case_words)
        if skill:
            fits = sorted([*fits, skill], reverse=True)
        # The best area counts in full; a second one adds a little.
        declared = min(
            1.0, sum(f * (SECOND_AREA if n else 1) for n, (f, *_) in enumerate(fits[:2]))
        )
        if not declared and closeness[number] < NOTHING_IN_COMMON:
            continue
        score = STRUCTURE * declared + TEXT * closeness[number] + _mixing(case, card)
        scored.append((score, card.get("name") or "", number, fits))
    scored.sort(key=lambda row: (-row[0], row[1]))
    return [
        {
            "clinician_id": index.cards[number]["clinician_id"],
            "name": name,
            "score": round(min(1.0, score), 3),
            "reasons": _reasons(case, index.cards[number], fits, reading),
        }
        for score, name, number, fits in scored[:limit]
    ]


def _mixing(case: dict, card: dict) -> float:
    other_service = case.get("presenter_service") not in (None, card.get("service"))
    other_site = case.get("presenter_site") not in (None, card.get("site"))
    return OTHER_SERVICE * other_service + OTHER_SITE * other_site


def _reasons(case: dict, card: dict, fits: list, reading: Reading) -> list[str]:
    """What a clinician needs to see why this colleague: their areas, the case's words that
    named them (when the case was not tagged with them), and the mixing."""
    reasons = [why for _, why, _ in fits[:3]]
    given = set(case.get("tags") or [])
    reasons += [
        f"The case says “{reading.said[a]}”"
        for *_, a in fits[:3]
        if a in reading.said and a not in given
    ]
    if case.get("presenter_service") not in (None, card.get("service")):
        reasons.append("Works in another service from the presenter")
    if case.get("presenter_site") not in (None, card.get("site")):
        reasons.append("Works at another site from the presenter")
    return list(dict.fromkeys(reasons))  # each reason once
