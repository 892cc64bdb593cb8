"""Search over the self-help content: SQLite FTS5 in memory, built from content/ at start.

People type what they feel ("pain in my heel"), what a friend called it ("trapped nerve"),
or a word they cannot spell ("sciatca"). So the query is cut to its meaningful words, each
misspelt word is corrected to the nearest word the content uses, lay words gain the words the
content uses for them, and FTS5's porter stemmer matches "stretches" to "stretching". A page
whose own synonym or title appears whole in the query comes first: the writers listed those
words because people use them. The index is a read model of the repo's content: it owns no data.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from gateway.self_help.content import Library

# Words that say nothing about where it hurts.
STOP_WORDS = set(
    "a about after all am an and any are at be been but by can do does for from get got had "
    "has have having how i i'm im in into is it it's its keep keeps me my of off on or out "
    "so some the them then there this to too up very was what when where which why will "
    "with you your went go going gone thing things".split()
)
# Lay words and the words the content uses for the same thing.
LAY_WORDS = {
    "ache": ["pain"],
    "aches": ["pain"],
    "aching": ["pain"],
    "sore": ["pain"],
    "hurts": ["pain"],
    "hurt": ["pain"],
    "hurting": ["pain"],
    "painkillers": ["medicines"],
    "painkiller": ["medicines"],
    "tablets": ["medicines"],
    "pills": ["medicines"],
    "physio": ["physiotherapy"],
    "physiotherapist": ["physiotherapy"],
    "refer": ["referral"],
    "appointment": ["refer"],
    "emergency": ["urgent"],
    "urgent": ["emergency"],
    "open": ["opening"],
    "times": ["hours"],
    "arthritis": ["osteoarthritis"],
    "tendonitis": ["tendinopathy", "tendon"],
    "twisted": ["sprain"],
    "rolled": ["sprain"],
}
# bm25 weights per column: url, kind (not searched), title, synonyms, summary, body.
WEIGHTS = (0.0, 0.0, 10.0, 8.0, 3.0, 1.0)
WHOLE_PHRASE_BONUS = 25.0
WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Hit:
    url: str
    kind: str
    title: str
    summary: str


@dataclass(frozen=True)
class Results:
    query: str
    corrected: str | None  # the query as searched, when a word was corrected
    hits: tuple[Hit, ...]
    suggestions: tuple[Hit, ...]  # when nothing matched


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("'", ""))


def meaningful(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP_WORDS and len(w) > 1]


@dataclass(frozen=True)
class Document:
    url: str
    kind: str
    title: str
    synonyms: tuple[str, ...]
    summary: str
    body: str


def documents(library: Library) -> list[Document]:
    found = []
    for article in library.articles():
        body = [section.text for section in article.sections]
        body += [f"{e.name}. {' '.join(e.steps)}" for e in article.exercises]
        body += [line for lines in article.care.values() for line in lines]
        found.append(
            Document(
                article.url,
                article.kind,
                article.title,
                tuple(article.synonyms),
                article.summary,
                "\n".join(body),
            )
        )
    for site in library.sites:
        found.append(
            Document(
                f"/self-help/sites/{site['slug']}",
                "site",
                site["name"],
                (site["town"], f"physiotherapy in {site['town']}", "opening hours"),
                ", ".join(site["address"]),
                " ".join(str(v) for v in site["access"].values()),
            )
        )
    for service in library.services:
        found.append(
            Document(
                f"/self-help/services/{service['code']}",
                "service",
                service["name"],
                (),
                service["summary"],
                " ".join([*service["description"], *service["who_for"]]),
            )
        )
    return found


class SearchIndex:
    def __init__(self, library: Library):
        self.documents = {d.url: d for d in documents(library)}
        self.common = tuple(
            _hit(self.documents[a.url]) for a in library.conditions.values() if a.common
        )
        # One connection for the process: FTS5 queries run in C without yielding to other
        # green threads, and nothing writes after this constructor.
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE documents USING fts5(url UNINDEXED, kind UNINDEXED, title, "
            "synonyms, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        self.db.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
            [
                (d.url, d.kind, d.title, " ; ".join(d.synonyms), d.summary, d.body)
                for d in self.documents.values()
            ],
        )
        vocabulary = {w for d in self.documents.values() for w in words(_all_text(d))}
        vocabulary.update(w for expansions in LAY_WORDS.values() for w in expansions)
        vocabulary.update(LAY_WORDS)
        self.vocabulary = frozenset(vocabulary)
        self._by_length = defaultdict(list)
        for word in sorted(self.vocabulary):
            self._by_length[len(word)].append(word)
        self.phrases = {
            url: [" ".join(meaningful(p)) for p in (d.title, *d.synonyms) if meaningful(p)]
            for url, d in self.documents.items()
        }
        # Each page's names, to suggest the nearest when nothing matched.
        self.names = {p: url for url, phrases in self.phrases.items() for p in phrases}

    def search(self, query: str) -> Results:
        asked = meaningful(query)
        meant = [self.correct(w) for w in asked]
        corrected = " ".join(meant) if meant != asked else None
        hits = self._ranked(meant) if meant else ()
        suggestions = () if hits else self._suggest(meant)
        return Results(query.strip(), corrected, hits, suggestions)

    def correct(self, word: str) -> str:
        """The word, or the nearest word the content uses when the content never uses it."""
        if word in self.vocabulary or len(word) < 4 or word.isdigit():
            return word
        nearby = [w for n in range(len(word) - 2, len(word) + 3) for w in self._by_length[n]]
        found = difflib.get_close_matches(word, nearby, n=1, cutoff=0.75)
        return found[0] if found else word

    def _ranked(self, meant: list[str]) -> tuple[Hit, ...]:
        terms = {w for word in meant for w in [word, *LAY_WORDS.get(word, [])]}
        match = " OR ".join(f'"{term}"' for term in sorted(terms))
        rows = self.db.execute(
            f"SELECT url, bm25(documents, {', '.join(map(str, WEIGHTS))}) FROM documents "
            "WHERE documents MATCH ? LIMIT 50",
            (match,),
        ).fetchall()
        phrase = f" {' '.join(meant)} "
        scored = []
        for url, bm25 in rows:
            whole = any(f" {p} " in phrase for p in self.phrases[url])
            scored.append((-bm25 + (WHOLE_PHRASE_BONUS if whole else 0.0), url))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return tuple(_hit(self.documents[url]) for _, url in scored[:20])

    def _suggest(self, meant: list[str]) -> tuple[Hit, ...]:
        """Nothing matched: the pages whose names look most like what was typed, else the
        commonest problems."""
        typed = " ".join(meant)
        close = difflib.get_close_matches(typed, self.names, n=3, cutoff=0.5) if typed else []
        found = list(dict.fromkeys(self.names[p] for p in close))
        return tuple(_hit(self.documents[url]) for url in found) or self.common


def _all_text(d: Document) -> str:
    return " ".join([d.title, *d.synonyms, d.summary, d.body])


def _hit(d: Document) -> Hit:
    return Hit(d.url, d.kind, d.title, d.summary)
