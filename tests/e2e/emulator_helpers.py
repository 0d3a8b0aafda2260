"""Helpers shared by the e2e tests that deploy to the emulator: accounts, clients, config, leftovers."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.emulator.faults import FaultConfig
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject

ACME_UID = "1000000000000001"
PARTNER_UID = "2000000000000002"

RAM_LISTS: dict[str, tuple[str, dict[str, str], str, str]] = {
    "users": ("ListUsers", {}, "Users.User", "UserName"),
    "groups": ("ListGroups", {}, "Groups.Group", "GroupName"),
    "roles": ("ListRoles", {}, "Roles.Role", "RoleName"),
    "policies": ("ListPolicies", {"PolicyType": "Custom"}, "Policies.Policy", "PolicyName"),
}
"""Each RAM kind :func:`leftovers` names: (list action, its parameters, the items' path, the name field)."""
NETWORK_KINDS = ("ecr grants", "ecr associations", "ecr children", "vpcs", "ecrs")
"""The network kinds :func:`network_leftovers` names."""

EMPTY: dict[str, list[str]] = {kind: [] for kind in (*RAM_LISTS, "resource groups", "rg attachments", *NETWORK_KINDS)}
"""What :func:`leftovers` returns for an account a stack left clean."""

REGION = "cn-hangzhou"
"""The region the examples and e2e tests put VPCs, VBRs and grants in (the VPC reads below are regional)."""


def root_cloud(emulator: RunningEmulator, uid: str = ACME_UID) -> Cloud:
    """The project's cloud client signed with an account's root AccessKey (no retries: tests see every error)."""
    account = emulator.account(uid)
    credentials = StaticCredentials(account.access_key_id, account.access_key_secret)
    return Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=credentials, max_attempts=1))


def configure_provider(project: PulumiProject, emulator: RunningEmulator, uid: str = ACME_UID) -> None:
    """Point the stack's default provider at the emulator with an account's root keys (the secret as a secret)."""
    account = emulator.account(uid)
    project.set_config("alicloud-gov:endpoint", emulator.endpoint)
    project.set_config("alicloud-gov:accessKeyId", account.access_key_id)
    project.set_config("alicloud-gov:accessKeySecret", account.access_key_secret, secret=True)


def leftovers(cloud: Cloud, fixtures: Collection[str] = ()) -> dict[str, list[str]]:
    """Every RAM, ResourceManager and network entity a stack could leave behind in one account.

    The network part is read with the official VPC and ExpressConnectRouter SDKs: the grants the account made of
    its VPCs and VBRs to ECRs, and each of its ECRs' VPC associations and VBR children (only a stack makes those in
    these tests), then its VPCs and ECRs. No example creates a VPC or an ECR (their READMEs make them with the
    SDKs, outside the stack), so a test names the ids it made itself in ``fixtures``; any other VPC or ECR is a leak.
    """
    groups = cloud.resourcemanager.list_all("ListResourceGroups", {}, items="ResourceGroups.ResourceGroup")
    attachments = cloud.resourcemanager.list_all(
        "ListPolicyAttachments", {}, items="PolicyAttachments.PolicyAttachment"
    )
    return {
        **{
            kind: [item[field] for item in cloud.ram.list_all(action, params, items=items)]
            for kind, (action, params, items, field) in RAM_LISTS.items()
        },
        "resource groups": [g["Name"] for g in groups if g.get("Status") != "PendingDelete" and g["Name"] != "default"],
        "rg attachments": [a["PolicyName"] for a in attachments],
        **network_leftovers(sdk_config(cloud), fixtures),
    }


def sdk_config(cloud: Cloud) -> Any:
    """An official SDK ``Config`` with the same endpoint and credentials as ``cloud`` (the emulator, over http)."""
    credential = CredentialClient(provider=cloud.config.credentials.build())
    return open_api_models.Config(
        credential=credential, endpoint=cloud.config.endpoint, protocol="http", region_id=REGION
    )


def network_leftovers(config: Any, fixtures: Collection[str] = ()) -> dict[str, list[str]]:
    """ECR grants (``<instance>-><ecr>``), associations, children, VPCs and ECRs of one account, without
    ``fixtures``."""
    vpc, ecr = VpcClient(config), EcrClient(config)
    grants = [
        f"{rule.instance_id}->{rule.ecr_id}"
        for instance_type in ("VPC", "VBR")
        for body in _pages(
            lambda token, kind=instance_type: (
                vpc.describe_vpc_grant_rules_to_ecr(
                    vpc_models.DescribeVpcGrantRulesToEcrRequest(
                        region_id=REGION, instance_type=kind, max_results=100, next_token=token
                    )
                ).body
            )
        )
        for rule in body.grant_rule_models or []
    ]
    ecr_ids = [
        str(router.ecr_id)
        for body in _pages(
            lambda token: (
                ecr.describe_express_connect_router(
                    ecr_models.DescribeExpressConnectRouterRequest(max_results=100, next_token=token)
                ).body
            )
        )
        for router in body.ecr_list or []
    ]
    associations: list[str] = []
    children: list[str] = []
    for ecr_id in ecr_ids:
        associated = ecr.describe_express_connect_router_association(
            ecr_models.DescribeExpressConnectRouterAssociationRequest(ecr_id=ecr_id, max_results=100)
        ).body
        associations += [f"{ecr_id}:{item.association_id}" for item in associated.association_list or []]
        attached = ecr.describe_express_connect_router_child_instance(
            ecr_models.DescribeExpressConnectRouterChildInstanceRequest(ecr_id=ecr_id, max_results=100)
        ).body
        children += [f"{ecr_id}:{item.child_instance_id}" for item in attached.child_instance_list or []]
    vpcs: list[str] = []
    page = 1
    while True:
        body = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, page_number=page, page_size=50)).body
        found = [str(item.vpc_id) for item in (body.vpcs.vpc if body.vpcs else None) or []]
        vpcs += found
        if not found or len(vpcs) >= int(body.total_count or 0):
            break
        page += 1
    found = (grants, associations, children, vpcs, ecr_ids)
    return {kind: [i for i in ids if i not in fixtures] for kind, ids in zip(NETWORK_KINDS, found, strict=True)}


def network_ids(cloud: Cloud) -> set[str]:
    """Ids of the account's VPCs and ECRs now (none excluded): what :func:`leftovers` may name as leaked."""
    left = network_leftovers(sdk_config(cloud))
    return set(left["vpcs"]) | set(left["ecrs"])


def _pages(fetch: Callable[[str | None], Any]) -> list[Any]:
    """Every page body of a NextToken-paged SDK read: ``fetch(token)`` answers one (None for the first)."""
    bodies = [fetch(None)]
    while bodies[-1].next_token:
        bodies.append(fetch(bodies[-1].next_token))
    return bodies


def settle_delay_ms(config: FaultConfig) -> int:
    """The longest of the consistency, transition, linger and grant delays: what :func:`settle` waits out."""
    return max(config.consistency_delay_ms, config.transition_delay_ms, config.linger_delay_ms, config.grant_delay_ms)


def settle(emulator: RunningEmulator) -> None:
    """Move emulator time past its consistency, transition, linger and grant delays (a no-op without them): every
    write so far is visible, every transitional state final and every removed dependent gone, as after waiting on
    the real cloud."""
    delay = settle_delay_ms(emulator.emulator.faults.config)
    if delay:
        emulator.advance_clock(delay / 1000.0 + 0.5)
