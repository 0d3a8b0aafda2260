"""The program writer: declared entities -> a Pulumi Python program (``__main__.py``, ``Pulumi.yaml``) and a
``pulumi import --file`` file (``import.json``).

The data model is one :class:`Declaration` per resource: its class name in :mod:`alicloud_gov.resources`
(``"RamUser"``), its Pulumi resource name, its keyword arguments in Python spelling (``display_name``) and the
id the provider's import accepts (README, "Resources and import ids"). An argument may be a :class:`Ref` to
another declaration's output (``group.name``): the program then reads it from that resource, so Pulumi orders
them. Both ``adopt`` (a live account) and ``migrate`` (another tool's state) build declarations and call
:func:`write_program`::

    decls = [Declaration("RamUser", "alice", {"name": "alice"}, "alice")]
    files = render(decls, project="acme")      # {"__main__.py": ..., "Pulumi.yaml": ..., "import.json": ...}

The source is formatted as ``ruff format`` leaves it (88 columns, magic trailing commas): every call is one
argument a line, a container is inline when it fits and holds no container, else one member a line.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alicloud_gov.spec.tokens import type_token

__all__ = ["Declaration", "Ref", "import_file", "program_source", "project_file", "python_names", "render"]

LINE_LENGTH = 88
"""ruff's default line length: a generated project has no ruff configuration of its own."""
_INDENT = "    "


@dataclass(frozen=True)
class Ref:
    """The output ``attribute`` (Python spelling, e.g. ``name``) of the declaration named ``resource_name``."""

    type_name: str
    resource_name: str
    attribute: str = "name"


@dataclass
class Declaration:
    """One resource of the program.

    ``type_name``: the class in :mod:`alicloud_gov.resources` (``RamRole``); ``resource_name``: the Pulumi name
    (unique per type); ``args``: keyword arguments in Python spelling, values JSON-like or :class:`Ref`;
    ``import_id``: the id ``pulumi import`` passes to the provider (``None``: declared, not imported);
    ``depends_on``: other declarations, as (type_name, resource_name), the resource waits for; ``comment``: a
    line written above the declaration.
    """

    type_name: str
    resource_name: str
    args: dict[str, Any]
    import_id: str | None = None
    depends_on: tuple[tuple[str, str], ...] = ()
    comment: str | None = None
    protect: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    """Further import-file keys for this resource (``provider``, ``version``)."""
    component: bool = False
    """A component of :mod:`alicloud_gov.components` (``ResourceGroupAccess``): written in the program, and in
    the import file as a ``"component": true`` entry (no id) that its children name as their ``parent``."""
    parent: str | None = None
    """The resource name of the component declaration that creates this resource: not written in the program
    (the component declares it), imported with the component as its parent, so the URNs agree."""

    @property
    def key(self) -> tuple[str, str]:
        """(type_name, resource_name): unique in a program among top-level declarations."""
        return (self.type_name, self.resource_name)


_NOT_IDENTIFIER = re.compile(r"[^0-9a-zA-Z_]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
MAX_IDENTIFIER = 48
"""Variables are cut to this length, so that ``<variable> = gov.<Type>(`` always fits on one line."""
_PREFIX = {
    "RamUser": "user",
    "RamGroup": "group",
    "RamGroupMembership": "member",
    "RamRole": "role",
    "RamPolicy": "policy",
    "PolicyAttachment": "attach",
    "ResourceGroup": "rg",
    "ResourceGroupMove": "move",
    "EcrGrant": "ecr_grant",
    "EcrAssociation": "ecr_association",
    "ResourceGroupAccess": "rg_access",
    "CrossAccountAccess": "cross_account",
}


def identifier(text: str, prefix: str = "") -> str:
    """A Python identifier from ``text``: snake case, other characters as ``_``, ``prefix_`` in front."""
    words = _NOT_IDENTIFIER.sub("_", _CAMEL.sub("_", text)).strip("_").lower()
    words = re.sub("_+", "_", words)
    name = f"{prefix}_{words}" if prefix and words else (prefix or words or "resource")
    if len(name) > MAX_IDENTIFIER:
        cut = name[: MAX_IDENTIFIER + 1].rsplit("_", 1)[0]
        name = cut if len(cut) > MAX_IDENTIFIER // 2 else name[:MAX_IDENTIFIER].rstrip("_")
    if name[0].isdigit():
        name = f"r_{name}"
    return f"{name}_" if keyword.iskeyword(name) else name


def unique_names(wanted: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """``wanted`` with later duplicates (in any case) suffixed ``_2``, ``_3``..., in order: stable for stable input."""
    seen = {name.lower() for name in taken}
    result: list[str] = []
    for name in wanted:
        candidate, number = name, 2
        while candidate.lower() in seen:
            candidate, number = f"{name}_{number}", number + 1
        seen.add(candidate.lower())
        result.append(candidate)
    return result


def python_names(declarations: Sequence[Declaration]) -> dict[tuple[str, str], str]:
    """The variable of each declaration: its kind and resource name as an identifier, unique in the program."""
    wanted = [identifier(d.resource_name, _PREFIX.get(d.type_name, identifier(d.type_name))) for d in declarations]
    return dict(zip((d.key for d in declarations), unique_names(wanted, ("gov", "pulumi")), strict=True))


def _literal(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return repr(value)
    raise TypeError(f"cannot write {type(value).__name__} into a program")


def _inline(value: Any, names: Mapping[tuple[str, str], str]) -> str | None:
    """``value`` on one line, or None when it holds a container (written one member a line)."""
    if isinstance(value, Ref):
        return f"{names[(value.type_name, value.resource_name)]}.{value.attribute}"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        if any(isinstance(item, (Mapping, list, tuple)) for item in value.values()):
            return None
        return "{" + ", ".join(f"{_literal(str(k))}: {_inline(v, names)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if any(isinstance(item, (Mapping, list, tuple)) for item in value):
            return None
        return "[" + ", ".join(str(_inline(item, names)) for item in value) + "]"
    return _literal(value)


def _value_lines(prefix: str, value: Any, depth: int, names: Mapping[tuple[str, str], str]) -> list[str]:
    """Lines for ``prefix value,`` at ``depth`` indents (the value exploded when it does not fit)."""
    pad = _INDENT * depth
    inline = _inline(value, names)
    if inline is not None:
        line = f"{pad}{prefix}{inline},"
        if len(line) <= LINE_LENGTH or not isinstance(value, (Mapping, list, tuple)) or not value:
            return [line]
    if isinstance(value, Mapping):
        lines = [f"{pad}{prefix}{{"]
        for key, item in value.items():
            lines += _value_lines(f"{_literal(str(key))}: ", item, depth + 1, names)
        return [*lines, f"{pad}}},"]
    lines = [f"{pad}{prefix}["]
    for item in value:
        lines += _value_lines("", item, depth + 1, names)
    return [*lines, f"{pad}],"]


def _declaration_lines(decl: Declaration, names: Mapping[tuple[str, str], str]) -> list[str]:
    lines = [f"# {decl.comment}"] if decl.comment else []
    lines.append(f"{names[decl.key]} = gov.{decl.type_name}(")
    lines += _value_lines("", decl.resource_name, 1, names)
    for key, value in decl.args.items():
        if value is not None:
            lines += _value_lines(f"{key}=", value, 1, names)
    options: dict[str, str] = {}
    if decl.depends_on:
        options["depends_on"] = "[" + ", ".join(names[key] for key in decl.depends_on if key in names) + "]"
    if decl.protect:
        options["protect"] = "True"
    if options:
        inline = ", ".join(f"{key}={value}" for key, value in options.items())
        line = f"{_INDENT}opts=pulumi.ResourceOptions({inline}),"
        if len(line) <= LINE_LENGTH:
            lines.append(line)
        else:
            lines.append(f"{_INDENT}opts=pulumi.ResourceOptions(")
            lines += [f"{_INDENT * 2}{key}={value}," for key, value in options.items()]
            lines.append(f"{_INDENT}),")
    return [*lines, ")"]


def _check_unique(declarations: Sequence[Declaration]) -> None:
    seen: set[tuple[str | None, str, str]] = set()
    components = {d.resource_name for d in declarations if d.component}
    for decl in declarations:
        if (decl.parent, *decl.key) in seen:
            raise ValueError(f"two {decl.type_name} declarations named {decl.resource_name!r}")
        if decl.parent is not None and decl.parent not in components:
            raise ValueError(f"{decl.resource_name!r}: its parent component {decl.parent!r} is not declared")
        seen.add((decl.parent, *decl.key))


def program_source(declarations: Sequence[Declaration], header: str = "") -> str:
    """``__main__.py``: ``import alicloud_gov as gov`` and one statement per declaration, in the given order
    (a :class:`Ref` must point to an earlier declaration)."""
    _check_unique(declarations)
    declarations = [decl for decl in declarations if decl.parent is None]
    names = python_names(declarations)
    declared: set[tuple[str, str]] = set()
    docstring = header.strip() or "Declared by alicloud-gov."
    lines = [f'"""{docstring}"""', "", "import pulumi", "", "import alicloud_gov as gov"]
    needs_pulumi = False
    for decl in declarations:
        for value in decl.args.values():
            if isinstance(value, Ref) and (value.type_name, value.resource_name) not in declared:
                raise ValueError(f"{decl.resource_name!r} refers to {value.resource_name!r}, not declared before it")
        needs_pulumi = needs_pulumi or bool(decl.depends_on) or decl.protect
        lines += ["", *_declaration_lines(decl, names)]
        declared.add(decl.key)
    if not needs_pulumi:
        lines.remove("import pulumi")
        lines.remove("")
    return "\n".join(lines) + "\n"


def import_file(declarations: Sequence[Declaration]) -> dict[str, Any]:
    """The ``pulumi import --file`` document: ``{"resources": [{"type", "name", "id", ...}]}`` for every
    declaration with an import id, and a ``"component": true`` entry for each component.

    ``name`` is the entry's key in the file (a child's ``parent`` names its component's entry, so a component's
    key is made unique among all entries); ``logicalName``, when present, is the Pulumi name in the URN (Pulumi's
    importSpec, pkg/cmd/pulumi/operations/import.go)."""
    _check_unique(declarations)
    plain = [d.resource_name for d in declarations if not d.component]
    components = [d.resource_name for d in declarations if d.component]
    keys = dict(zip(components, unique_names(components, plain), strict=True))
    resources: list[dict[str, Any]] = []
    for d in declarations:
        entry: dict[str, Any] = {"type": type_token(d.type_name), "name": d.resource_name}
        if d.component:
            entry.update({"name": keys[d.resource_name], "component": True})
            if keys[d.resource_name] != d.resource_name:
                entry["logicalName"] = d.resource_name
        elif d.import_id is not None:
            entry["id"] = d.import_id
        else:
            continue
        if d.parent is not None:
            entry["parent"] = keys[d.parent]
        resources.append({**entry, **d.extra})
    return {"resources": resources}


def project_file(project: str, description: str = "") -> str:
    """``Pulumi.yaml`` of a Python project named ``project``."""
    lines = [f"name: {json.dumps(project)}", "runtime:", "  name: python"]
    if description:
        lines.append(f"description: {json.dumps(description)}")
    return "\n".join(lines) + "\n"


def render(declarations: Sequence[Declaration], *, project: str, header: str = "") -> dict[str, str]:
    """The files of the program, by name: ``__main__.py``, ``Pulumi.yaml``, ``import.json``."""
    return {
        "__main__.py": program_source(declarations, header),
        "Pulumi.yaml": project_file(project, header.strip().splitlines()[0] if header.strip() else ""),
        "import.json": json.dumps(import_file(declarations), indent=2) + "\n",
    }


def write_program(
    directory: Path, declarations: Sequence[Declaration], *, project: str, header: str = ""
) -> list[Path]:
    """Write :func:`render`'s files into ``directory`` (created if missing); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render(declarations, project=project, header=header).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
