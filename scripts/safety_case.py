"""`make safety-case`: run the tests the hazard log names and render the DCB0129 safety case.

    .venv/bin/python scripts/safety_case.py [--suites unit e2e ...]

Runs every test named in docs/safety/hazard-log.yaml (a run per suite: unit, integration,
end to end, browser), reads their JUnit XML results, and writes docs/safety/safety-case.md:
each hazard with its risks and its controls, each control with its tests' results, and the
Clinical Safety Officer's sign-off. Exits 1 if a named test did not pass. `--suites` runs only
some suites (on a busy machine): the others' tests are marked "not run", never "passed".
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.hazard_log import ACCEPTABILITY, load, named_tests  # noqa: E402

OUT = ROOT / "docs" / "safety" / "safety-case.md"
RESULTS = ROOT / "test-output" / "safety-case"
SUITES = ("unit", "integration", "e2e", "browser")


def run(node_ids: list[str], name: str) -> dict[str, str]:
    """Each node id's result: passed, failed or skipped (all its parameters together)."""
    if not node_ids:
        return {}
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / f"{name}.xml"
    command = [sys.executable, "-m", "pytest", *node_ids, "-q", f"--junitxml={report}"]
    subprocess.run(command, cwd=ROOT, check=False)
    results: dict[str, str] = {}
    for case in ElementTree.parse(report).iter("testcase"):
        module, _, cls = case.get("classname", "").partition(".Test")
        node = module.replace(".", "/") + ".py::" + (f"Test{cls}::" if cls else "")
        node += case.get("name", "").split("[")[0]
        outcome = "passed"
        if case.find("failure") is not None or case.find("error") is not None:
            outcome = "failed"
        elif case.find("skipped") is not None:
            outcome = "skipped"
        if results.get(node, "passed") == "passed":  # one failing parameter fails the test
            results[node] = outcome
    return results


def rating(stage: dict) -> str:
    risk = stage["risk"]
    return f"{stage['severity']} x {stage['likelihood']} = **{risk}** ({ACCEPTABILITY[risk]})"


def render(log: dict, results: dict[str, str], commit: str, now: datetime, suites=SUITES) -> str:
    mark = {"passed": "passed", "failed": "**FAILED**", "skipped": "**skipped**"}
    lines = [
        f"# Clinical safety case: {log['product']} {log['version']} ({log['standard']})",
        "",
        f"Rendered by `make safety-case` on {now:%Y-%m-%d %H:%M} UTC from commit `{commit}`, "
        "from `docs/safety/hazard-log.yaml` and the results of the tests it names. "
        "Do not edit by hand: change the log or the tests, and render again.",
        "",
        f"Test suites run: {', '.join(suites)}."
        + ("" if set(suites) == set(SUITES) else " The tests of the others are marked not run."),
        "",
        "## Summary",
        "",
        "| hazard | | initial risk | residual risk | tests |",
        "|---|---|---|---|---|",
    ]
    for hazard in log["hazards"]:
        tests = [t for c in hazard["controls"] for t in c["tests"]]
        passed = sum(results.get(t) == "passed" for t in tests)
        not_run = sum(t not in results for t in tests)
        lines.append(
            f"| {hazard['id']} | {hazard['hazard']} | {hazard['initial']['risk']} "
            f"| {hazard['residual']['risk']} | {passed}/{len(tests)} passed"
            + (f", {not_run} not run |" if not_run else " |")
        )
    for hazard in log["hazards"]:
        lines += ["", f"## {hazard['id']}: {hazard['hazard']}", "", "Causes:", ""]
        lines += [f"- {cause}" for cause in hazard["causes"]]
        lines += ["", f"Effect on a patient: {hazard['effect']}", ""]
        lines += [f"Initial risk: {rating(hazard['initial'])}", "", "Controls:", ""]
        for number, control in enumerate(hazard["controls"], 1):
            lines.append(f"{number}. {control['control']}")
            for test in control["tests"]:
                lines.append(f"   - `{test}`: {mark.get(results.get(test, ''), '**not run**')}")
        lines += ["", f"Residual risk: {rating(hazard['residual'])}"]
        if hazard.get("actions"):
            lines += ["", "Actions:", ""] + [f"- {action}" for action in hazard["actions"]]
    lines += [
        "",
        "## Clinical Safety Officer's sign-off",
        "",
        "I have reviewed the hazard log, the controls and the test results above, and:",
        "",
        "- [ ] accept the residual risks for deployment",
        "- [ ] do not accept them, for the reasons below",
        "",
        "| | |",
        "|---|---|",
        "| Name | |",
        "| Professional registration | |",
        "| Organisation | |",
        "| Signature | |",
        "| Date | |",
        "| Reasons and conditions | |",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", nargs="+", choices=SUITES, default=SUITES)
    suites = parser.parse_args().suites
    log = load()
    nodes = named_tests(log)
    results: dict[str, str] = {}
    # One run per suite, as `make test` does: the end-to-end tests' in-memory broker must not
    # meet the integration tests' RabbitMQ, and Playwright cannot share a process with eventlet.
    for suite in suites:
        named = [n for n in nodes if n.startswith(f"tests/{suite}/")]
        if suite == "e2e":
            # An end-to-end module shares one product, and some of its tests build on the ones
            # before them (an outcome recorded, then corrected): run whole modules.
            named = list(dict.fromkeys(n.split("::")[0] for n in named))
        results |= {n: r for n, r in run(named, suite).items() if n in nodes}
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    now = datetime.now(UTC)
    OUT.write_text(render(log, results, commit or "unknown", now, suites), encoding="utf-8")
    failed = [n for n in nodes if results.get(n) != "passed"]
    print(f"wrote {OUT.relative_to(ROOT)}: {len(nodes) - len(failed)}/{len(nodes)} tests passed")
    for node in failed:
        print(f"  not passed: {node} ({results.get(node, 'not run')})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
