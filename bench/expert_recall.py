"""How often rank_experts finds the colleague a case needs, next to a word-count baseline.

    .venv/bin/python bench/expert_recall.py [--rounds 7]

Prints one JSON document. Over tests/data/expert_corpus.json (invented cards and cases, each case
labelled with the one colleague who should be found): recall@1, recall@5 and mean reciprocal rank,
for all cases, the tuning half (cases 1-50, which the vocabulary and weights were tuned on) and
the held-out half (51-100, written with other phrasings and not tuned on); the same for the
baseline; the cases each misses at 5; and milliseconds per case, both timed alternately, round
after round, on the same cases (medians shown). Both leave out the presenter and inactive cards.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.text_corpus import seconds_per_pass  # noqa: E402
from services.cases.matching import index_cards, rank_experts  # noqa: E402
from services.cases.similarity import STOPWORDS  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "expert_corpus.json"
HALVES = ("tuning", "held_out")
BASELINE_WHAT = (
    "cards ranked by the number of distinct words (lower case, stopwords left out) the case's "
    "title, summary and question share with the card's expertise areas and happy_to_help_with, "
    "+1 when the case's body_region is one of the card's areas; ties by name"
)

Ranker = Callable[[dict], list[str]]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower())) - STOPWORDS


def baseline_ranker(cards: list[dict]) -> Ranker:
    card_words = [
        _words(" ".join(e["area"].replace("_", " ") for e in card["expertise"]))
        | _words(card["happy_to_help_with"])
        for card in cards
    ]

    def rank(case: dict) -> list[str]:
        said = _words(" ".join((case["title"], case["summary"], case["question"])))
        scored = []
        for card, words in zip(cards, card_words, strict=True):
            if not card["active"] or card["clinician_id"] == case["presenter_id"]:
                continue
            areas = {e["area"] for e in card["expertise"]}
            score = len(said & words) + (case["body_region"] in areas)
            scored.append((-score, card["name"], card["clinician_id"]))
        return [clinician_id for *_, clinician_id in sorted(scored)]

    return rank


def matcher_ranker(cards: list[dict]) -> Ranker:
    index = index_cards(cards)
    return lambda case: [e["clinician_id"] for e in rank_experts(case, index, limit=len(cards))]


def quality(rank: Ranker, cases: list[dict]) -> dict:
    ranks = []
    for case in cases:
        found = rank(case)
        ranks.append(found.index(case["expected"]) + 1 if case["expected"] in found else None)
    n = len(cases)
    return {
        "cases": n,
        "recall_at_1": round(sum(r == 1 for r in ranks) / n, 3),
        "recall_at_5": round(sum(r is not None and r <= 5 for r in ranks) / n, 3),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
    }


def report(rank: Ranker, cases: list[dict]) -> dict:
    by_half = {half: [c for c in cases if c["half"] == half] for half in HALVES}
    missed = [c for c in cases if c["expected"] not in rank(c)[:5]]
    return {
        "all": quality(rank, cases),
        **{half: quality(rank, chosen) for half, chosen in by_half.items()},
        "missed_at_5": [f"{c['id']} ({c['half']}, {c['about']})" for c in missed],
    }


def speed(rounds: int, cases: list[dict], rankers: dict[str, Ranker]) -> dict:
    """Median ms per case of each, timed alternately so a slow spell falls on both."""
    by_id = {case["id"]: case for case in cases}
    ids = list(by_id)
    timings: dict[str, list[float]] = {name: [] for name in rankers}
    for _ in range(rounds):
        for name, rank in rankers.items():
            timings[name].append(seconds_per_pass(lambda i, rank=rank: rank(by_id[i]), ids))
    return {
        f"{name}_ms_per_case": round(1000 * statistics.median(seconds) / len(ids), 3)
        for name, seconds in timings.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    cards, cases = corpus["cards"], corpus["cases"]
    started = time.perf_counter()
    matcher = matcher_ranker(cards)
    index_ms = 1000 * (time.perf_counter() - started)
    baseline = baseline_ranker(cards)
    result = {
        "corpus": {
            "path": str(CORPUS.relative_to(ROOT)),
            "cards": len(cards),
            "active_cards": sum(card["active"] for card in cards),
            "cases": len(cases),
            **{half: sum(c["half"] == half for c in cases) for half in HALVES},
            "cases_with_tags": sum(bool(c["tags"]) for c in cases),
            "cases_with_body_region": sum(c["body_region"] is not None for c in cases),
        },
        "matching": "a case counts at k when its expected colleague is among the first k ranked; "
        "mrr: mean of 1/rank of the expected colleague",
        "rank_experts": {
            "what": "services.cases.matching.rank_experts over a prebuilt index_cards",
            **report(matcher, cases),
        },
        "baseline": {"what": BASELINE_WHAT, **report(baseline, cases)},
        "speed": {
            **speed(args.rounds, cases, {"rank_experts": matcher, "baseline": baseline}),
            "index_cards_ms_first_call": round(index_ms, 1),
            "rounds": args.rounds,
            "note": "rank_experts ranks and explains every card here (limit=all) to find the "
            "expected rank; the first index_cards call also builds the vocabulary's tables",
        },
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
