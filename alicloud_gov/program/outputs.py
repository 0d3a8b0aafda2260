"""What a mocked registration answers: the policies for the outputs of resources under Pulumi's mocks.

A program run offline has no provider to compute outputs (ids, ARNs, account ids). An :class:`OutputPolicy`
decides, for each registered resource, its id and the outputs beyond its inputs; anything it leaves out is
*unknown*, as in a real preview, and reaches the records as :data:`alicloud_gov.plan.UNKNOWN` (never as text).

- :class:`PreviewOutputs`: every computed output unknown, exactly what the provider answers at preview.
- :class:`DerivedOutputs`: the outputs that follow from the inputs and the provider's account alone (a role's
  ARN ``acs:ram::<account-id>:role/<name>``, ``accountId``, a RamPolicy's ``policyType``); the rest unknown.
  ``check`` and ``plan`` both use it, so they see the same value for every output.
- :class:`DeployedOutputs`: resources already in the stack's state show their deployed outputs (as in a real
  preview of an existing stack); new ones fall back to another policy.

A lookup (a provider function) answers with :func:`lookup_answer`, by the same rule as :class:`DerivedOutputs`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from alicloud_gov.plan import UNKNOWN
from alicloud_gov.plan.access import ResourceRecord
from alicloud_gov.spec.arns import role_arn
from alicloud_gov.spec.functions import FUNCTIONS, GET_POLICY, GET_ROLE
from alicloud_gov.spec.inputs import canonical_policy_type

Answer = tuple[str | None, dict[str, Any]]
"""A registration's answer: its id (None: unknown) and its outputs beyond the inputs (unknown ones left out)."""


class OutputPolicy(Protocol):
    """Decides the id and outputs of each resource a program registers under mocks."""

    def answer(self, resource: ResourceRecord, account: str | None) -> Answer:
        """The id and outputs of ``resource`` (inputs as plain values), managed in ``account`` when known."""
        ...


class PreviewOutputs:
    """Every computed output unknown: the provider's own answer at preview."""

    def answer(self, resource: ResourceRecord, account: str | None) -> Answer:
        """An unknown id and no outputs."""
        return None, {}


class DerivedOutputs:
    """The outputs that follow from a resource's inputs and its provider's account; the others stay unknown."""

    def answer(self, resource: ResourceRecord, account: str | None) -> Answer:
        """``accountId``; a RamRole's ``arn``; a RamPolicy's ``policyType`` (``Custom``). The id stays unknown."""
        outputs: dict[str, Any] = {}
        if not resource.is_ours:
            return None, outputs
        if account:
            outputs["accountId"] = account
        name = resource.inputs.get("name")
        if resource.type_name == "RamRole" and account and isinstance(name, str):
            outputs["arn"] = role_arn(account, name)
        elif resource.type_name == "RamPolicy":
            outputs["policyType"] = "Custom"  # a RamPolicy resource is always a custom policy
        return None, outputs


@dataclass
class DeployedOutputs:
    """Resources in ``deployed`` (the stack's state) answer with their deployed id and outputs; others with
    ``fallback``. Outputs ``fallback`` derives from the current inputs win over stale state (a renamed role)."""

    deployed: Iterable[ResourceRecord]
    fallback: OutputPolicy = field(default_factory=DerivedOutputs)

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, str], ResourceRecord] = {(r.type_name, r.name): r for r in self.deployed}

    def answer(self, resource: ResourceRecord, account: str | None) -> Answer:
        """The deployed id and outputs, overlaid by what ``fallback`` derives; ``fallback`` alone for new ones."""
        resource_id, derived = self.fallback.answer(resource, account)
        found = self._by_key.get((resource.type_name, resource.name))
        if found is None:
            return resource_id, derived
        known = {key: value for key, value in found.outputs.items() if value is not None and value is not UNKNOWN}
        state_id = known.get("id")
        return (str(state_id) if state_id else resource_id), {**known, **derived}


def lookup_answer(token: str, arguments: Mapping[str, Any], account: str | None) -> dict[str, Any]:
    """What a lookup (``alicloud-gov:index:getUser`` and the others) answers offline: only what follows from its
    arguments and the provider's account (the name asked for, ``accountId``, a role's ARN, the policy type); the
    rest is left out, so it is unknown, as nothing is read."""
    spec = FUNCTIONS.get(token)
    if spec is None:
        return {}
    names = {item.name for item in spec.outputs}
    answer: dict[str, Any] = {key: arguments[key] for key in ("name", "resourceGroupId") if key in arguments}
    if account:
        answer["accountId"] = account
    if spec is GET_POLICY:
        answer["policyType"] = canonical_policy_type(arguments.get("policyType"))
    if spec is GET_ROLE and account and isinstance(arguments.get("name"), str):
        answer["arn"] = role_arn(account, arguments["name"])
    return {key: value for key, value in answer.items() if key in names and value is not UNKNOWN}
