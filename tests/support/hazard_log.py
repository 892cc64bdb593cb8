"""The DCB0129 hazard log (docs/safety/hazard-log.yaml): its risk matrix and its named tests.

Used by tests/unit/test_hazard_log.py, which keeps the log honest, and by
scripts/safety_case.py, which renders the safety case with the tests' results.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "safety" / "hazard-log.yaml"
SEVERITIES = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")
LIKELIHOODS = ("Very low", "Low", "Medium", "High", "Very high")
# The standard's clinical risk matrix: a row per likelihood, a column per severity.
MATRIX = {
    "Very high": (3, 4, 4, 5, 5),
    "High": (2, 3, 3, 4, 5),
    "Medium": (2, 2, 3, 3, 4),
    "Low": (1, 2, 2, 3, 4),
    "Very low": (1, 1, 2, 2, 3),
}
ACCEPTABILITY = {
    1: "acceptable",
    2: "acceptable where further reduction is impractical",
    3: "undesirable: accepted only with the Clinical Safety Officer's sign-off",
    4: "unacceptable: must be reduced",
    5: "unacceptable",
}


def load(path: Path = LOG) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def risk(severity: str, likelihood: str) -> int:
    return MATRIX[likelihood][SEVERITIES.index(severity)]


def named_tests(log: dict) -> list[str]:
    """Every node id the controls name, once each, in the order of the log."""
    seen: dict[str, None] = {}
    for hazard in log["hazards"]:
        for control in hazard["controls"]:
            seen.update(dict.fromkeys(control["tests"]))
    return list(seen)


def existing_tests(path: Path) -> set[str]:
    """The test functions a file defines (top level, or in a Test class as Class::name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}  # test_x = make()
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            names |= {f"{node.name}::{f.name}" for f in node.body if isinstance(f, ast.FunctionDef)}
    return {name for name in names if name.split("::")[-1].startswith("test_")}


def missing_tests(log: dict) -> list[str]:
    """Named tests whose file or function does not exist."""
    missing = []
    for node_id in named_tests(log):
        file, _, name = node_id.partition("::")
        path = ROOT / file
        if not (file.startswith("tests/") and path.is_file() and name in existing_tests(path)):
            missing.append(node_id)
    return missing
