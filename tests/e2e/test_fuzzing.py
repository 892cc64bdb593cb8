"""Schemathesis fuzzes the API from its own OpenAPI document, as each of the four roles.

The product runs as `make run` starts it (embedded defaults, its own process).
For each role, `st run` sends the documented examples, generated requests valid
and invalid, and the stateful phase, which follows the document's links from the
POST that creates a case, an outcome, a day off or a rota (and from GET
/api/v1/me and the lists) to the routes that read and change it, so ids are real.
Every check is on: no 5xx, every status and body as documented, invalid input
refused, valid input accepted (a 422 only for a rule across fields or about the
content: tests/support/fuzz_checks.py, tests/support/schemathesis.toml).

The run is bounded and repeatable (about three minutes): EXAMPLES per operation
and phase, a fixed seed, deterministic generation, one worker, and the coverage
phase once (PHASES).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.product_process import running_process

ROLES = {
    "clinician": "physio@demo.nhs.uk",
    "chair": "chair@demo.nhs.uk",
    "coordinator": "coordinator@demo.nhs.uk",
    "admin": "admin@demo.nhs.uk",
}
# The coverage phase's edge values (bounds, formats, enums, missing and extra fields) do not
# depend on who sends them: the admin, who may call every route, sends them all once.
PHASES = {
    "clinician": "examples,fuzzing,stateful",
    "chair": "examples,fuzzing,stateful",
    "coordinator": "examples,fuzzing,stateful",
    "admin": "examples,coverage,fuzzing,stateful",
}
EXAMPLES = 6
SEED = 17
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    directory = tmp_path_factory.mktemp("fuzzed")
    with running_process(directory / "var", directory / "product.log") as (_, api):
        # Every role signs in first: the fuzzer's own sign-in attempts fill the address's
        # sign-in window (as they should), which would turn the next role away.
        tokens = {role: api.token(email) for role, email in ROLES.items()}
        yield api, directory, tokens


def fuzz(api, token: str, phases: str, directory: Path) -> subprocess.CompletedProcess:
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(ROOT / "tests" / "support" / "schemathesis.toml"),
        "run",
        f"{api.base_url}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--phases",
        phases,
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--generation-deterministic",
        "--workers",
        "1",
        "--report",
        "junit",
        "--report-junit-path",
        str(directory / "junit.xml"),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCHEMATHESIS_HOOKS": "tests.support.fuzz_checks",
        "NO_COLOR": "1",
    }
    # Run in the test's own directory: schemathesis keeps a cache where it runs.
    return subprocess.run(
        command, env=env, cwd=directory, capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("role", ROLES)
def test_fuzzing_as_each_role_finds_no_server_error_and_no_answer_off_the_document(product, role):
    api, directory, tokens = product
    started = time.monotonic()
    (directory / role).mkdir()
    run = fuzz(api, tokens[role], PHASES[role], directory / role)
    seconds = time.monotonic() - started
    assert run.returncode == 0, f"{role}, {seconds:.0f} s:\n{run.stdout[-20000:]}{run.stderr}"
