"""Lazy exports for ``alicloud_gov/__init__.py``: resource classes load only when first used.

``import alicloud_gov`` stays cheap for the command line and the provider plugin; a program's
``alicloud_gov.RamRole`` imports :mod:`alicloud_gov.resources` on first access.
"""

from __future__ import annotations

import importlib
from typing import Any

EXPORTS: dict[str, str] = {
    name: "alicloud_gov.resources"
    for name in (
        "AssumeRoleArgs",
        "EcrAssociation",
        "EcrAssociationArgs",
        "EcrGrant",
        "EcrGrantArgs",
        "PolicyAttachment",
        "PolicyAttachmentArgs",
        "Provider",
        "ProviderArgs",
        "RamGroup",
        "RamGroupArgs",
        "RamGroupMembership",
        "RamGroupMembershipArgs",
        "RamPolicy",
        "RamPolicyArgs",
        "RamRole",
        "RamRoleArgs",
        "RamUser",
        "RamUserArgs",
        "ResourceGroup",
        "ResourceGroupArgs",
        "ResourceGroupMove",
        "ResourceGroupMoveArgs",
        "trust_policy",
    )
}
EXPORTS.update(
    {
        name: "alicloud_gov.components"
        for name in (
            "CrossAccountAccess",
            "CrossAccountAccessArgs",
            "EcrCrossAccountLink",
            "EcrCrossAccountLinkArgs",
            "EnvironmentBaseline",
            "EnvironmentBaselineArgs",
            "ResourceGroupAccess",
            "ResourceGroupAccessArgs",
        )
    }
)
"""Public name -> module that defines it (the one list: the modules' ``__all__`` are derived from it)."""


def exported_by(module: str) -> list[str]:
    """The public names ``module`` defines, sorted (its ``__all__``)."""
    return sorted(name for name, owner in EXPORTS.items() if owner == module)


def load(name: str) -> Any:
    """The exported object ``name``; AttributeError when it is not an export."""
    module = EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'alicloud_gov' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
