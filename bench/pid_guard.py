"""How well and how fast the PID guard finds identifiers, next to a naive baseline in the same run.

    .venv/bin/python bench/pid_guard.py [--rounds 7]

Prints one JSON document. Over tests/data/pid_corpus.jsonl: per kind precision, recall, tp/fp/fn
(a hit counts only when its kind, start and end equal a label's), the share of clean texts with
any hit, and throughput. The baseline is one combined regex pass with a named group per kind and
no validation (no Modulus 11, no calendar, no postcode areas, no stop-list): what a first attempt
looks like. Both are timed alternately, round after round, on the same texts; medians are shown.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.text_corpus import Spans, load, named_group_spans, throughput  # noqa: E402
from contracts.privacy import KINDS, find_identifiers  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "pid_corpus.jsonl"

BASELINE = re.compile(
    r"(?P<nhs_number>\b\d{3}[ -]?\d{3}[ -]?\d{4}\b)"
    r"|(?P<phone>(?:\+44\s?|\b0)\d{3,4}\s?\d{3}\s?\d{3,4}\b)"
    r"|(?P<date_of_birth>\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b)"
    r"|(?P<postcode>\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b)"
    r"|(?P<email>\S+@\S+\.\w+)"
    r"|(?P<hospital_number>(?<=MRN )\w+)"
    r"|(?P<name>\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s[A-Z]\w+)"
)
BASELINE_WHAT = (
    "one combined regex pass (re.finditer), a named group per kind, no validation: "
    "any 3-3-4 digits, any d/m/y, any postcode shape, any title + capitalised word"
)


def baseline(text: str) -> Spans:
    return named_group_spans(BASELINE, text)


def detector(text: str) -> Spans:
    return {(hit.kind, hit.start, hit.end) for hit in find_identifiers(text)}


def quality(find: Callable[[str], Spans], corpus: list[tuple[str, Spans]]) -> dict:
    counts: Counter[tuple[str, str]] = Counter()
    clean = flagged_clean = 0
    for text, labels in corpus:
        found = find(text)
        for kind, *_ in found & labels:
            counts[kind, "tp"] += 1
        for kind, *_ in found - labels:
            counts[kind, "fp"] += 1
        for kind, *_ in labels - found:
            counts[kind, "fn"] += 1
        if not labels:
            clean += 1
            flagged_clean += bool(found)
    per_kind = {}
    for kind in KINDS:
        tp, fp, fn = (counts[kind, key] for key in ("tp", "fp", "fn"))
        per_kind[kind] = {
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    return {
        "per_kind": per_kind,
        "false_positive_rate_clean": round(flagged_clean / clean, 4),
        "clean_texts_flagged": flagged_clean,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=10, help="corpus copies per timed pass")
    args = parser.parse_args()
    corpus = load(CORPUS, "hits", "kind")
    texts = [text for text, _ in corpus] * args.repeat
    speed = throughput(args.rounds, texts, detector, baseline)
    report = {
        "corpus": {
            "path": str(CORPUS.relative_to(ROOT)),
            "texts": len(corpus),
            "clean_texts": sum(not labels for _, labels in corpus),
            "labelled_hits": sum(len(labels) for _, labels in corpus),
        },
        "matching": "a hit is a true positive only when kind, start and end equal a label's",
        "detector": {"what": "contracts.privacy.find_identifiers", **quality(detector, corpus)},
        "baseline": {"what": BASELINE_WHAT, **quality(baseline, corpus)},
        "throughput": speed,
        "python": platform.python_version(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
