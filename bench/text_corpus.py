"""Labelled text corpora and side-by-side timing, shared by the guard benchmarks."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

Spans = set[tuple[str, int, int]]


def seconds_per_pass(find: Callable[[str], object], texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        find(text)
    return time.perf_counter() - started


def throughput(rounds: int, texts: list[str], detector, baseline) -> dict:
    """Median texts/s and MB/s of both, timed alternately so a slow spell falls on both."""
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    timings: dict[str, list[float]] = {"detector": [], "baseline": []}
    for _ in range(rounds):
        timings["detector"].append(seconds_per_pass(detector, texts))
        timings["baseline"].append(seconds_per_pass(baseline, texts))
    result: dict = {}
    for name, seconds in timings.items():
        median = statistics.median(seconds)
        result[name] = {
            "texts_per_s": round(len(texts) / median),
            "mb_per_s": round(megabytes / median, 2),
            "median_s_per_pass": round(median, 4),
        }
    result["detector_over_baseline_time"] = round(
        result["detector"]["median_s_per_pass"] / result["baseline"]["median_s_per_pass"], 2
    )
    result["setup"] = {"rounds": rounds, "texts_per_pass": len(texts), "mb_per_pass": megabytes}
    return result


def load(path: Path, hits_key: str, label_key: str) -> list[tuple[str, Spans]]:
    """Each text with its labelled spans (a label's text located in order of appearance)."""
    corpus = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text, labels, cursor = record["text"], set(), 0
        for hit in record[hits_key]:
            start = text.index(hit["text"], cursor)
            cursor = start + len(hit["text"])
            labels.add((hit[label_key], start, cursor))
        corpus.append((text, labels))
    return corpus


def named_group_spans(pattern, text: str) -> Spans:
    """A baseline's finds: one span per match, labelled by the named group that matched."""
    return {(m.lastgroup or "", m.start(), m.end()) for m in pattern.finditer(text)}
