"""The directory's search: who, by body region, condition, skill, name or words. Pure, no I/O.

Ordering is what a clinician looking for help expects: someone who declared exactly the region
or condition asked for comes first, the expert before the experienced before the interested;
then people who know the region around the condition (a shoulder expert for frozen shoulder);
words decide within each group. Words are read through the vocabulary, so "adhesive capsulitis"
finds the frozen shoulder people though no card says it.
"""

from __future__ import annotations

from services.cases.card_index import LEVELS, CardIndex, as_index
from services.cases.reading import read, region_of, words
from services.cases.similarity import features

RANK = {"interest": 1, "experienced": 2, "expert": 3}
EXACT = {3: 0.75, 2: 0.6, 1: 0.45}  # the area asked for, by level
AROUND = {3: 0.3, 2: 0.2, 1: 0.1}  # the region around the condition asked for, by level
REGION_BEHIND_CONDITION = 0.55  # "knee OA": knee people after the knee OA people
CONDITION_IN_REGION = 0.4  # "knee": knee OA people after the knee people
WITHIN = 0.099  # words move a card within its group, never past the next group up
SIMILAR_ENOUGH = 0.1  # below this cosine, shared letters are chance, not a match


def search_cards(
    cards: list[dict] | CardIndex,
    q: str | None = None,
    body_region: str | None = None,
    tag: str | None = None,
    site: str | None = None,
    service: str | None = None,
    band: int | None = None,
) -> list[dict]:
    """Active cards that pass the filters, most relevant first, each with its "relevance" (0-1).
    With nothing asked for, everyone who passes the filters, by name."""
    index = as_index(cards)
    asked_areas = {a for a in (body_region, tag) if a}
    around = {region_of(tag)} - {None, "multiple"} if tag else set()
    closeness = index.text.similarities(features(q)) if q else [0.0] * len(index.cards)
    named = _named_in(q) if q else {}
    found = []
    for number, card in enumerate(index.cards):
        if not card.get("active", True) or not _passes(card, site, service, band):
            continue
        levels = {item["area"]: RANK.get(item["level"], 0) for item in card.get("expertise") or []}
        exact = max((levels[a] for a in asked_areas if a in levels), default=0)
        near = max((lv for a, lv in levels.items() if _near(a, body_region, around)), default=0)
        said = _words_match(card, q, named, closeness[number]) if q else 0.0
        if asked_areas:
            relevance = (EXACT.get(exact) or AROUND.get(near, 0.0)) + WITHIN * said
        else:
            relevance = said
        if relevance > 0 or not (q or asked_areas):
            found.append({**card, "relevance": round(relevance, 3)})
    return sorted(found, key=lambda card: (-card["relevance"], card.get("name") or ""))


def _passes(card: dict, site, service, band) -> bool:
    return (
        (site is None or card.get("site") == site)
        and (service is None or card.get("service") == service)
        and (band is None or card.get("band") == int(band))
    )


def _near(area: str, body_region: str | None, around: set[str]) -> bool:
    """An area in the region asked for (knee OA for "knee"), or the region of the condition."""
    return (body_region is not None and region_of(area) == body_region) or area in around


def _named_in(q: str) -> dict[str, float]:
    """The conditions and regions a query names: "adhesive capsulitis" -> frozen_shoulder."""
    reading = read(q)
    # "Knee" asks for knee people; "knee OA" asks for knee OA people, then knee people.
    region_weight = REGION_BEHIND_CONDITION if reading.tags else 1.0
    return {**{region: region_weight for region in reading.regions}, **reading.tags}


def _words_match(card: dict, q: str, named: dict[str, float], closeness: float) -> float:
    """0-1: the card's name; else what q names that the card declares, by level, with how
    close its words are; else how close its words are."""
    asked = words(q)
    name = words(card.get("name") or "")
    if asked and all(any(part.startswith(w) for part in name) for w in asked):
        return 1.0
    declared = max(
        (
            _named_weight(item["area"], named) * LEVELS.get(item["level"], 0.0)
            for item in card.get("expertise") or []
        ),
        default=0.0,
    )
    similar = closeness if closeness >= SIMILAR_ENOUGH else 0.0
    return min(1.0, 0.7 * declared + 0.3 * similar) if declared else 0.7 * similar


def _named_weight(area: str, named: dict[str, float]) -> float:
    """How much q asks for this area: named outright, or a condition in a region it names."""
    if area in named:
        return named[area]
    return CONDITION_IN_REGION * named.get(region_of(area) or "", 0.0)
