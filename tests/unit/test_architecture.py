"""The import contract: what each part of the codebase may depend on.

Imports are read from the source with `ast` (nothing is imported), including
imports inside functions and relative imports.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(path for path in (ROOT / "services").iterdir() if (path / "__init__.py").exists())
# A domain module holds pure clinical rules: no framework, database, schema or broker code.
INFRASTRUCTURE = ("nameko", "sqlalchemy", "marshmallow", "kombu", "eventlet")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, absolute, with `from a import b` also giving `a.b`."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def violations(paths, forbidden) -> list[str]:
    """`file: module` for every import of a module under one of the forbidden packages."""
    return sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in paths
        for module in imports_of(path)
        if any(within(module, package) for package in forbidden)
    )


def python_files(directory: Path) -> list[Path]:
    files = sorted(directory.rglob("*.py"))
    assert files, f"no Python files under {directory}"
    return files


def test_the_import_reader_sees_nested_relative_and_from_imports(tmp_path, monkeypatch):
    package = tmp_path / "services" / "cases"
    package.mkdir(parents=True)
    module = package / "domain.py"
    module.write_text(
        "import kombu.messaging\n"
        "from . import repository\n"
        "from ..scheduling.agenda import place_waiting\n"
        "from services import outcomes\n"
        "def later():\n"
        "    from sqlalchemy import select\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert {
        "kombu.messaging",
        "services.cases.repository",
        "services.scheduling.agenda",
        "services.outcomes",
        "sqlalchemy",
    } <= imports_of(module)
    assert violations([module], ["services.scheduling", "sqlalchemy"]) == [
        "services/cases/domain.py: services.scheduling.agenda",
        "services/cases/domain.py: services.scheduling.agenda.place_waiting",
        "services/cases/domain.py: sqlalchemy",
        "services/cases/domain.py: sqlalchemy.select",
    ]


def test_no_service_imports_another_service():
    assert len(SERVICES) > 1
    found = []
    for service in SERVICES:
        others = [f"services.{other.name}" for other in SERVICES if other != service]
        found += violations(python_files(service), others)
    assert found == []


def test_the_gateway_imports_nothing_from_the_services():
    assert violations(python_files(ROOT / "gateway"), ["services"]) == []


def test_domain_modules_import_no_framework_database_schema_or_broker_library():
    domains = sorted((ROOT / "services").glob("*/domain.py"))
    assert domains, "no services/*/domain.py found"
    assert violations(domains, INFRASTRUCTURE) == []


def test_the_contracts_import_nothing_from_the_services_the_gateway_or_the_platform():
    forbidden = ["services", "gateway", "mskpeer"]
    assert violations(python_files(ROOT / "contracts"), forbidden) == []


def test_no_two_parts_of_a_service_define_a_method_of_the_same_name():
    """A service is assembled from mixins: a page or route named like another part's method
    would silently replace it (the API route would vanish), so every name is defined once."""
    from mskpeer.runtime import service_classes

    for service in service_classes().values():
        seen: dict[str, str] = {}
        for part in service.__mro__[:-1]:
            for name, value in vars(part).items():
                if callable(value) and not name.startswith("__"):
                    assert name not in seen or seen[name] == part.__name__, (
                        f"{service.__name__}.{name} is defined by {part.__name__} "
                        f"and by {seen[name]}"
                    )
                    seen.setdefault(name, part.__name__)


def test_api_routes_leave_who_may_to_the_policy():
    """A route names its policy action once (`@API.route(action=...)`); the router checks the
    roles. A role's name, a list of roles or a look at someone's roles in a route module
    would be a second rule beside the policy (a document's `tag="admin"` is only a heading)."""
    from contracts.policy import EVERY_ROLE

    names = {"LEADS", "STAFF", "require_role", "_actor", "roles"}
    found = []
    for path in python_files(ROOT / "gateway" / "routes"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tags = {
            id(k.value) for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "tag"
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) not in tags:
                named = node.value if node.value in EVERY_ROLE or node.value == "roles" else None
            elif isinstance(node, ast.Name | ast.Attribute):
                named = getattr(node, "id", None) or getattr(node, "attr", None)
                named = named if named in names else None
            else:
                named = None
            if named:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {named}")
    assert found == []
