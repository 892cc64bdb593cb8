"""The DCB0129 hazard log is complete and true to the code: every control names tests that exist."""

import pytest

from tests.support import hazard_log
from tests.support.hazard_log import LIKELIHOODS, SEVERITIES, risk

LOG = hazard_log.load()
# The hazards of the clinicians' side (H01-H08) and the patient side (H10-H13).
REQUIRED = {
    "H01": "identifiable",
    "H02": "red flag",
    "H03": "follow-up",
    "H04": "email",
    "H05": "quorate",
    "H06": "shown to someone",
    "H07": "outcome figures",
    "H08": "outage",
    "H10": "self-referral",
    "H11": "urgent-care wording",
    "H12": "stale self-help content",
    "H13": "leaves the referrals service",
}


def test_the_log_covers_every_hazard_of_the_product_once():
    hazards = {h["id"]: h["hazard"].lower() for h in LOG["hazards"]}
    assert len(hazards) == len(LOG["hazards"])
    for hazard_id, words in REQUIRED.items():
        assert words in hazards.get(hazard_id, ""), hazard_id


@pytest.mark.parametrize("hazard", LOG["hazards"], ids=lambda h: h["id"])
def test_each_hazard_has_causes_an_effect_controls_and_risks_from_the_matrix(hazard):
    assert hazard["causes"] and hazard["effect"].strip() and hazard["controls"]
    for stage in ("initial", "residual"):
        rating = hazard[stage]
        assert rating["severity"] in SEVERITIES and rating["likelihood"] in LIKELIHOODS
        assert rating["risk"] == risk(rating["severity"], rating["likelihood"]), stage
    assert hazard["residual"]["risk"] <= hazard["initial"]["risk"]
    assert hazard["residual"]["risk"] <= 3, "an unacceptable residual risk cannot be signed off"
    if hazard["residual"]["risk"] == 3:
        assert hazard.get("actions"), "an undesirable residual risk needs its actions"
    for control in hazard["controls"]:
        assert control["control"].strip() and control["tests"], control


def test_every_test_a_control_names_exists():
    assert hazard_log.missing_tests(LOG) == []


def test_a_misspelt_test_name_is_caught(tmp_path):
    log = {"hazards": [{"controls": [{"tests": [
        "tests/unit/test_hazard_log.py::test_every_test_a_control_names_exists",
        "tests/unit/test_hazard_log.py::test_that_was_never_written",
        "tests/unit/no_such_file.py::test_x",
    ]}]}]}  # fmt: skip
    assert hazard_log.missing_tests(log) == [
        "tests/unit/test_hazard_log.py::test_that_was_never_written",
        "tests/unit/no_such_file.py::test_x",
    ]
