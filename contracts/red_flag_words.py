"""The words more than one red flag is written in, and the helpers that build the patterns.

Notes write a red flag in the clinician's shorthand ("S/A, B&B dysfunction"), in the pathway's
words ("loss of rectal sensation") and in the patient's own words, quoted ("can't feel when she's
having a wee", "numb between the legs"), with British or American spelling. The nerve flags are
in contracts/red_flag_neurology.py, the others in contracts/red_flag_features.py.
"""

from __future__ import annotations

import re


def rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def alt(words: str) -> str:
    """'a b_c d?' -> '(?:a|b\\s+c|d?)': alternatives split on spaces, "_" for any whitespace."""
    return "(?:" + "|".join(word.replace("_", r"\s+") for word in words.split()) + ")"


LESS = alt("altered reduced decreased diminished impaired absent loss_of lost lax poor")
PARAESTHESIA = r"par(?:a)?esthesi(?:a|ae)"
NUMB = alt(f"an(?:a)?esthesia numb(?:ness)? {PARAESTHESIA} hypo(?:a)?esthesia tingling")
LEG = alt("legs? lower_limbs? LLs? feet foot thighs calves")
SYMPTOM = alt(f"pain numb(?:ness)? weak(?:ness)? {PARAESTHESIA} pins_and_needles tingling")
SYMPTOM = alt(f"{SYMPTOM} symptoms sciatica radicular_(?:pain|symptoms) heaviness burning")
QUERY = r"(?:\?\s?|\b(?:query|suspected|suspicion\s+of|possible|probable|likely)\s+)"
