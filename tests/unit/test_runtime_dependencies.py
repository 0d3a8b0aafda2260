"""Every third-party module the package imports is installed by ``pip install alicloud-gov``, with no extras.

The imports are read from the source (every ``import`` / ``from ... import`` at any depth, as
test_import_graph.py reads them); what a plain install brings is pyproject.toml's ``[project] dependencies``
and, transitively, what those distributions require (their installed metadata, without their extras unless
the requirement names them). A module only a dev extra installs (as ``pulumi_policy`` once was, for the
CrossGuard pack) would work in this repository's virtualenv and fail for a user.
"""

from __future__ import annotations

import ast
import sys
from importlib.metadata import PackageNotFoundError, packages_distributions, requires, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "alicloud_gov"


def runtime_requirements() -> list[Requirement]:
    """``[project] dependencies`` of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def installed_closure(direct: list[Requirement]) -> set[str]:
    """Canonical names of the distributions a plain install brings: ``direct`` and what they require."""
    found: set[str] = set()
    pending = [(requirement, "") for requirement in direct]
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        found.add(name)
        try:
            nested = [Requirement(text) for text in requires(requirement.name) or []]
        except PackageNotFoundError:
            continue
        for wanted_extra in ("", *sorted(requirement.extras)):
            pending += [(child, wanted_extra) for child in nested]
    return found


def third_party_imports() -> dict[str, str]:
    """Top-level module -> the first package file importing it, for every module outside the stdlib."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "alicloud_gov":
                    found.setdefault(top, path.relative_to(ROOT).as_posix())
    return found


def test_every_import_comes_with_a_plain_install() -> None:
    direct = runtime_requirements()
    closure = installed_closure(direct)
    declared = {canonicalize_name(requirement.name) for requirement in direct}
    providers = packages_distributions()
    missing = {}
    for module, where in third_party_imports().items():
        distributions = {canonicalize_name(name) for name in providers.get(module, [])}
        # A module not installed here must be a direct dependency whose marker excludes this Python (tomli).
        ok = bool(distributions & closure) if distributions else canonicalize_name(module) in declared
        if not ok:
            missing[module] = where
    assert missing == {}


def test_every_runtime_dependency_has_a_range_the_installed_version_meets() -> None:
    for requirement in runtime_requirements():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        assert requirement.specifier, f"{requirement.name}: no version range"
        assert requirement.specifier.contains(version(requirement.name), prereleases=True), requirement
