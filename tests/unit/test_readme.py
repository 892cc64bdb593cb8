"""The README's commands, routes and settings exist, so it cannot fall behind the code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gateway import service as _gateway  # noqa: F401  (declares the routes)
from gateway.routes import ROUTES
from mskpeer.platform.settings import SERVICES

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_the_readme_gives_the_two_commands_first():
    commands = re.findall(r"^make (\w+)", README, re.M)
    assert commands[:2] == ["run", "test"]


def test_every_make_target_the_readme_names_exists():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    named = set(re.findall(r"`make (\w+)`", README)) | {"run", "test"}
    assert named <= targets, named - targets


def test_ci_runs_exactly_the_readmes_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def _route_matches(method: str, path: str) -> bool:
    for route in ROUTES:
        pattern = re.sub(r"<(?:\w+:)?\w+>", "[^/]+", route.path)
        if route.method == method and re.fullmatch(pattern, path) and "<path:" not in route.path:
            return True
    return False


def test_every_curl_example_calls_a_route_the_gateway_has():
    calls = re.findall(r"curl -s (?:-X (\w+) )?\"?\$B(/[\w/\-.]+)", README)
    assert len(calls) >= 15
    for method, path in calls:
        assert _route_matches(method or "GET", path), f"{method or 'GET'} {path}"


def test_every_api_route_has_a_curl_example():
    documented = {
        # A placeholder is in capitals (CASE_ID, DAY): API paths themselves never are.
        (method or "GET", re.sub(r"[A-Z][A-Z_]*", "X", path))
        for method, path in re.findall(r"curl -s (?:-X (\w+) )?\"?\$B(/[\w/\-.]+)", README)
    }
    for route in ROUTES:
        if "<path:" in route.path:
            continue
        example = re.sub(r"<(?:\w+:)?(\w+)>", "X", route.path)
        if route.path.endswith("<string:service>/<dead_letter_id>/replay"):
            example = "/api/v1/admin/dead-letters/notifications/X/replay"
        if route.path.endswith("<string:pathway>"):  # a real code reads better than X
            example = "/api/v1/urgent-pathways/same_day_spinal"
        assert (route.method, example) in documented, f"{route.method} {route.path}"


def test_every_setting_in_the_configuration_table_is_read_by_the_code():
    table = README.split("## Configuration", 1)[1].split("##", 1)[0]
    names = set(re.findall(r"^\| `([A-Z_]+)`", table, re.M))
    names |= set(re.findall(r"`([A-Z_]+)`, `([A-Z_]+)`, `([A-Z_]+)`", table)[0])
    code = "".join(p.read_text() for p in (ROOT / "mskpeer").rglob("*.py"))
    code += (ROOT / "gateway" / "auth.py").read_text()
    assert len(names) >= 20
    for name in names:
        if name.endswith("_DATABASE_URL"):  # read as f"{service.upper()}_DATABASE_URL"
            assert name.removesuffix("_DATABASE_URL").lower() in SERVICES, name
            name = "_DATABASE_URL"
        assert f'{name}"' in code, name


@pytest.mark.parametrize(
    "command",
    [line.split()[1:3] for line in README.splitlines() if line.startswith("mskpeer ")],
)
def test_every_mskpeer_command_in_the_readme_exists(command):
    words = [w for w in command if not w.startswith(("[", "SERVICE"))]
    result = subprocess.run(
        [sys.executable, "-m", "mskpeer.cli", *words, "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
