"""The zero-downtime migration policy (docs/migrations.md), where a machine can check it.

During a rolling upgrade the previous release's processes run against the new schema,
so a migration only expands it; the contracting step (dropping, renaming, tightening)
waits for a later release. What is checked, honestly little:
- every migration can be undone (a downgrade that does something);
- a migration newer than POLICY_FROM makes none of the obviously unsafe changes in its
  upgrade, unless the line (or the one above it) says why with `# contract: <reason>`.
Whether the previous release still uses a column is for the reviewer (the checklist).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mskpeer.platform.schema import migrations
from mskpeer.platform.settings import SERVICES

# Each service's head when the policy was adopted; everything after it is checked.
POLICY_FROM = {
    "cases": "0007",
    "scheduling": "0014_people_moved_to_staff",
    "notifications": "0004",
    "outcomes": "0005",
    "staff": "0001",
    "referrals": "0004",
}
REMOVING = {"drop_column", "drop_table", "rename_table"}
REASON = "# contract:"


def _kwargs(call: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in call.keywords if k.arg}


def _is_false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _unsafe(call: ast.Call) -> str | None:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else None
    kwargs = _kwargs(call)
    if name in REMOVING:
        return f"{name} while the previous release may still use it"
    if name == "alter_column" and "new_column_name" in kwargs:
        return "a rename, which the previous release's queries do not know"
    tightened = name == "alter_column" and _is_false(kwargs.get("nullable"))
    if tightened and "server_default" not in kwargs:
        return "NOT NULL, which the previous release's inserts may not fill"
    if name == "add_column":
        for column in (a for a in call.args if isinstance(a, ast.Call)):
            column_kwargs = _kwargs(column)
            if _is_false(column_kwargs.get("nullable")) and "server_default" not in column_kwargs:
                return "a NOT NULL column without a server_default"
    return None


def unsafe_operations(source: str) -> list[str]:
    """`line: why` for each unsafe operation in upgrade() with no `# contract:` reason."""
    lines = source.splitlines()
    tree = ast.parse(source)
    upgrade = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"), None
    )
    found = []
    for node in ast.walk(upgrade) if upgrade else ():
        if isinstance(node, ast.Call) and (why := _unsafe(node)):
            said = " ".join(lines[max(node.lineno - 2, 0) : node.end_lineno])
            if REASON not in said:
                found.append(f"line {node.lineno}: {why}")
    return found


def _says_nothing(statement: ast.stmt) -> bool:
    """`pass`, `...` or a docstring."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True
    return isinstance(statement, ast.Pass)


def undoes_something(source: str) -> bool:
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "downgrade":
            return not all(_says_nothing(statement) for statement in node.body)
    return False


def _newer_than_policy(service: str) -> list[Path]:
    script = migrations(service)
    newer = []
    for revision in script.walk_revisions():  # from head down
        if revision.revision == POLICY_FROM[service]:
            return newer
        newer.append(Path(revision.path))
    raise AssertionError(f"{service}: {POLICY_FROM[service]} is not in its history")


def _all(service: str) -> list[Path]:
    return [Path(r.path) for r in migrations(service).walk_revisions()]


@pytest.mark.parametrize("service", SERVICES)
def test_every_migration_can_be_undone(service):
    assert [p.name for p in _all(service) if not undoes_something(p.read_text())] == []


@pytest.mark.parametrize("service", SERVICES)
def test_new_migrations_only_expand_unless_they_say_why(service):
    for path in _newer_than_policy(service):
        assert unsafe_operations(path.read_text()) == [], path.name


EXAMPLE = """
def upgrade():
    op.add_column("cases", sa.Column("site", sa.String(), nullable=True))
    op.add_column("cases", sa.Column("band", sa.Integer(), nullable=False))
    op.add_column("cases", sa.Column("kind", sa.Text(), nullable=False, server_default="x"))
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("old_notes")
        # contract: 1.3 stopped reading legacy_flag; this is 1.4
        batch_op.drop_column("legacy_flag")
        batch_op.alter_column("title", nullable=False)
        batch_op.alter_column("summary", nullable=False, server_default="")
        batch_op.alter_column("q", new_column_name="question")
    op.drop_table("cards")  # contract: nothing has read cards since 1.2


def downgrade():
    op.drop_table("everything")
"""


def test_the_check_finds_each_unsafe_change_and_accepts_a_stated_reason():
    assert unsafe_operations(EXAMPLE) == [
        "line 4: a NOT NULL column without a server_default",
        "line 7: drop_column while the previous release may still use it",
        "line 10: NOT NULL, which the previous release's inserts may not fill",
        "line 12: a rename, which the previous release's queries do not know",
    ]
    assert undoes_something(EXAMPLE)
    assert not undoes_something(EXAMPLE.replace('op.drop_table("everything")', "pass"))
