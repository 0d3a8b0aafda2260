"""The package name and the Pulumi type tokens of its resources and components."""

from __future__ import annotations

PACKAGE = "alicloud-gov"
"""The Pulumi package (and provider plugin) name."""

TYPE_PREFIX = f"{PACKAGE}:index:"
"""The prefix of every resource and component type token of the package (``alicloud-gov:index:RamRole``)."""

PROVIDER_TYPE = f"pulumi:providers:{PACKAGE}"
"""The type token of an explicit provider instance."""


def type_token(type_name: str) -> str:
    """The Pulumi type token of a resource or component type, e.g. ``alicloud-gov:index:RamRole``."""
    return f"{TYPE_PREFIX}{type_name}"


def type_name_of(token: str) -> str | None:
    """The type name of one of the package's type tokens (``RamRole``), or None for any other token."""
    return token.removeprefix(TYPE_PREFIX) if token.startswith(TYPE_PREFIX) else None


COMPONENT_PACKAGE = f"{PACKAGE}-components"
"""The package name YAML programs use for the components (``alicloud-gov-components:index:<Component>``)."""

COMPONENT_PREFIX = f"{COMPONENT_PACKAGE}:index:"
"""The prefix of a component's type token in a YAML program."""
