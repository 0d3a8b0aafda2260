"""The lookup functions of the ``alicloud-gov`` package, as data.

One :class:`FunctionSpec` per provider function (``alicloud-gov:index:getUser`` and the others) says which
arguments it takes, with the name rule each follows, and which properties its result has. From these specs come
the ``functions`` section of the package schema (:func:`alicloud_gov.spec.schema.package_schema`), the
provider's argument check before it reads the cloud (:mod:`alicloud_gov.provider.functions`) and the typed
Python functions (:mod:`alicloud_gov.functions`; tests/unit/test_functions.py holds them to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alicloud_gov.spec import names
from alicloud_gov.spec.schema import (
    RAM_GROUP,
    RAM_POLICY,
    RAM_ROLE,
    RAM_USER,
    RESOURCE_GROUP,
    Field,
    ResourceSpec,
)
from alicloud_gov.spec.tokens import type_token

_POLICY_TYPES = ("System", "Custom")
_RG_ID = names.RESOURCE_GROUP_ID


@dataclass(frozen=True)
class FunctionSpec:
    """One lookup: its arguments and the properties of its result."""

    function_name: str
    description: str
    inputs: tuple[Field, ...]
    outputs: tuple[Field, ...]

    @property
    def token(self) -> str:
        """The Pulumi function token, e.g. ``alicloud-gov:index:getUser``."""
        return type_token(self.function_name)

    def problems(self, arguments: dict[str, Any]) -> list[tuple[str, str]]:
        """(argument, reason) for each argument that breaks its rule; unknown arguments are not checked."""
        found: list[tuple[str, str]] = []
        for item in self.inputs:
            value = arguments.get(item.name)
            if value is None:
                if item.required:
                    found.append((item.name, f"{self.function_name}: argument '{item.name}' is required"))
                continue
            if not isinstance(value, str):
                found.append((item.name, f"{self.function_name}: argument '{item.name}' must be a string"))
            elif item.enum and value.lower() not in {choice.lower() for choice in item.enum}:
                found.append(
                    (
                        item.name,
                        f"{self.function_name}: argument '{item.name}' {value!r} is not one of {', '.join(item.enum)}",
                    )
                )
            elif item.rule is not None and (reason := item.rule.problem(value)):
                found.append((item.name, f"{self.function_name}: argument '{item.name}' {reason}"))
        return found

    def schema(self) -> dict[str, Any]:
        """This function's entry in the package schema."""
        entry: dict[str, Any] = {
            "description": self.description,
            "outputs": {
                "properties": {item.name: item.schema() for item in self.outputs},
                "required": [item.name for item in self.outputs if item.required],
                "type": "object",
            },
        }
        if self.inputs:
            entry["inputs"] = {
                "properties": {item.name: item.schema() for item in self.inputs},
                "required": [item.name for item in self.inputs if item.required],
                "type": "object",
            }
        return entry


def _arg(name: str, description: str, **options: Any) -> Field:
    return Field(name=name, kind="string", description=description, **options)


def _out(name: str, kind: str, description: str, required: bool = True) -> Field:
    return Field(name=name, kind=kind, description=description, required=required)


def _output(spec: ResourceSpec, name: str) -> Field:
    """A result property that is one of ``spec``'s outputs, documented as the resource documents it."""
    item = spec.field(name)
    assert item is not None, f"{spec.type_name} has no field {name}"
    return _out(item.name, item.kind, item.description)


_ACCOUNT = _out("accountId", "string", "The UID of the account the lookup ran in (the provider's account).")

GET_USER = FunctionSpec(
    function_name="getUser",
    description="Look up an existing RAM user by name. Fails, naming the name, when there is no such user.",
    inputs=(_arg("name", f"The logon name: {names.USER_NAME.describe()}.", required=True, rule=names.USER_NAME),),
    outputs=(
        _out("name", "string", "The logon name, as RAM spells it."),
        _output(RAM_USER, "userId"),
        _out("displayName", "string", "The display name (RAM shows the logon name when none was set)."),
        _out("email", "string", "The email address, if set.", required=False),
        _out("mobilePhone", "string", "The mobile phone, if set.", required=False),
        _out("comments", "string", "The comments, if set.", required=False),
        _output(RAM_USER, "principalName"),
        _ACCOUNT,
    ),
)

GET_GROUP = FunctionSpec(
    function_name="getGroup",
    description="Look up an existing RAM user group by name. Fails, naming the name, when there is no such group.",
    inputs=(_arg("name", f"The group name: {names.GROUP_NAME.describe()}.", required=True, rule=names.GROUP_NAME),),
    outputs=(
        _out("name", "string", "The group name, as RAM spells it."),
        _output(RAM_GROUP, "groupId"),
        _out("comments", "string", "The comments, if set.", required=False),
        _output(RAM_GROUP, "principalName"),
        _ACCOUNT,
    ),
)

GET_ROLE = FunctionSpec(
    function_name="getRole",
    description="Look up an existing RAM role by name, with its trust policy. Fails, naming the name, when there is "
    "no such role.",
    inputs=(_arg("name", f"The role name: {names.ROLE_NAME.describe()}.", required=True, rule=names.ROLE_NAME),),
    outputs=(
        _out("name", "string", "The role name, as RAM spells it."),
        _output(RAM_ROLE, "roleId"),
        _output(RAM_ROLE, "arn"),
        _out("assumeRolePolicyDocument", "policy", "The trust policy, as a document (a dict)."),
        _out("description", "string", "The description, if set.", required=False),
        _out("maxSessionDuration", "int", "Longest STS session in seconds."),
        _output(RAM_ROLE, "principalName"),
        _ACCOUNT,
    ),
)

GET_POLICY = FunctionSpec(
    function_name="getPolicy",
    description="Look up an existing policy, custom or system, with its default version's document. Fails, naming "
    "the name and type, when there is no such policy.",
    inputs=(
        _arg("name", f"The policy name: {names.POLICY_NAME.describe()}.", required=True, rule=names.POLICY_NAME),
        _arg("policyType", "System or Custom (default Custom).", default="Custom", enum=_POLICY_TYPES),
    ),
    outputs=(
        _out("name", "string", "The policy name, as RAM spells it."),
        _out("policyType", "string", "System or Custom."),
        _out("description", "string", "The description, if set.", required=False),
        _output(RAM_POLICY, "defaultVersion"),
        _out("document", "policy", "The default version's policy document, as a document (a dict)."),
        _ACCOUNT,
    ),
)

GET_RESOURCE_GROUP = FunctionSpec(
    function_name="getResourceGroup",
    description="Look up an existing resource group by id or by name (give one). Fails, naming the argument, when "
    "there is no such group.",
    inputs=(
        _arg(
            "resourceGroupId",
            f"The resource group id (rg-...), {_RG_ID.min_length}-{_RG_ID.max_length} characters.",
            rule=names.RESOURCE_GROUP_ID,
        ),
        _arg(
            "name",
            f"The resource group's unique name: {names.RESOURCE_GROUP_NAME.describe()}.",
            rule=names.RESOURCE_GROUP_NAME,
        ),
    ),
    outputs=(
        _output(RESOURCE_GROUP, "resourceGroupId"),
        _out("name", "string", "The resource group's unique name."),
        _out("displayName", "string", "The display name."),
        _output(RESOURCE_GROUP, "status"),
        _output(RESOURCE_GROUP, "accountId"),
    ),
)

GET_ACCOUNT = FunctionSpec(
    function_name="getAccount",
    description="The account the provider's credentials belong to: its UID (STS GetCallerIdentity) and its alias "
    "(RAM GetAccountAlias).",
    inputs=(),
    outputs=(
        _out("accountId", "string", f"The account UID, {names.ACCOUNT_UID_LENGTH} digits."),
        _out(
            "accountAlias",
            "string",
            "The account alias used in principal names (<name>@<alias>.onaliyun.com); the UID when none is set.",
        ),
    ),
)

FUNCTIONS: dict[str, FunctionSpec] = {
    spec.token: spec for spec in (GET_USER, GET_GROUP, GET_ROLE, GET_POLICY, GET_RESOURCE_GROUP, GET_ACCOUNT)
}
"""Every lookup function by function token."""
