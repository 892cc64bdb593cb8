"""Properties of the PID guard: any valid NHS number in any clinical prose is found, exactly.

Hypothesis draws the nine digits, the grouping, the prose around the number and where it goes;
the Modulus 11 check digit comes from /work/shared/DOMAIN.md (weights 10..2 on the first nine,
11 - (sum mod 11), 11 -> 0, 10 -> no valid number). No example database is kept
(`database=None`) and Hypothesis's own cache goes to the system temp directory, so a run leaves
no `.hypothesis/` in the repository.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from contracts.privacy import Hit, find_identifiers

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "mskpeer-hypothesis")

# Clean clinical phrases: ages, durations, scores, doses, levels and tests, nothing identifying.
PHRASES = [
    "45-year-old with low back pain",
    "symptoms for 6 weeks",
    "MSK-HQ 32/56 at assessment",
    "NRS 7/10 on loading",
    "PSFS 4/10 for stairs",
    "takes naproxen 500mg bd",
    "co-codamol 30/500 at night",
    "disc bulge at L4/5",
    "C5-6 radiculopathy",
    "power 4/5 in the L5 myotome",
    "reflexes 2+ and symmetrical",
    "3x10 squats daily",
    "ROM flexion 0-120 degrees",
    "seen 2/52 ago",
    "review in 3/12",
    "Hawkins-Kennedy test positive",
    "SLR at 40 degrees",
    "no red flags",
    "S/A NAD, B&B normal",
    "keen to get back to running",
    "works as a postman",
    "STarT MSK medium risk",
    "referred by FCP",
    "question: refer to the ESP clinic?",
    "grip 22kg vs 31kg",
    "BP 138/82, HR 72",
]
WEIGHTS = range(10, 1, -1)
GROUPINGS = ["dddddddddd", "ddd ddd dddd", "ddd-ddd-dddd"]
BEFORE = ["", "(", "NHS ", "NHS no. ", "ref: "]
AFTER = ["", ")", ",", ".", ";"]
PROPERTY = settings(max_examples=300, deadline=None, database=None)


def check_digit(nine: list[int]) -> int:
    """The Modulus 11 check digit of the first nine digits; 10 means no valid number exists."""
    check = 11 - sum(d * w for d, w in zip(nine, WEIGHTS, strict=True)) % 11
    return 0 if check == 11 else check


def grouped(digits: str, grouping: str) -> str:
    it = iter(digits)
    return "".join(next(it) if char == "d" else char for char in grouping)


def embed(words: list[str], at: int, number: str, before: str, after: str) -> tuple[str, int]:
    """The prose with the number inserted between two of its words; the number's start."""
    head = " ".join(words[:at])
    prefix = (head + " " if head else "") + before
    tail = " ".join(words[at:])
    return prefix + number + after + (" " + tail if tail else ""), len(prefix)


prose = st.lists(st.sampled_from(PHRASES), min_size=1, max_size=6).map(
    lambda phrases: " ".join(phrases).split(" ")
)
nine_digits = st.lists(st.integers(0, 9), min_size=9, max_size=9)


@PROPERTY
@given(
    nine=nine_digits,
    grouping=st.sampled_from(GROUPINGS),
    words=prose,
    data=st.data(),
    before=st.sampled_from(BEFORE),
    after=st.sampled_from(AFTER),
)
def test_a_valid_nhs_number_anywhere_in_clinical_prose_is_found_with_its_exact_span(
    nine, grouping, words, data, before, after
):
    check = check_digit(nine)
    assume(check != 10)
    number = grouped("".join(map(str, nine)) + str(check), grouping)
    at = data.draw(st.integers(0, len(words)), label="at")
    text, start = embed(words, at, number, before, after)
    hits = find_identifiers(text)
    assert Hit("nhs_number", start, start + len(number), number) in hits, (text, hits)


@PROPERTY
@given(
    nine=nine_digits,
    grouping=st.sampled_from(GROUPINGS),
    words=prose,
    data=st.data(),
    before=st.sampled_from(BEFORE),
    after=st.sampled_from(AFTER),
)
def test_a_ten_digit_number_with_a_wrong_check_digit_in_prose_is_never_an_nhs_number(
    nine, grouping, words, data, before, after
):
    check = check_digit(nine)
    wrong = data.draw(st.sampled_from([d for d in range(10) if d != check]), label="wrong")
    number = grouped("".join(map(str, nine)) + str(wrong), grouping)
    at = data.draw(st.integers(0, len(words)), label="at")
    text, _ = embed(words, at, number, before, after)
    hits = find_identifiers(text)
    assert not [hit for hit in hits if hit.kind == "nhs_number"], (text, hits)


def test_the_check_digit_matches_the_worked_examples_in_the_unit_tests():
    # 943 476 591 -> 9, and 000 000 006 -> 10 (no valid number), as in test_privacy.py.
    assert check_digit([9, 4, 3, 4, 7, 6, 5, 9, 1]) == 9
    assert check_digit([0, 0, 0, 0, 0, 0, 0, 0, 6]) == 10


def test_a_failed_candidate_just_before_a_valid_number_does_not_swallow_it():
    # Found by the property above: "0-120 000 000" was tried first, failed the check, and took
    # the digits of the valid "000 000 0000" with it.
    for text, number in [
        ("ROM flexion 0-120 000 000 0000 degrees", "000 000 0000"),
        ("Knee replacement 2019 943 476 5919", "943 476 5919"),
    ]:
        start = text.index(number)
        assert find_identifiers(text) == [Hit("nhs_number", start, start + len(number), number)]


def test_digits_running_on_before_a_candidate_make_it_no_number_unless_grouped_3_3_4():
    # Found by the property above: in "000 300 0309 500mg" the digits "300 0309 500" pass the
    # check by chance, but a 3-4-3 window inside a longer run of digits is no NHS number.
    assert find_identifiers("takes naproxen 000 300 0309 500mg bd") == []
    found = find_identifiers("seen 2019 943 476 5919 in clinic")
    assert [(hit.kind, hit.text) for hit in found] == [("nhs_number", "943 476 5919")]
