"""docs/events.md cannot fall behind the contracts or the code that emits and consumes events."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from contracts import events
from contracts.envelope import Envelope
from contracts.events import REGISTRY, spec_for
from mskpeer.platform.topology import subscriptions
from mskpeer.runtime import service_classes

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "events.md"
HEADING = re.compile(r"^## (.+?)\s*$", re.MULTILINE)
EVENT_NAME = re.compile(r"^[a-z_]+\.[a-z_]+$")
JSON_BLOCK = re.compile(r"^```json\n(.*?)^```", re.MULTILINE | re.DOTALL)
EMITTED_BY = re.compile(r"^- \*\*Emitted by:\*\* `(\w+)`", re.MULTILINE)
CONSUMED_BY = re.compile(r"^- \*\*Consumed by:\*\*\n((?:  .*\n)*)", re.MULTILINE)
HANDLER = re.compile(r"^  - `(\w+\.\w+)`", re.MULTILINE)
SCHEMA_VERSION = re.compile(r"^- \*\*Schema version:\*\* (\d+)\s*$", re.MULTILINE)
FIELD_ROW = re.compile(r"^\| `(\w+)` \| [^|]+ \| (yes|no) \|", re.MULTILINE)

# "CASE_SUBMITTED" -> "case.submitted": the constant of every registered event.
CONSTANTS = {
    name: value
    for name, value in vars(events).items()
    if name.isupper() and isinstance(value, str) and value in REGISTRY
}
# Packages that could emit: every service, and the gateway (which must not).
PACKAGES = {
    path.name: path
    for path in [*(ROOT / "services").iterdir(), ROOT / "gateway"]
    if (path / "__init__.py").exists()
}


def docs_text() -> str:
    return DOCS.read_text(encoding="utf-8")


def sections() -> dict[str, str]:
    """`## <heading>` -> the text up to the next `##` heading."""
    text = docs_text()
    matches = list(HEADING.finditer(text))
    return {
        match.group(1): text[match.end() : nxt.start() if nxt else len(text)]
        for match, nxt in zip(matches, [*matches[1:], None], strict=True)
    }


def event_sections() -> dict[str, str]:
    """The sections headed by an event name (`## case.submitted`), known or not."""
    return {name: body for name, body in sections().items() if EVENT_NAME.match(name)}


def _event_constant(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "events"
        and node.attr in CONSTANTS
    ):
        return node.attr
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return node.id
    return None


def emitted_constants(source: str) -> set[str]:
    """The event constants a module emits, in each of the ways our services emit.

    - `tx.emit(events.X, {...})`: emitted directly in a transaction (scheduling, outcomes);
    - `(events.X, {...})`: a domain event an aggregate records and its service
      emits later with `tx.emit(event_type, data)` (cases);
    - `return ..., events.X`: a domain step naming the event its caller emits
      (outcomes' follow-up chain).
    Subscriptions (`@on_event(events.X)`) and comparisons (`== events.X`) are not emits.
    """
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            candidates = node.args[:1] if node.func.attr == "emit" else []
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            candidates = node.elts[:1] if isinstance(node.elts[1], ast.Dict) else []
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            candidates = node.value.elts
        else:
            continue
        found.update(name for name in map(_event_constant, candidates) if name)
    return found


def emits_by_package() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for package, root in PACKAGES.items():
        found[package] = set()
        for module in root.rglob("*.py"):
            found[package] |= emitted_constants(module.read_text(encoding="utf-8"))
    return found


def test_every_event_has_a_section_in_docs_events_md():
    documented = set(event_sections())
    assert sorted(set(REGISTRY) - documented) == [], "events without a section"
    assert sorted(documented - set(REGISTRY)) == [], "sections about events that do not exist"
    assert len(HEADING.findall(docs_text())) == len(sections()), "a heading appears twice"


def test_every_json_example_is_a_valid_envelope_of_a_registered_event():
    blocks = JSON_BLOCK.findall(docs_text())
    assert blocks, "docs/events.md has no ```json examples"
    for block in blocks:
        example = json.loads(block)
        assert Envelope.from_wire(example).to_wire() == example
        spec = spec_for(example["event_type"])
        assert example["schema_version"] == spec.version, example["event_type"]
        assert spec.validate(example["data"]) == {}, example["event_type"]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_event_section_shows_one_example_of_that_event(name):
    blocks = JSON_BLOCK.findall(event_sections().get(name, ""))
    assert [json.loads(block)["event_type"] for block in blocks] == [name]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_field_table_lists_the_contracts_fields_and_which_are_required(name):
    documented = dict(FIELD_ROW.findall(event_sections().get(name, "")))
    fields = spec_for(name).schema().fields
    assert documented == {key: "yes" if f.required else "no" for key, f in fields.items()}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_section_names_the_source_and_schema_version_of_its_contract(name):
    body = event_sections().get(name, "")
    spec = spec_for(name)
    assert EMITTED_BY.findall(body) == [spec.source]
    assert SCHEMA_VERSION.findall(body) == [str(spec.version)]


def test_the_emit_scanner_recognises_each_way_a_service_emits():
    source = """
tx.emit(events.CASE_SCHEDULED, {"case_id": "c1"})
case.events.append((events.CASE_SUBMITTED, {"case_id": "c1"}))
def advance(self):
    return self, events.FOLLOW_UP_DUE
@on_event(events.OUTCOME_RECORDED)
def handle(self, event, tx):
    if event.event_type == events.MINUTES_RECORDED:
        pass
"""
    assert emitted_constants(source) == {"CASE_SCHEDULED", "CASE_SUBMITTED", "FOLLOW_UP_DUE"}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_event_is_emitted_only_by_the_service_its_contract_names(name):
    constant = next(key for key, value in CONSTANTS.items() if value == name)
    emitters = {package for package, found in emits_by_package().items() if constant in found}
    assert emitters == {spec_for(name).source}


def test_the_consumed_by_lists_match_the_handlers_subscribed_in_code():
    subscribed = subscriptions(service_classes().values())
    for name, body in event_sections().items():
        block = CONSUMED_BY.search(body)
        assert block, f"{name} has no 'Consumed by' list"
        documented = HANDLER.findall(block.group(1))
        assert sorted(documented) == sorted(subscribed.get(name, [])), name
