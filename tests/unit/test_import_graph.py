"""The house matches shared/DESIGN.md's picture: no upward arrows, no cycles between the package's parts.

Imports are read from the source (every ``import`` and ``from ... import``, at module level or inside
functions, ``TYPE_CHECKING`` blocks included), so a lazy import cannot hide an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "alicloud_gov"

# Part -> the parts it may import (besides itself). A part is a subpackage or a top-level module.
ALLOWED: dict[str, set[str]] = {
    "spec": set(),
    "policy": {"spec"},
    "plan": {"spec", "policy"},
    "cloud": set(),
    "emulator": {"spec", "policy"},
    "program": {"spec", "policy", "plan", "resources", "components", "pulumi_internals"},
    "provider": {"spec", "policy", "plan", "cloud", "pulumi_internals"},
    "pulumi_internals": set(),  # the SDK's private parts, used by the runner and the plugin; imports nothing of ours
    "resources": {"spec"},
    "components": {"spec", "policy", "resources"},
    "policy_pack": {"spec", "policy", "plan", "program"},
    "adopt": {"spec", "policy", "plan", "cloud", "components"},
}


def _part(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "alicloud_gov" or len(parts) < 2:
        return None
    return parts[1].removesuffix(".py")


def _module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> list[tuple[str, str]]:
    """(importing module, imported module) for every import inside the package."""
    found: list[tuple[str, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_of(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(module, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found += [(module, node.module)]
                found += [(module, f"{node.module}.{alias.name}") for alias in node.names]
    return [(source, target) for source, target in found if target.startswith("alicloud_gov.")]


def part_edges() -> dict[str, set[str]]:
    """Part -> the other parts it imports."""
    edges: dict[str, set[str]] = {}
    for source, target in imports():
        a, b = _part(source), _part(target)
        if a and b and a != b and ((PACKAGE / b).is_dir() or (PACKAGE / f"{b}.py").is_file()):
            edges.setdefault(a, set()).add(b)
    return edges


def test_no_part_imports_one_it_may_not() -> None:
    edges = part_edges()
    wrong = {part: sorted(edges.get(part, set()) - allowed) for part, allowed in ALLOWED.items()}
    assert {part: found for part, found in wrong.items() if found} == {}


def test_the_offline_check_shares_input_rules_through_spec_not_the_plugin() -> None:
    """Input validation and completion live in spec.inputs; program/ and the CLI never import the plugin."""
    users = {
        source for source, target in imports() if _part(target) == "provider" and _part(source) in ("program", "cli")
    }
    assert users == set()


def test_the_plugin_does_not_run_programs() -> None:
    assert "program" not in part_edges().get("provider", set())


def test_no_cycles_between_parts() -> None:
    edges = part_edges()
    cycles: list[list[str]] = []

    def visit(part: str, path: list[str]) -> None:
        for nxt in sorted(edges.get(part, set())):
            if nxt in path:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif len(path) < len(edges) + 1:
                visit(nxt, [*path, nxt])

    for start in sorted(edges):
        visit(start, [start])
    assert cycles == []
