"""How well and how fast the red-flag detector works, next to a naive baseline in the same run.

    .venv/bin/python bench/red_flags.py [--rounds 7] [--repeat 10] [--before REF]

Prints one JSON document. Over tests/data/red_flag_corpus.jsonl: per flag precision, recall and
tp/fp/fn, counted per text (does the text carry this flag?), for the detector and the baseline
side by side; the detector's exact-span recall (flag, start and end equal a label's); the share
of clean texts with any flag; and throughput. The baseline is one combined keyword regex pass
with a named group per flag and no negation handling: "no saddle anaesthesia" counts as saddle
anaesthesia, which is what a first attempt looks like. Both are timed alternately, round after
round, on the same texts; medians are shown. With `--before REF` (a git commit or branch) the
detector as it was at REF is measured on the same corpus in the same run: before and after.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.text_corpus import Spans, load, named_group_spans, throughput  # noqa: E402
from contracts.red_flags import FLAGS, find_red_flags  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "red_flag_corpus.jsonl"
# The texts the detector was built on; pathway sentences it was then changed for; pathway
# sentences drawn before it was changed for them and never tuned on; and a second held-out set,
# written before the first one's misses were read (tests/data/red_flag_fresh.py).
PARTS = ("dev", "tune", "held_out", "held_out_2")

BASELINE = re.compile(
    r"(?P<cauda_equina>saddle|\bS/A\b|bladder|bowel|\bB\s?[&+/]\s?B\b|urinary|incontinen|anal tone"
    r"|\bCES\b|cauda equina|sexual dysfunction|erectile)"
    r"|(?P<bilateral_neurology>\bbilat|both legs|both feet)"
    r"|(?P<progressive_neurology>progressive|worsening|weaker|foot drop)"
    r"|(?P<suspected_fracture>fracture|\?#|weight bear|bear weight|bony tenderness|Ottawa)"
    r"|(?P<malignancy>cancer|malignan|metasta|carcinoma|myeloma|weight loss|night pain)"
    r"|(?P<infection>fever|febrile|pyrex|rigors|night sweats|swollen|septic|immunosuppress|IVDU"
    r"|drug use|temp 3[89])"
    r"|(?P<vascular>pulsatile|AAA|cold pale|pulses)",
    re.I,
)
BASELINE_WHAT = (
    "one combined keyword regex pass (re.finditer, case-insensitive), a named group per flag, "
    "no negation, no context: 'no saddle anaesthesia' and 'fracture ruled out' both count"
)


def detector_at(ref: str) -> Callable[[str], Spans]:
    """The detector as committed at `ref`, imported beside today's (its `contracts` package is
    loaded from a copy and then put aside, so both run in one process on one corpus)."""
    copy = tempfile.mkdtemp(prefix="red-flags-")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "contracts"], check=True, capture_output=True
    )
    subprocess.run(["tar", "-x", "-C", copy], input=archive.stdout, check=True)
    today = {name: mod for name, mod in sys.modules.items() if name.split(".")[0] == "contracts"}
    for name in today:
        del sys.modules[name]
    sys.path.insert(0, copy)
    try:
        find = importlib.import_module("contracts.red_flags").find_red_flags
    finally:
        sys.path.remove(copy)
        for name in [name for name in sys.modules if name.split(".")[0] == "contracts"]:
            del sys.modules[name]
        sys.modules.update(today)
    return lambda text: {(hit.flag, hit.start, hit.end) for hit in find(text)}


def baseline(text: str) -> Spans:
    return named_group_spans(BASELINE, text)


def detector(text: str) -> Spans:
    return {(hit.flag, hit.start, hit.end) for hit in find_red_flags(text)}


def quality(find: Callable[[str], Spans], corpus: list[tuple[str, Spans]]) -> dict:
    counts: Counter[tuple[str, str]] = Counter()
    clean = flagged_clean = 0
    for text, labels in corpus:
        found = find(text)
        expected, got = {flag for flag, *_ in labels}, {flag for flag, *_ in found}
        for flag in FLAGS:
            key = (
                "tp"
                if flag in expected and flag in got
                else "fp"
                if flag in got
                else "fn"
                if flag in expected
                else None
            )
            if key:
                counts[flag, key] += 1
        if not labels:
            clean += 1
            flagged_clean += bool(found)
    per_flag = {}
    for flag in FLAGS:
        tp, fp, fn = (counts[flag, key] for key in ("tp", "fp", "fn"))
        per_flag[flag] = {
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    return {
        "per_flag_by_text": per_flag,
        "false_positive_rate_clean": round(flagged_clean / clean, 4),
        "clean_texts_flagged": flagged_clean,
    }


def overall(find: Callable[[str], Spans], corpus: list[tuple[str, Spans]]) -> dict:
    """Precision and recall over every flag at once (per text and flag), and clean texts flagged."""
    tp = fp = fn = clean_flagged = 0
    for text, labels in corpus:
        expected, got = {flag for flag, *_ in labels}, {flag for flag, *_ in find(text)}
        tp, fp, fn = tp + len(expected & got), fp + len(got - expected), fn + len(expected - got)
        clean_flagged += not labels and bool(got)
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "clean_texts_flagged": clean_flagged,
    }


def span_recall(corpus: list[tuple[str, Spans]]) -> dict:
    """The detector's labels found with exactly their flag, start and end (the "dev" texts, whose
    labels are the exact words; pathway texts label a whole sentence)."""
    found = missed = 0
    for text, labels in corpus:
        hits = detector(text)
        found += len(labels & hits)
        missed += len(labels - hits)
    return {"exact_span_recall": round(found / (found + missed), 4), "missed": missed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=10, help="corpus copies per timed pass")
    parser.add_argument("--before", metavar="REF", help="also measure the detector as at REF")
    args = parser.parse_args()
    corpus = load(CORPUS, "flags", "flag")
    parts = [json.loads(line)["part"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]

    def part(name: str) -> list[tuple[str, Spans]]:
        return [record for record, of in zip(corpus, parts, strict=True) if of == name]

    def by_part(find: Callable[[str], Spans]) -> dict:
        return {name: {"texts": len(part(name)), **overall(find, part(name))} for name in PARTS}

    texts = [text for text, _ in corpus] * args.repeat
    speed = throughput(args.rounds, texts, detector, baseline)
    report = {
        "corpus": {
            "path": str(CORPUS.relative_to(ROOT)),
            "texts": len(corpus),
            "clean_texts": sum(not labels for _, labels in corpus),
            "labelled_flags": sum(len(labels) for _, labels in corpus),
        },
        "matching": "per text and flag: a true positive when the text is labelled with the flag "
        "and the finder reports it anywhere in the text",
        "detector": {
            "what": "contracts.red_flags.find_red_flags",
            **quality(detector, corpus),
            **span_recall(part("dev")),
        },
        **by_part(detector),
        "baseline": {"what": BASELINE_WHAT, **quality(baseline, corpus)},
        "throughput": speed,
        "python": platform.python_version(),
    }
    if args.before:
        before = detector_at(args.before)
        report["before"] = {
            "ref": args.before,
            **by_part(before),
            "clean_texts_flagged": quality(before, corpus)["clean_texts_flagged"],
        }
        speed = throughput(args.rounds, texts, detector, before)
        speed["before"] = speed.pop("baseline")
        speed["detector_over_before_time"] = speed.pop("detector_over_baseline_time")
        report["before"]["throughput"] = speed
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
