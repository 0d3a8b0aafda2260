"""Lookups from a Pulumi program: read existing users, groups, roles, policies, resource groups and the account.

Each lookup comes in Pulumi's two forms: ``get_user(name=...)`` takes plain values and returns the result
(awaitable, as Pulumi's generated SDKs make it), ``get_user_output(name=...)`` takes inputs and returns an
``Output`` of the result. Both run the provider function of the same name (``alicloud-gov:index:getUser``,
see :mod:`alicloud_gov.spec.functions`) through the provider given in ``opts``. Under ``alicloud-gov check``
and ``plan`` nothing is read: a result is unknown, except what follows from the arguments and the provider's
account (the name, the account UID, a role's ARN).

Example::

    import pulumi
    import alicloud_gov as gov

    dave = gov.get_user(name="netops-dave")
    gov.PolicyAttachment("dave-vpc-read", principal_type="user", principal_name=dave.name,
                         policy_name="AliyunVPCReadOnlyAccess", policy_type="System")
"""

from __future__ import annotations

import re
from collections.abc import Generator, Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import pulumi

from alicloud_gov.spec.functions import (
    GET_ACCOUNT,
    GET_GROUP,
    GET_POLICY,
    GET_RESOURCE_GROUP,
    GET_ROLE,
    GET_USER,
    FunctionSpec,
)

InvokeOpts = pulumi.InvokeOptions | pulumi.InvokeOutputOptions | None
"""The options of an ``..._output`` lookup."""

_R = TypeVar("_R", bound="_Result")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class _Result:
    """What every result shares: built from the provider's answer, awaitable like a generated SDK's result."""

    @classmethod
    def from_wire(cls: type[_R], values: Mapping[str, Any] | None) -> _R:
        """The result from the provider's camelCase properties (absent ones None)."""
        values = values or {}
        return cls(**{item.name: values.get(_camel(item.name)) for item in fields(cls)})  # type: ignore[arg-type]

    def __await__(self: _R) -> Generator[Any, None, _R]:
        return self
        yield  # a generator that finishes at once with the result


def _arguments(spec: FunctionSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The wire arguments: camelCase names, unset ones left out (the provider applies defaults)."""
    known = {_snake(item.name): item.name for item in spec.inputs}
    return {known[key]: value for key, value in values.items() if value is not None}


def _invoke(spec: FunctionSpec, values: Mapping[str, Any], opts: pulumi.InvokeOptions | None, result: type[_R]) -> _R:
    answer = pulumi.runtime.invoke(spec.token, _arguments(spec, values), opts)
    return result.from_wire(answer.value)


def _invoke_output(spec: FunctionSpec, values: Mapping[str, Any], opts: InvokeOpts, result: type[_R]) -> Any:
    answer = pulumi.runtime.invoke_output(spec.token, _arguments(spec, values), opts)
    return answer.apply(result.from_wire)


# -- results -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GetUserResult(_Result):
    """An existing RAM user: ``name``, ``user_id``, ``display_name``, contact fields, ``principal_name``."""

    name: str
    user_id: str
    display_name: str
    email: str | None
    mobile_phone: str | None
    comments: str | None
    principal_name: str
    account_id: str


@dataclass(frozen=True)
class GetGroupResult(_Result):
    """An existing RAM user group: ``name``, ``group_id``, ``comments``, ``principal_name``."""

    name: str
    group_id: str
    comments: str | None
    principal_name: str
    account_id: str


@dataclass(frozen=True)
class GetRoleResult(_Result):
    """An existing RAM role: ``name``, ``role_id``, ``arn``, its trust policy as a dict, session length."""

    name: str
    role_id: str
    arn: str
    assume_role_policy_document: dict[str, Any]
    description: str | None
    max_session_duration: int
    principal_name: str
    account_id: str


@dataclass(frozen=True)
class GetPolicyResult(_Result):
    """An existing custom or system policy: ``name``, ``policy_type``, ``default_version`` and its ``document``."""

    name: str
    policy_type: str
    description: str | None
    default_version: str
    document: dict[str, Any]
    account_id: str


@dataclass(frozen=True)
class GetResourceGroupResult(_Result):
    """An existing resource group: ``resource_group_id``, ``name``, ``display_name``, ``status``."""

    resource_group_id: str
    name: str
    display_name: str
    status: str
    account_id: str


@dataclass(frozen=True)
class GetAccountResult(_Result):
    """The provider's account: ``account_id`` (the UID) and ``account_alias``."""

    account_id: str
    account_alias: str


# -- lookups -----------------------------------------------------------------------------------------------------


def get_user(name: str, opts: pulumi.InvokeOptions | None = None) -> GetUserResult:
    """Look up an existing RAM user by name; fails, naming the name, when there is none.

    :param name: The logon name: 1-64 characters, may contain only letters, digits, '.', '_' and '-'.
    :param opts: Invoke options (``provider=`` picks the account).
    """
    return _invoke(GET_USER, {"name": name}, opts, GetUserResult)


def get_user_output(name: pulumi.Input[str], opts: InvokeOpts = None) -> pulumi.Output[GetUserResult]:
    """:func:`get_user` taking inputs and returning an Output of the result."""
    output: pulumi.Output[GetUserResult] = _invoke_output(GET_USER, {"name": name}, opts, GetUserResult)
    return output


def get_group(name: str, opts: pulumi.InvokeOptions | None = None) -> GetGroupResult:
    """Look up an existing RAM user group by name; fails, naming the name, when there is none.

    :param name: The group name: 1-64 characters, may contain only letters, digits, '.', '_' and '-'.
    :param opts: Invoke options (``provider=`` picks the account).
    """
    return _invoke(GET_GROUP, {"name": name}, opts, GetGroupResult)


def get_group_output(name: pulumi.Input[str], opts: InvokeOpts = None) -> pulumi.Output[GetGroupResult]:
    """:func:`get_group` taking inputs and returning an Output of the result."""
    output: pulumi.Output[GetGroupResult] = _invoke_output(GET_GROUP, {"name": name}, opts, GetGroupResult)
    return output


def get_role(name: str, opts: pulumi.InvokeOptions | None = None) -> GetRoleResult:
    """Look up an existing RAM role by name, with its trust policy; fails, naming the name, when there is none.

    :param name: The role name: 1-64 characters, may contain only letters, digits, '.' and '-' (no underscore).
    :param opts: Invoke options (``provider=`` picks the account).
    """
    return _invoke(GET_ROLE, {"name": name}, opts, GetRoleResult)


def get_role_output(name: pulumi.Input[str], opts: InvokeOpts = None) -> pulumi.Output[GetRoleResult]:
    """:func:`get_role` taking inputs and returning an Output of the result."""
    output: pulumi.Output[GetRoleResult] = _invoke_output(GET_ROLE, {"name": name}, opts, GetRoleResult)
    return output


def get_policy(name: str, policy_type: str | None = None, opts: pulumi.InvokeOptions | None = None) -> GetPolicyResult:
    """Look up an existing custom or system policy with its default version's document.

    Fails, naming the name and type, when there is none.

    :param name: The policy name: 1-128 characters, may contain only letters, digits and '-'.
    :param policy_type: System or Custom (default Custom).
    :param opts: Invoke options (``provider=`` picks the account).
    """
    return _invoke(GET_POLICY, {"name": name, "policy_type": policy_type}, opts, GetPolicyResult)


def get_policy_output(
    name: pulumi.Input[str], policy_type: pulumi.Input[str] | None = None, opts: InvokeOpts = None
) -> pulumi.Output[GetPolicyResult]:
    """:func:`get_policy` taking inputs and returning an Output of the result."""
    values = {"name": name, "policy_type": policy_type}
    output: pulumi.Output[GetPolicyResult] = _invoke_output(GET_POLICY, values, opts, GetPolicyResult)
    return output


def get_resource_group(
    resource_group_id: str | None = None, name: str | None = None, opts: pulumi.InvokeOptions | None = None
) -> GetResourceGroupResult:
    """Look up an existing resource group by id or by name (give one); fails, naming the argument, when there is
    none.

    :param resource_group_id: The resource group id (rg-...), 4-64 characters.
    :param name: The resource group's unique name: 2-50 characters, must start with a letter and contain only
        letters, digits and '-'.
    :param opts: Invoke options (``provider=`` picks the account).
    """
    values = {"resource_group_id": resource_group_id, "name": name}
    return _invoke(GET_RESOURCE_GROUP, values, opts, GetResourceGroupResult)


def get_resource_group_output(
    resource_group_id: pulumi.Input[str] | None = None, name: pulumi.Input[str] | None = None, opts: InvokeOpts = None
) -> pulumi.Output[GetResourceGroupResult]:
    """:func:`get_resource_group` taking inputs and returning an Output of the result."""
    values = {"resource_group_id": resource_group_id, "name": name}
    output: pulumi.Output[GetResourceGroupResult] = _invoke_output(
        GET_RESOURCE_GROUP, values, opts, GetResourceGroupResult
    )
    return output


def get_account(opts: pulumi.InvokeOptions | None = None) -> GetAccountResult:
    """The account the provider's credentials belong to: its UID and alias.

    :param opts: Invoke options (``provider=`` picks the account).
    """
    return _invoke(GET_ACCOUNT, {}, opts, GetAccountResult)


def get_account_output(opts: InvokeOpts = None) -> pulumi.Output[GetAccountResult]:
    """:func:`get_account` returning an Output of the result."""
    output: pulumi.Output[GetAccountResult] = _invoke_output(GET_ACCOUNT, {}, opts, GetAccountResult)
    return output


__all__ = [
    "GetAccountResult",
    "GetGroupResult",
    "GetPolicyResult",
    "GetResourceGroupResult",
    "GetRoleResult",
    "GetUserResult",
    "get_account",
    "get_account_output",
    "get_group",
    "get_group_output",
    "get_policy",
    "get_policy_output",
    "get_resource_group",
    "get_resource_group_output",
    "get_role",
    "get_role_output",
    "get_user",
    "get_user_output",
]
"""The lookups and their result types (``alicloud_gov`` exports them, lazily at run time)."""
