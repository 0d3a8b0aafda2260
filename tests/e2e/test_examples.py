"""Every example under examples/ runs as its README says, on the emulator, with the real Pulumi CLI.

Each test copies one example to a temporary folder (the repository stays clean), points its runtime at the
virtualenv running the tests, and walks it through ``alicloud-gov check``, ``pulumi preview``, ``pulumi up``,
the seed's scenario checked with the official Alibaba Cloud SDKs (or, for services the emulator does not serve,
with ``alicloud-gov simulate`` on the policies read back from it), and ``pulumi destroy``, after which nothing
the stack created is left in either account. The component stacks also preview clean after ``up`` (no false
diff). One private emulator per test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from alicloud_gov.cloud import Cloud
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject, local_plugins_setting, select_stack
from tests.e2e.emulator_helpers import (
    ACME_UID,
    EMPTY,
    PARTNER_UID,
    configure_provider,
    leftovers,
    root_cloud,
    settle,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REGION = "cn-hangzhou"
STACK = "dev"


@pytest.fixture
def example(tmp_path: Path, pulumi_environment: dict[str, str]) -> Callable[[str], PulumiProject]:
    """Factory: a copy of ``examples/<name>`` in a temporary folder, with the ``dev`` stack selected."""

    def copy(name: str) -> PulumiProject:
        directory = tmp_path / name
        shutil.copytree(EXAMPLES / name, directory)
        settings = yaml.safe_load((directory / "Pulumi.yaml").read_text())
        assert settings["runtime"]["options"]["virtualenv"] == "../../.venv", "examples use the repository's .venv"
        settings["runtime"]["options"]["virtualenv"] = sys.prefix
        assert settings["plugins"]["providers"][0]["path"] == "../../.venv/bin", "and its provider plugin"
        settings["plugins"] = local_plugins_setting()
        (directory / "Pulumi.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
        select_stack(STACK, cwd=directory, env=pulumi_environment)
        return PulumiProject(directory=directory, env=pulumi_environment, stack=STACK)

    return copy


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``alicloud-gov`` command of this virtualenv (``env``: e.g. a test's Pulumi environment)."""
    command = [str(Path(sys.prefix) / "bin" / "alicloud-gov"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


def check_findings(path: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    """``alicloud-gov check PATH --format json``: the exit code and the findings."""
    result = cli("check", str(path), "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)["findings"]


def configure_both(project: PulumiProject, emulator: RunningEmulator) -> None:
    """The README's ``pulumi config set`` lines for a two-account example."""
    project.set_config("alicloud-gov:endpoint", emulator.endpoint)
    for prefix, uid in (("acme", ACME_UID), ("partner", PARTNER_UID)):
        account = emulator.account(uid)
        project.set_config(f"{prefix}AccessKeyId", account.access_key_id)
        project.set_config(f"{prefix}AccessKeySecret", account.access_key_secret, secret=True)


def planned_creates(preview: dict[str, Any]) -> dict[str, int]:
    """Type name -> number of alicloud-gov resources ``pulumi preview --json`` would create."""
    counts: dict[str, int] = {}
    for step in preview["steps"]:
        type_token = step["urn"].split("::")[-2].split("$")[-1]
        custom = step.get("newState", {}).get("custom", False)
        if type_token.startswith("alicloud-gov:index:") and custom and step["op"] == "create":
            name = type_token.removeprefix("alicloud-gov:index:")
            counts[name] = counts.get(name, 0) + 1
    return counts


def changes(preview: dict[str, Any]) -> list[str]:
    """Names of resources a preview would change (empty: the stack matches the cloud)."""
    return [step["urn"].split("::")[-1] for step in preview["steps"] if step["op"] != "same"]


def user_key(emulator: RunningEmulator, uid: str, user_name: str) -> tuple[str, str]:
    """An AccessKey for a RAM user the stack created, made by the account's root with the official RAM SDK."""
    ram = RamClient(emulator.root_config(uid))
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name=user_name)).body.access_key
    return str(key.access_key_id), str(key.access_key_secret)


def drop_user_keys(emulator: RunningEmulator, uid: str, user_name: str) -> None:
    """Delete a user's AccessKeys (made outside the stack) so that the stack's destroy can delete the user."""
    ram = RamClient(emulator.root_config(uid))
    keys = ram.list_access_keys(ram_models.ListAccessKeysRequest(user_name=user_name)).body.access_keys.access_key
    for key in keys:
        ram.delete_access_key(
            ram_models.DeleteAccessKeyRequest(user_name=user_name, user_access_key_id=key.access_key_id)
        )


def denied(call: Callable[[], Any], action: str) -> None:
    """The call fails with NoPermission (403) naming this RAM action."""
    with pytest.raises(ClientException) as caught:
        call()
    assert (caught.value.code, caught.value.status_code) == ("NoPermission", 403), caught.value.message
    assert caught.value.data["AccessDeniedDetail"]["AuthAction"] == action


def create_ecr(emulator: RunningEmulator, uid: str, name: str) -> str:
    """An Express Connect Router, created by the account's root with the official SDK (no resource for it)."""
    client = EcrClient(emulator.root_config(uid))
    request = ecr_models.CreateExpressConnectRouterRequest(name=name, alibaba_side_asn=45104)
    return str(client.create_express_connect_router(request).body.ecr_id)


def create_vpc(emulator: RunningEmulator, uid: str, name: str) -> str:
    """A VPC, created by the account's root with the official SDK."""
    request = vpc_models.CreateVpcRequest(region_id=REGION, vpc_name=name, cidr_block="192.168.0.0/16")
    return str(VpcClient(emulator.root_config(uid)).create_vpc(request).body.vpc_id)


def modify_ecr(config: Any, ecr_id: str, description: str) -> None:
    """ModifyExpressConnectRouter with the official SDK and these credentials."""
    request = ecr_models.ModifyExpressConnectRouterRequest(ecr_id=ecr_id, description=description)
    EcrClient(config).modify_express_connect_router(request)


# -- seed 000 ---------------------------------------------------------------------------------------------------

# Seed 000's read-only policy for actions without resource-group support, limited to those that
# AliyunExpressConnectFullAccess grants.
SEED000_READ_ONLY_IN_FULL_ACCESS = {
    "expressconnectrouter:DescribeCarrierCloudLink",
    "expressconnectrouter:DescribeCarrierCloudLinks",
    "expressconnectrouter:DescribeLineProviders",
    "expressconnectrouter:DescribePartnerAccessPointRegions",
    "expressconnectrouter:DescribePartnerAccessPoints",
    "expressconnectrouter:DescribePartnerVendors",
    "expressconnectrouter:DescribeVpcRelatedAssociation",
    "expressconnectrouter:ListExpressConnectRouterSupportedRegion",
    "vpc:DescribeAccessPoints",
    "vpc:DescribeRouterInterfacesForGlobal",
    "vpc:DescribeVpcs",
    "vpc:DescribeZones",
    "vpc:GetBusinessAccessPointDetail",
    "vpc:GetPhysicalConnectionServiceStatus",
    "vpc:ListBusinessAccessPointPortUsage",
    "vpc:ListBusinessAccessPoints",
    "vpc:ListBusinessRegions",
}


def test_seed000_resource_group_access(
    example: Callable[[str], PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    code, findings = check_findings(EXAMPLES / "seed000-resource-group-access")
    assert code == 0
    assert {f["code"] for f in findings} == {"RG_SCOPE_UNSUPPORTED_ACTION"}  # warnings: the seed's own caveat

    in_group = create_ecr(cloud_emulator, ACME_UID, "project-hub")
    outside = create_ecr(cloud_emulator, ACME_UID, "other-hub")
    project = example("seed000-resource-group-access")
    configure_provider(project, cloud_emulator)
    project.set_config("ecrId", in_group)

    assert planned_creates(project.preview()) == {
        "RamUser": 1,
        "ResourceGroup": 1,
        "ResourceGroupMove": 1,
        "PolicyAttachment": 2,
        "RamPolicy": 1,
    }
    project.up()
    outputs = project.outputs()
    assert outputs["resourceGroupPolicies"] == ["AliyunExpressConnectFullAccess"]
    assert outputs["accountPolicies"] == ["ExpressConnectAccountReadOnly"]
    # The complement holds the seed's read-only actions without resource-group support that the system policy
    # grants, and no write action; those stay ungranted (ineffective at resource-group scope).
    complement = set(outputs["accountLevelActions"])
    assert complement >= SEED000_READ_ONLY_IN_FULL_ACCESS
    assert not {a for a in complement if a.split(":")[1].startswith(("Create", "Delete", "Modify", "Open"))}
    assert "expressconnectrouter:CreateCarrierCloudLink" in outputs["ineffectiveActions"]

    # The operator manages the ECR in the group, not the one outside it; account-level reads work everywhere.
    key = user_key(cloud_emulator, ACME_UID, "netops-alice")
    operator = cloud_emulator.config(*key)
    modify_ecr(operator, in_group, "changed by the operator")
    denied(lambda: modify_ecr(operator, outside, "nope"), "expressconnectrouter:ModifyExpressConnectRouter")
    VpcClient(operator).describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION))

    drop_user_keys(cloud_emulator, ACME_UID, "netops-alice")
    project.destroy()
    acme = root_cloud(cloud_emulator, ACME_UID)
    assert leftovers(acme, fixtures=[in_group, outside]) == EMPTY  # the routers are the test's, not the stack's
    [placed] = acme.resourcemanager.list_all("ListResources", {"ResourceId": in_group}, items="Resources.Resource")
    default_group = [
        g["Id"]
        for g in acme.resourcemanager.list_all("ListResourceGroups", {}, items="ResourceGroups.ResourceGroup")
        if g["Name"] == "default"
    ]
    assert [placed["ResourceGroupId"]] == default_group


# -- seed 001 ---------------------------------------------------------------------------------------------------

SEED001_ROLE = "PartnerExpressConnectOps"


def assume_role(emulator: RunningEmulator, key: tuple[str, str], role_arn: str) -> Any:
    """STS AssumeRole with the official SDK; returns an SDK Config signed with the session's credentials."""
    request = sts_models.AssumeRoleRequest(role_arn=role_arn, role_session_name="bob-at-acme", duration_seconds=900)
    credentials = StsClient(emulator.config(*key)).assume_role(request).body.credentials
    return emulator.config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token)


def test_seed001_partner_role(example: Callable[[str], PulumiProject], cloud_emulator: RunningEmulator) -> None:
    code, findings = check_findings(EXAMPLES / "seed001-partner-role")
    assert (code, findings) == (0, [])  # the trusted partner account is declared by the program itself
    hub = create_ecr(cloud_emulator, ACME_UID, "acme-hub")
    acme_ram = RamClient(cloud_emulator.root_config(ACME_UID))
    trust_b = json.dumps(
        {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{PARTNER_UID}:root"]}}
            ],
        }
    )
    acme_ram.create_role(
        ram_models.CreateRoleRequest(role_name="AnotherPartnerRole", assume_role_policy_document=trust_b)
    )
    other_role = f"acs:ram::{ACME_UID}:role/AnotherPartnerRole"

    project = example("seed001-partner-role")
    configure_both(project, cloud_emulator)
    assert planned_creates(project.preview()) == {"RamRole": 1, "PolicyAttachment": 2, "RamUser": 1}
    project.up()
    role_arn = f"acs:ram::{ACME_UID}:role/{SEED001_ROLE}"
    outputs = project.outputs()
    assert outputs["roleArn"] == role_arn
    assert outputs["partnerPolicy"] == "AliyunSTSAssumeRoleAccess"
    assert changes(project.preview()) == []

    # Step 5: B's user assumes A's role and manages A's router; as itself it sees nothing of A.
    bob = user_key(cloud_emulator, PARTNER_UID, "netops-bob")
    session = assume_role(cloud_emulator, bob, role_arn)
    identity = StsClient(session).get_caller_identity().body
    assert (identity.account_id, identity.identity_type) == (ACME_UID, "AssumedRoleUser")
    described = EcrClient(session).describe_express_connect_router(
        ecr_models.DescribeExpressConnectRouterRequest(ecr_id=hub)
    )
    assert [router.ecr_id for router in described.body.ecr_list] == [hub]
    modify_ecr(session, hub, "managed by enterprise B")
    assume_role(cloud_emulator, bob, other_role)  # the system policy allows assuming any role that trusts B

    # Without AliyunSTSAssumeRoleAccess, another user of B is refused.
    partner_ram = RamClient(cloud_emulator.root_config(PARTNER_UID))
    partner_ram.create_user(ram_models.CreateUserRequest(user_name="no-policy"))
    stranger = user_key(cloud_emulator, PARTNER_UID, "no-policy")
    denied(lambda: assume_role(cloud_emulator, stranger, role_arn), "sts:AssumeRole")

    # The least-privilege default of CrossAccountAccess: sts:AssumeRole on exactly this role.
    project.set_config("assumeRoleAccess", "least-privilege")
    project.up()
    assert project.outputs()["partnerPolicy"] == f"AssumeRole-{SEED001_ROLE}"
    assume_role(cloud_emulator, bob, role_arn)
    denied(lambda: assume_role(cloud_emulator, bob, other_role), "sts:AssumeRole")

    drop_user_keys(cloud_emulator, PARTNER_UID, "netops-bob")
    drop_user_keys(cloud_emulator, PARTNER_UID, "no-policy")
    partner_ram.delete_user(ram_models.DeleteUserRequest(user_name="no-policy"))
    acme_ram.delete_role(ram_models.DeleteRoleRequest(role_name="AnotherPartnerRole"))
    project.destroy()
    assert leftovers(root_cloud(cloud_emulator, ACME_UID), fixtures=[hub]) == EMPTY
    assert leftovers(root_cloud(cloud_emulator, PARTNER_UID)) == EMPTY


# -- seed 002 ---------------------------------------------------------------------------------------------------


def deployed_stack_file(cloud: Cloud, account_id: str, path: Path) -> Path:
    """A ``simulate`` stack file of the account's users, groups and custom policies, read back from the cloud."""
    users = [u["UserName"] for u in cloud.ram.list_all("ListUsers", {}, items="Users.User")]
    groups = [g["GroupName"] for g in cloud.ram.list_all("ListGroups", {}, items="Groups.Group")]
    memberships = {
        group: [
            u["UserName"] for u in cloud.ram.list_all("ListUsersForGroup", {"GroupName": group}, items="Users.User")
        ]
        for group in groups
    }
    policies = {}
    for policy in cloud.ram.list_all("ListPolicies", {"PolicyType": "Custom"}, items="Policies.Policy"):
        body = cloud.ram.call("GetPolicy", {"PolicyName": policy["PolicyName"], "PolicyType": "Custom"})
        policies[policy["PolicyName"]] = json.loads(body["DefaultPolicyVersion"]["PolicyDocument"])
    attachments = [
        {"principal": f"{kind}:{name}", "policy": p["PolicyName"], "type": p["PolicyType"], "scope": "account"}
        for kind, api, key, names in (
            ("user", "ListPoliciesForUser", "UserName", users),
            ("group", "ListPoliciesForGroup", "GroupName", groups),
        )
        for name in names
        for p in cloud.ram.call(api, {key: name})["Policies"]["Policy"]
    ]
    stack = {
        "account_id": account_id,
        "users": users,
        "groups": groups,
        "memberships": memberships,
        "policies": policies,
        "attachments": attachments,
    }
    path.write_text(yaml.safe_dump(stack))
    return path


def test_seed002_vpc_resource_permissions(
    example: Callable[[str], PulumiProject], cloud_emulator: RunningEmulator, tmp_path: Path
) -> None:
    folder = EXAMPLES / "seed002-vpc-resource-permissions"
    assert check_findings(folder) == (0, [])
    code, findings = check_findings(folder / "bad-policies", "--fail-on", "warning")
    assert code == 1
    assert sorted((f["code"], f["line"]) for f in findings) == [
        ("ALL_RESOURCES_ONLY_ACTION", 11),
        ("ALL_RESOURCES_ONLY_ACTION", 11),
        ("RESOURCE_TYPE_MISMATCH", 6),
        ("RESOURCE_TYPE_MISMATCH", 6),
    ]
    assert cli("check", str(folder / "bad-policies")).returncode == 0  # warnings pass the default threshold

    project = example("seed002-vpc-resource-permissions")
    configure_provider(project, cloud_emulator)
    assert planned_creates(project.preview()) == {
        "RamPolicy": 2,
        "RamGroup": 1,
        "RamUser": 1,
        "RamGroupMembership": 1,
        "PolicyAttachment": 2,
    }
    project.up()

    acme = root_cloud(cloud_emulator, ACME_UID)
    stack_file = deployed_stack_file(acme, ACME_UID, tmp_path / "deployed.yaml")
    pool = f"acs:vpc:{REGION}:{ACME_UID}:ipampool"
    scope = f"acs:vpc:{REGION}:{ACME_UID}:ipamscope"
    for action, resource, allowed in (
        ("vpc:GetIpamPoolAllocation", f"{pool}/ipam-pool-shared", True),
        ("vpc:GetIpamPoolAllocation", f"{pool}/ipam-pool-other", False),
        ("vpc:ListIpamPools", f"{pool}/*", True),
        ("vpc:CreateIpamPoolAllocation", "*", True),
        ("vpc:ListIpamResourceCidrs", f"{scope}/ipam-scope-private", True),
        ("vpc:DeleteIpamScope", f"{scope}/ipam-scope-private", False),
    ):
        answer = cli("simulate", str(stack_file), "-p", "user:ipam-carol", "-a", action, "-r", resource)
        assert answer.returncode == (0 if allowed else 1), (action, resource, answer.stdout)

    project.destroy()
    assert leftovers(acme) == EMPTY


# -- seed 003 ---------------------------------------------------------------------------------------------------


def test_seed003_ecr_cross_account(example: Callable[[str], PulumiProject], cloud_emulator: RunningEmulator) -> None:
    # The stack governs access, not networks: the ECR (A) and the VPCs (B) come from the official SDKs.
    ecr_id = create_ecr(cloud_emulator, ACME_UID, "hub")
    shared_vpc = create_vpc(cloud_emulator, PARTNER_UID, "shared")
    private_vpc = create_vpc(cloud_emulator, PARTNER_UID, "private")
    a_ecr = EcrClient(cloud_emulator.root_config(ACME_UID))
    b_vpc = VpcClient(cloud_emulator.root_config(PARTNER_UID))

    project = example("seed003-ecr-cross-account")
    code, findings = check_findings(project.directory)  # ecrId and instanceId unset: checked with placeholders
    assert code == 0 and [(f["code"], f["severity"]) for f in findings] == [("UNKNOWN_AT_PREVIEW", "suggestion")] * 2
    configure_both(project, cloud_emulator)
    project.set_config("ecrId", ecr_id)
    project.set_config("instanceId", shared_vpc)
    assert check_findings(project.directory) == (0, [])

    assert planned_creates(project.preview()) == {"EcrGrant": 1, "EcrAssociation": 1}
    project.up()
    outputs = project.outputs()
    assert outputs["associationStatus"] == "ACTIVE"

    # B's VPC console view shows the grant; A's ECR has the VPC associated.
    rules = b_vpc.describe_vpc_grant_rules_to_ecr(
        vpc_models.DescribeVpcGrantRulesToEcrRequest(region_id=REGION, instance_id=shared_vpc, instance_type="VPC")
    ).body.grant_rule_models
    assert [(rule.ecr_id, str(rule.ecr_owner_id)) for rule in rules] == [(ecr_id, ACME_UID)]
    associations = a_ecr.describe_express_connect_router_association(
        ecr_models.DescribeExpressConnectRouterAssociationRequest(ecr_id=ecr_id)
    ).body.association_list
    assert [(item.association_id, item.vpc_id, str(item.vpc_owner_id)) for item in associations] == [
        (outputs["associationId"], shared_vpc, PARTNER_UID)
    ]
    # A VPC that B has not granted cannot be associated.
    with pytest.raises(ClientException) as caught:
        a_ecr.create_express_connect_router_association(
            ecr_models.CreateExpressConnectRouterAssociationRequest(
                ecr_id=ecr_id, association_region_id=REGION, vpc_id=private_vpc, vpc_owner_id=int(PARTNER_UID)
            )
        )
    assert caught.value.code == "Forbidden.InstanceNotGranted"

    project.destroy()
    assert (
        a_ecr.describe_express_connect_router_association(
            ecr_models.DescribeExpressConnectRouterAssociationRequest(ecr_id=ecr_id)
        ).body.association_list
        == []
    )
    rules = b_vpc.describe_vpc_grant_rules_to_ecr(
        vpc_models.DescribeVpcGrantRulesToEcrRequest(region_id=REGION, instance_id=shared_vpc, instance_type="VPC")
    ).body.grant_rule_models
    assert rules == []
    # Nothing else either: the stack made only the grant and the association; the router and VPCs are the test's.
    assert leftovers(root_cloud(cloud_emulator, ACME_UID), fixtures=[ecr_id]) == EMPTY
    assert leftovers(root_cloud(cloud_emulator, PARTNER_UID), fixtures=[shared_vpc, private_vpc]) == EMPTY


# -- seed 004 ---------------------------------------------------------------------------------------------------


def test_seed004_basic_policy(
    example: Callable[[str], PulumiProject], cloud_emulator: RunningEmulator, tmp_path: Path
) -> None:
    assert check_findings(EXAMPLES / "seed004-basic-policy") == (0, [])
    project = example("seed004-basic-policy")
    configure_provider(project, cloud_emulator)
    assert planned_creates(project.preview()) == {"RamPolicy": 1, "RamUser": 1, "PolicyAttachment": 1}
    project.up()

    acme = root_cloud(cloud_emulator, ACME_UID)
    stored = acme.ram.call("GetPolicy", {"PolicyName": "EcsDescribeOssBucketRead", "PolicyType": "Custom"})
    document = json.loads(stored["DefaultPolicyVersion"]["PolicyDocument"])
    assert document["Statement"][0] == {
        "Effect": "Allow",
        "Action": "ecs:Describe*",
        "Resource": "acs:ecs:cn-hangzhou:*:*",
    }
    assert document["Statement"][1]["Condition"] == {"IpAddress": {"acs:SourceIp": ["203.0.113.0/24", "198.51.100.7"]}}

    stack_file = deployed_stack_file(acme, ACME_UID, tmp_path / "deployed.yaml")
    object_arn = f"acs:oss::{ACME_UID}:mybucket/file1.txt"  # the seed's ARN example, in this account
    for action, resource, source_ip, allowed in (
        ("ecs:DescribeInstances", f"acs:ecs:cn-hangzhou:{ACME_UID}:instance/i-1", None, True),
        ("ecs:DescribeInstances", f"acs:ecs:cn-beijing:{ACME_UID}:instance/i-1", None, False),
        ("ecs:DeleteInstance", f"acs:ecs:cn-hangzhou:{ACME_UID}:instance/i-1", None, False),
        ("oss:GetObject", object_arn, "203.0.113.25", True),
        ("oss:GetObject", object_arn, "198.51.100.7", True),
        ("oss:GetObject", object_arn, "192.0.2.1", False),
        ("oss:ListObjects", f"acs:oss::{ACME_UID}:mybucket", "203.0.113.25", True),
        ("oss:GetObject", f"acs:oss::{ACME_UID}:otherbucket/file1.txt", "203.0.113.25", False),
    ):
        context = ["-c", f"acs:SourceIp={source_ip}"] if source_ip else []
        answer = cli("simulate", str(stack_file), "-p", "user:bucket-reader", "-a", action, "-r", resource, *context)
        assert answer.returncode == (0 if allowed else 1), (action, resource, source_ip, answer.stdout)

    project.destroy()
    assert leftovers(acme) == EMPTY


# -- environment baseline ---------------------------------------------------------------------------------------


def test_environment_baseline(example: Callable[[str], PulumiProject], cloud_emulator: RunningEmulator) -> None:
    code, findings = check_findings(EXAMPLES / "environment-baseline")
    assert code == 0 and {f["code"] for f in findings} == {"RG_SCOPE_UNSUPPORTED_ACTION"}

    project = example("environment-baseline")
    configure_provider(project, cloud_emulator)
    assert planned_creates(project.preview()) == {
        "ResourceGroup": 2,
        "RamGroup": 4,
        "PolicyAttachment": 8,
        "RamPolicy": 4,
        "RamUser": 2,
        "RamGroupMembership": 3,
    }
    project.up()
    outputs = project.outputs()
    assert outputs["groupNames"] == {
        "dev": {"operators": "env-dev-operators", "readers": "env-dev-readers"},
        "prod": {"operators": "env-prod-operators", "readers": "env-prod-readers"},
    }
    assert changes(project.preview()) == []

    # One router per environment, created in its resource group.
    acme_ecr = EcrClient(cloud_emulator.root_config(ACME_UID))
    routers = {}
    for environment, group_id in outputs["resourceGroupIds"].items():
        request = ecr_models.CreateExpressConnectRouterRequest(
            name=f"{environment}-hub", alibaba_side_asn=45104, resource_group_id=group_id
        )
        routers[environment] = str(acme_ecr.create_express_connect_router(request).body.ecr_id)
    settle(cloud_emulator)  # the new routers readable and no longer busy (a no-op without the realistic profile)

    dana = cloud_emulator.config(*user_key(cloud_emulator, ACME_UID, "dana"))
    omar = cloud_emulator.config(*user_key(cloud_emulator, ACME_UID, "omar"))
    modify = "expressconnectrouter:ModifyExpressConnectRouter"
    modify_ecr(dana, routers["dev"], "dana operates dev")
    denied(lambda: modify_ecr(dana, routers["prod"], "dana only reads prod"), modify)
    seen = EcrClient(dana).describe_express_connect_router(
        ecr_models.DescribeExpressConnectRouterRequest(ecr_id=routers["prod"])
    )
    assert [router.ecr_id for router in seen.body.ecr_list] == [routers["prod"]]
    modify_ecr(omar, routers["prod"], "omar operates prod")
    denied(lambda: modify_ecr(omar, routers["dev"], "omar has no dev access"), modify)

    settle(cloud_emulator)  # the modifies done (an ECR that is changing refuses a delete with Conflict.Lock)
    for router in routers.values():
        acme_ecr.delete_express_connect_router(ecr_models.DeleteExpressConnectRouterRequest(ecr_id=router))
    for person in ("dana", "omar"):
        drop_user_keys(cloud_emulator, ACME_UID, person)
    project.destroy()
    assert leftovers(root_cloud(cloud_emulator, ACME_UID)) == EMPTY
