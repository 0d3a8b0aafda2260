"""Pulumi YAML programs, declared through this package's Python classes so that they run under mocks too.

The runner (:mod:`alicloud_gov.program.runner`) runs Python programs under Pulumi's mocks; a YAML program has
no Python to run.
:func:`declare` reads its ``resources`` (and ``variables``) and declares each one with the class the
YAML type names: ``alicloud-gov:index:<Type>`` (:mod:`alicloud_gov.resources`),
``alicloud-gov-components:index:<Component>`` (:mod:`alicloud_gov.components`) and
``pulumi:providers:alicloud-gov`` (:class:`alicloud_gov.resources.Provider`). Interpolations
``${config}``, ``${resource}``, ``${resource.property}`` and text around them are resolved the way the
YAML engine does, and so are ``fn::invoke`` lookups (``${variable.property}`` of a lookup's result) and ``get:``
reads of existing entities; other types and ``fn::`` functions are reported as unsupported. Given the program's
``source`` file, each resource (and a component's children) is declared at the line of its key in that file's
``resources`` (:func:`resource_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pulumi
import yaml

from alicloud_gov.plan.access import SourceLocation
from alicloud_gov.program.locations import declaring
from alicloud_gov.spec.tokens import COMPONENT_PREFIX, PROVIDER_TYPE, TYPE_PREFIX

_INTERPOLATION = re.compile(r"\$\{([^}]+)\}")


class UnsupportedYaml(ValueError):
    """The YAML program uses something this offline reader cannot declare; the message says what."""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _class_for(type_token: str, resource_name: str) -> Any:
    if type_token == PROVIDER_TYPE:
        from alicloud_gov.resources import Provider

        return Provider
    if type_token.startswith(TYPE_PREFIX):
        import alicloud_gov.resources as resources

        found = getattr(resources, type_token.removeprefix(TYPE_PREFIX), None)
    elif type_token.startswith(COMPONENT_PREFIX):
        import alicloud_gov.components as components

        found = getattr(components, type_token.removeprefix(COMPONENT_PREFIX), None)
    else:
        found = None
    if found is None:
        raise UnsupportedYaml(f"resource '{resource_name}': type {type_token} is not part of alicloud-gov")
    return found


def resource_lines(source: Path) -> dict[str, SourceLocation]:
    """Resource name -> the line and column of its key under ``resources`` in the YAML file ``source``."""
    try:
        root = yaml.compose(source.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    found: dict[str, SourceLocation] = {}
    for key, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if key.value == "resources" and isinstance(value, yaml.MappingNode):
            for name, _ in value.value:
                mark = name.start_mark
                found[str(name.value)] = SourceLocation(str(source), mark.line + 1, mark.column + 1)
    return found


class _Program:
    """Declares the resources of one YAML program, each once, in dependency order."""

    def __init__(self, settings: Mapping[str, Any], project: str, source: Path | None = None) -> None:
        self.project = project
        self.lines = resource_lines(source) if source is not None else {}
        self.resources: Mapping[str, Any] = settings.get("resources") or {}
        self.variables: Mapping[str, Any] = settings.get("variables") or {}
        self.declared: dict[str, Any] = {}
        self.variable_values: dict[str, Any] = {}
        self.in_progress: set[str] = set()
        self.config = pulumi.Config()

    def run(self) -> None:
        for name in self.resources:
            self.resource(name)

    # -- references ----------------------------------------------------------------------------------------------

    def reference(self, expression: str) -> Any:
        """The value of ``name`` or ``name.property`` (a resource, a variable or a config key)."""
        head, _, path = expression.strip().partition(".")
        if head in self.resources:
            value: Any = self.resource(head)
            for part in filter(None, path.split(".")):
                value = getattr(value, _snake(part))
            return value
        if head == "pulumi" and path in ("project", "stack", "organization"):
            return {"project": self.project, "stack": pulumi.get_stack(), "organization": "organization"}[path]
        if head in self.variables:
            if head not in self.variable_values:
                self.variable_values[head] = self.value(self.variables[head], f"variable '{head}'")
            return _property_path(self.variable_values[head], path)
        if path:
            raise UnsupportedYaml(f"${{{expression}}}: only resources and variables have properties")
        if ":" in head:
            namespace, _, key = head.partition(":")
            value = pulumi.Config(namespace).get(key)
        else:
            value = self.config.get(head)
        if value is None:
            raise UnsupportedYaml(f"${{{expression}}}: no resource, variable or config value of that name")
        return value

    def value(self, raw: Any, where: str) -> Any:
        """``raw`` with every interpolation resolved (Outputs where a resource property is involved)."""
        if isinstance(raw, str):
            whole = _INTERPOLATION.fullmatch(raw)
            if whole:
                return self.reference(whole.group(1))
            parts = _INTERPOLATION.split(raw)
            if len(parts) == 1:
                return raw
            pieces = [self.reference(part) if index % 2 else part for index, part in enumerate(parts)]
            return pulumi.Output.concat(*pieces)
        if isinstance(raw, Mapping):
            functions = [key for key in raw if str(key).startswith("fn::")]
            if functions == ["fn::invoke"] and len(raw) == 1:
                return self.invoke(raw["fn::invoke"], where)
            if functions:
                raise UnsupportedYaml(f"{where}: {functions[0]} is not supported by the offline check")
            return {key: self.value(item, where) for key, item in raw.items()}
        if isinstance(raw, list):
            return [self.value(item, where) for item in raw]
        return raw

    def invoke(self, raw: Any, where: str) -> Any:
        """``fn::invoke``: the function's result (its ``return`` property when one is named)."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("function"), str):
            raise UnsupportedYaml(f"{where}: fn::invoke needs a 'function' token")
        unknown = sorted(set(raw) - {"function", "arguments", "options", "return"})
        if unknown:
            raise UnsupportedYaml(f"{where}: fn::invoke field {unknown[0]} is not supported by the offline check")
        arguments = self.value(raw.get("arguments") or {}, where)
        provider = self.value(raw.get("options") or {}, where).get("provider")
        returned = raw.get("return")
        if any(isinstance(item, pulumi.Output) for item in arguments.values()):
            output = pulumi.runtime.invoke_output(
                raw["function"], arguments, pulumi.InvokeOutputOptions(provider=provider)
            )
            return _property_path(output, returned or "")
        # Plain arguments: a plain result, so each property is known or not on its own (an Output of the whole
        # result is unknown as soon as one property is).
        result = pulumi.runtime.invoke(raw["function"], arguments, pulumi.InvokeOptions(provider=provider)).value
        return _property_path(result or {}, returned or "")

    # -- resources -----------------------------------------------------------------------------------------------

    def resource(self, name: str) -> Any:
        if name in self.declared:
            return self.declared[name]
        if name in self.in_progress:
            raise UnsupportedYaml(f"resource '{name}' depends on itself")
        self.in_progress.add(name)
        spec = self.resources[name] or {}
        cls = _class_for(str(spec.get("type", "")), name)
        properties = self.value(spec.get("properties") or {}, f"resource '{name}'")
        kwargs = {_snake(key): value for key, value in properties.items()}
        options = self.options(spec.get("options") or {}, name)
        with declaring(self.lines.get(name)):
            read = spec.get("get")
            if read is not None:  # a read of an existing entity: its id (and no properties)
                entity_id = self.value((read or {}).get("id"), f"resource '{name}' get")
                instance = cls.get(name, id=entity_id, opts=options)
            else:
                instance = cls(name, opts=options, **kwargs)
        self.declared[name] = instance
        self.in_progress.discard(name)
        return instance

    def options(self, raw: Mapping[str, Any], name: str) -> pulumi.ResourceOptions | None:
        known = {"provider", "dependsOn", "parent", "protect", "ignoreChanges", "deleteBeforeReplace"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise UnsupportedYaml(f"resource '{name}': option {unknown[0]} is not supported by the offline check")
        if not raw:
            return None
        resolved = self.value(dict(raw), f"resource '{name}' options")
        return pulumi.ResourceOptions(
            provider=resolved.get("provider"),
            depends_on=resolved.get("dependsOn"),
            parent=resolved.get("parent"),
            protect=resolved.get("protect"),
            ignore_changes=resolved.get("ignoreChanges"),
            delete_before_replace=resolved.get("deleteBeforeReplace"),
        )


def _property_path(value: Any, path: str) -> Any:
    """``value``'s property at the dotted ``path`` (camelCase keys of a mapping, or of an Output of one)."""

    def getter(key: str) -> Callable[[Any], Any]:
        return lambda found: (found or {}).get(key)

    for part in filter(None, path.split(".")):
        if isinstance(value, pulumi.Output):
            value = value.apply(getter(part))
        elif isinstance(value, Mapping):
            value = value.get(part)
        else:
            raise UnsupportedYaml(f"property {part!r} of a value that has none")
    return value


def declare(settings: Mapping[str, Any], project: str, source: Path | None = None) -> Callable[[], None]:
    """A program body that declares the YAML program's resources (to run under :func:`pulumi.runtime.set_mocks`).

    ``source`` is the YAML file the resources are read from, for their lines.
    """

    def program() -> None:
        _Program(settings, project, source).run()

    return program
