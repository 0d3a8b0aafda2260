"""Pulumi mocks for unit tests of program-side code: they record every registered resource."""

from __future__ import annotations

from typing import Any

import pulumi

from alicloud_gov.spec.tokens import type_token

OWNER = "1000000000000001"


class RecordingMocks(pulumi.runtime.Mocks):
    """Records each registered resource (type, name, inputs as the engine would receive them) and echoes its
    inputs as outputs, adding what the provider would compute: a role's ``arn``, a resource group's id."""

    def __init__(self) -> None:
        self.resources: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        """Record the resource; its id is ``<name>-id``."""
        self.resources.append(args)
        outputs = dict(args.inputs)
        if args.typ == type_token("RamRole"):
            outputs["arn"] = f"acs:ram::{OWNER}:role/{args.inputs['name']}"
        if args.typ == type_token("ResourceGroup"):
            outputs["resourceGroupId"] = f"rg-{args.inputs['name']}"
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        """No function of this package is invoked by the code under test."""
        return {}, None

    def of_type(self, type_name: str) -> list[pulumi.runtime.MockResourceArgs]:
        """The recorded resources of this package's type ``type_name`` (``RamRole``), in registration order."""
        return [item for item in self.resources if item.typ == type_token(type_name)]

    def by_name(self, name: str) -> pulumi.runtime.MockResourceArgs:
        """The first recorded resource named ``name``."""
        return next(item for item in self.resources if item.name == name)
