"""TF-IDF cosine similarity over words and character n-grams, in pure Python.

Words catch the same term; character 4-grams catch its relatives ("tendinopathy", "tendinosis",
"tendon"; "capsulitis" in "capsulitic"; a typo), which exact words miss. IDF is counted over the
cards, so a word most cards use ("pain") weighs little and a rare one ("shockwave") a lot.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from services.cases.reading import words

GRAM = 4
WORD_WEIGHT = 1.0
GRAM_WEIGHT = 0.25  # a word of 8 letters has 7 grams: together they count about twice its word
STOPWORDS = frozenset(
    "a an and are as at be been but by can do for from has have he her his i if in into is it "
    "its me my no not of on or our she so than that the their them then there they this to up "
    "us was we were what when which who will with would you your also any some very".split()
)


def features(text: str, weight: float = 1.0, into: Counter | None = None) -> Counter:
    """Weighted word and character 4-gram counts of a text (added to `into` if given)."""
    counts = into if into is not None else Counter()
    for word in words(text):
        if word in STOPWORDS or word.isdigit():
            continue
        counts["=" + word] += WORD_WEIGHT * weight
        padded = f" {word} "
        for start in range(max(1, len(padded) - GRAM + 1)):
            counts[padded[start : start + GRAM]] += GRAM_WEIGHT * weight
    return counts


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {f: w / norm for f, w in weights.items()} if norm else {}


class TfIdf:
    """Documents as unit TF-IDF vectors, with postings so a query touches only shared features."""

    def __init__(self, documents: list[Counter]) -> None:
        df = Counter(f for doc in documents for f in doc)
        n = len(documents)
        self.idf = {f: math.log((1 + n) / (1 + count)) + 1 for f, count in df.items()}
        self.size = n
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, doc in enumerate(documents):
            for f, w in self.vector(doc).items():
                self.postings[f].append((number, w))

    def vector(self, counts: Counter) -> dict[str, float]:
        # Square root of the count: saying "shoulder" five times is not five times the evidence.
        return _unit({f: math.sqrt(w) * self.idf[f] for f, w in counts.items() if f in self.idf})

    def similarities(self, counts: Counter) -> list[float]:
        """Cosine of the query with every document, in document order."""
        scores = [0.0] * self.size
        for f, weight in self.vector(counts).items():
            for number, w in self.postings[f]:
                scores[number] += weight * w
        return scores
