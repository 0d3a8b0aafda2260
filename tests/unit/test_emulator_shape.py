"""The emulator's services keep moto's shape (shared/DESIGN.md, "Models worth imitating").

Per service a backend owns the state (store kinds, keys, rules) and handlers in ``responses.py`` only parse
parameters, call the backend and render the reply: no handler touches the store, and no backend imports the
wire layer (its service's responses, the authoriser or the server).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "alicloud_gov" / "emulator" / "services"
STORE_METHODS = {"get", "get_entity", "put", "insert", "delete", "list", "list_entities", "find", "count"}
PACKAGES = sorted(path.parent.name for path in SERVICES.glob("*/backend.py"))


def _store_calls(tree: ast.AST) -> list[str]:
    """``<x>.store.<method>(...)`` and ``<x>.store.store.<method>(...)`` calls."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in STORE_METHODS:
            owner = node.func.value
            if isinstance(owner, ast.Attribute) and owner.attr == "store":
                found.append(f"{node.lineno}: {ast.unparse(node.func)}")
    return found


def _imports(tree: ast.AST) -> set[str]:
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_every_service_is_a_package_in_moto_shape() -> None:
    assert PACKAGES == ["ecr", "ram", "resourcemanager", "sts", "vpc"]
    for name in PACKAGES:
        assert {path.name for path in (SERVICES / name).glob("*.py")} >= {"backend.py", "responses.py", "errors.py"}
    assert not [path.name for path in SERVICES.glob("*.py") if path.stem.endswith(("_model", "_common"))]


@pytest.mark.parametrize("name", PACKAGES)
def test_handlers_make_no_store_calls(name: str) -> None:
    tree = ast.parse((SERVICES / name / "responses.py").read_text(encoding="utf-8"))
    assert _store_calls(tree) == []


@pytest.mark.parametrize("name", PACKAGES)
def test_backends_do_not_import_the_wire_layer(name: str) -> None:
    imported = _imports(ast.parse((SERVICES / name / "backend.py").read_text(encoding="utf-8")))
    wire = {module for module in imported if module.endswith(".responses")}
    wire |= imported & {"alicloud_gov.emulator.authz", "alicloud_gov.emulator.server", "alicloud_gov.emulator.auth"}
    assert wire == set()


def test_the_store_call_check_sees_a_store_call() -> None:
    tree = ast.parse("ctx.store.get(a, 'ram_user', k)\nctx.store.store.list(a, 'vpc')\nRamBackend(ctx.store, a)\n")
    assert [line.split(":")[0] for line in _store_calls(tree)] == ["1", "2"]
