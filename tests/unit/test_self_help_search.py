"""Search finds what people type: lay words, synonyms, stems and misspellings, best match first.

Search quality is measured over the real content with a labelled list of real-world queries
(tests/data/self_help_queries.yaml); bench/self_help.py prints the same figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gateway.self_help import content
from gateway.self_help.search import SearchIndex
from mskpeer.platform.content import CONTENT

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "self_help_sample"
QUERIES = DATA / "self_help_queries.yaml"
BACK = "/self-help/conditions/low-back-pain-and-sciatica/"


def labelled_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text())["queries"]


def recall_at_1(index: SearchIndex, queries: list[dict]) -> tuple[float, list[str]]:
    misses = []
    for item in queries:
        hits = index.search(item["q"]).hits
        if not hits or hits[0].url != item["page"]:
            misses.append(f"{item['q']!r}: {hits[0].url if hits else 'nothing'}")
    return 1 - len(misses) / len(queries), misses


@pytest.fixture(scope="module")
def sample() -> SearchIndex:
    return SearchIndex(content.load(SAMPLE))


def test_a_synonym_the_writers_listed_finds_its_condition(sample):
    assert sample.search("trapped nerve").hits[0].url == BACK


def test_a_misspelt_word_is_corrected_to_a_word_the_content_uses(sample):
    results = sample.search("sciatca")
    assert results.corrected == "sciatica"
    assert results.hits[0].url == BACK


def test_stemming_matches_other_forms_of_a_word(sample):
    assert sample.search("rolling knees").hits[0].url == BACK  # "Knee rolls"


def test_words_that_say_nothing_are_left_out(sample):
    assert sample.search("what can I do about my bad back").hits[0].url == BACK


def test_a_site_is_found_by_its_town(sample):
    assert sample.search("physio in poole").hits[0].url == "/self-help/sites/poole-hospital"


def test_nothing_matching_gives_suggestions_instead_of_an_empty_page(sample):
    results = sample.search("xylophone quartz")
    assert results.hits == ()
    assert [hit.url for hit in results.suggestions] == [BACK]  # the commonest problems


def test_the_labelled_list_has_at_least_40_real_world_queries_each_naming_a_real_page():
    queries = labelled_queries()
    assert len(queries) >= 40
    pages = {d.url for d in SearchIndex(content.load(CONTENT)).documents.values()}
    assert [q["page"] for q in queries if q["page"] not in pages] == []


def test_the_best_match_comes_first_for_at_least_9_in_10_real_world_queries():
    recall, misses = recall_at_1(SearchIndex(content.load(CONTENT)), labelled_queries())
    assert recall >= 0.9, f"recall@1 {recall:.2f}; missed: " + "; ".join(misses)
