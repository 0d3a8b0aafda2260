"""The real Pulumi CLI drives the alicloud-gov provider plugin against the emulator.

One stack declares every RAM and ResourceManager resource type; the tests walk it through up, a clean
preview, edits (update versus replace), refresh after an out-of-band change made with the official SDK,
import of existing principals and policies, destroy, and an up under injected faults.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject
from tests.e2e.emulator_helpers import ACME_UID, EMPTY, PARTNER_UID, configure_provider, leftovers, root_cloud, settle

PROGRAM = """
import json

import pulumi
import alicloud_gov.resources as gov

config = pulumi.Config()
edited = config.get_bool("edited") or False

network = gov.ResourceGroup("network", display_name="Network team")
alice = gov.RamUser("alice", display_name="Alice Edited" if edited else "Alice")
ops = gov.RamGroup("ops", comments="operators")
gov.RamGroupMembership("alice-ops", group_name=ops.name, user_name=alice.name)
partner = gov.RamRole(
    "partner-ops",
    name="partner-ops-v2" if edited else "partner-ops",
    trusted_accounts=["PARTNER_UID"],
    description="assumed by the partner account",
)
actions = ["vpc:DescribeVpcs", "vpc:DescribeVSwitches"] if edited else ["vpc:DescribeVpcs"]
vpc_read = gov.RamPolicy(
    "vpc-read",
    name="VpcRead",
    document=json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}),
)
gov.PolicyAttachment("ops-vpc-read", principal_type="group", principal_name=ops.name,
                     policy_name=vpc_read.name, policy_type="Custom")
gov.PolicyAttachment("partner-vpc-full", principal_type="role", principal_name=partner.name,
                     policy_name="AliyunVPCFullAccess", policy_type="System",
                     resource_group_id=network.resource_group_id)
pulumi.export("roleArn", partner.arn)
pulumi.export("resourceGroupId", network.resource_group_id)
pulumi.export("alicePrincipal", alice.principal_name)
""".replace("PARTNER_UID", PARTNER_UID)

IMPORT_PROGRAM = """
import json

import pulumi
import alicloud_gov.resources as gov

gov.RamUser("erin", display_name="Erin")
gov.RamRole("auditor", assume_role_policy_document=json.dumps(%(trust)r))
gov.RamPolicy("audit-read", name="AuditRead", document=%(policy)r)
"""

TRUST = {
    "Version": "1",
    "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": [f"acs:ram::{ACME_UID}:root"]}}],
}
AUDIT_POLICY = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}]}


def ops_by_name(preview: dict[str, Any]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Resource name -> (operation, changed properties) of every planned change in ``pulumi preview --json``."""
    result: dict[str, tuple[str, tuple[str, ...]]] = {}
    for step in preview.get("steps", []):
        name = step["urn"].split("::")[-1]
        if step["urn"].split("::")[-2].startswith("alicloud-gov:index:") and step["op"] != "same":
            result[name] = (step["op"], tuple(sorted(step.get("diffReasons") or [])))
    return result


def test_stack_lifecycle(pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator) -> None:
    project = pulumi_project("gov-lifecycle", PROGRAM)
    configure_provider(project, cloud_emulator)
    cloud = root_cloud(cloud_emulator)

    project.up()
    outputs = project.outputs()
    assert outputs["roleArn"] == f"acs:ram::{ACME_UID}:role/partner-ops"
    assert outputs["resourceGroupId"].startswith("rg-")
    assert outputs["alicePrincipal"].startswith("alice@") and outputs["alicePrincipal"].endswith(".onaliyun.com")
    state = json.dumps(project.export_state())
    assert cloud_emulator.account(ACME_UID).access_key_secret not in state  # the secret is encrypted in state

    clean = project.preview()
    assert ops_by_name(clean) == {}
    assert clean["changeSummary"] == {"same": 9}  # eight resources and the stack

    project.set_config("edited", "true")
    planned = ops_by_name(project.preview())
    assert planned["alice"] == ("update", ("displayName",))
    assert planned["vpc-read"] == ("update", ("document",))
    assert planned["partner-ops"][0] == "replace"
    assert planned["partner-vpc-full"][0] == "replace"  # its principal name changes with the role
    assert set(planned) == {
        "alice",
        "vpc-read",
        "partner-ops",
        "partner-vpc-full",
    }
    project.up()
    assert cloud.ram.call("GetUser", {"UserName": "alice"})["User"]["DisplayName"] == "Alice Edited"
    assert [r["RoleName"] for r in cloud.ram.list_all("ListRoles", {}, items="Roles.Role")] == ["partner-ops-v2"]
    assert ops_by_name(project.preview()) == {}

    # Drift made with the official SDK shows up on refresh, and the next preview puts it back.
    from alibabacloud_ram20150501 import models as ram_models
    from alibabacloud_ram20150501.client import Client as RamClient

    sdk = RamClient(cloud_emulator.root_config(ACME_UID))
    sdk.update_user(ram_models.UpdateUserRequest(user_name="alice", new_display_name="Changed By Hand"))
    refreshed = project.run("refresh", "--yes", "--non-interactive", "--diff")
    assert "Changed By Hand" in refreshed.stdout
    assert ops_by_name(project.preview())["alice"] == ("update", ("displayName",))

    project.destroy()
    assert leftovers(cloud) == EMPTY


def test_import_adopts_existing_user_role_and_policy(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    cloud = root_cloud(cloud_emulator)
    cloud.ram.call("CreateUser", {"UserName": "erin", "DisplayName": "Erin"})
    cloud.ram.call("CreateRole", {"RoleName": "auditor", "AssumeRolePolicyDocument": json.dumps(TRUST, indent=2)})
    cloud.ram.call("CreatePolicy", {"PolicyName": "AuditRead", "PolicyDocument": json.dumps(AUDIT_POLICY)})
    program = IMPORT_PROGRAM % {"trust": TRUST, "policy": AUDIT_POLICY}
    project = pulumi_project("gov-import", program)
    configure_provider(project, cloud_emulator)

    imports = {
        "resources": [
            {"type": "alicloud-gov:index:RamUser", "name": "erin", "id": "erin"},
            {"type": "alicloud-gov:index:RamRole", "name": "auditor", "id": "auditor"},
            {"type": "alicloud-gov:index:RamPolicy", "name": "audit-read", "id": "AuditRead"},
        ]
    }
    import_file = project.directory / "import.json"
    import_file.write_text(json.dumps(imports))
    project.run(
        "import",
        "--file",
        str(import_file),
        "--yes",
        "--non-interactive",
        "--generate-code=false",
        "--protect=false",
    )
    resources = project.export_state()["deployment"]["resources"]
    imported = {r["urn"].split("::")[-1]: r["id"] for r in resources if r["type"].startswith("alicloud-gov:")}
    assert imported == {"erin": "erin", "auditor": "auditor", "audit-read": "AuditRead"}
    assert ops_by_name(project.preview()) == {}
    project.destroy()
    assert leftovers(cloud) == EMPTY


def test_up_under_injected_faults_converges_without_leaks(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("gov-faults", PROGRAM)
    configure_provider(project, cloud_emulator)
    project.set_config("alicloud-gov:maxRetries", "10")
    cloud_emulator.set_faults(throttle_rate=0.25, error_rate=0.15, consistency_delay_ms=200, seed=7)
    project.up()
    assert ops_by_name(project.preview()) == {}
    project.destroy()
    cloud_emulator.set_faults()
    assert leftovers(root_cloud(cloud_emulator)) == EMPTY


def test_quickstart_example_deploys_both_accounts(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    source = (Path(__file__).parents[2] / "examples" / "quickstart" / "__main__.py").read_text()
    project = pulumi_project("alicloud-gov-quickstart", source)
    configure_provider(project, cloud_emulator)
    partner = cloud_emulator.account(PARTNER_UID)
    project.set_config("alicloud-gov:accountId", ACME_UID)
    project.set_config("partnerAccountId", PARTNER_UID)
    project.set_config("partnerAccessKeyId", partner.access_key_id)
    project.set_config("partnerAccessKeySecret", partner.access_key_secret, secret=True)
    project.up()
    outputs = project.outputs()
    assert outputs["partnerRoleArn"] == f"acs:ram::{ACME_UID}:role/partner-netops"
    assert outputs["partnerOperator"].startswith("netops-operator@")
    partner_cloud = Cloud(
        CloudConfig(
            endpoint=cloud_emulator.endpoint,
            credentials=StaticCredentials(partner.access_key_id, partner.access_key_secret),
            max_attempts=1,
        )
    )
    policies = partner_cloud.ram.call("ListPoliciesForUser", {"UserName": "netops-operator"})["Policies"]["Policy"]
    assert [policy["PolicyName"] for policy in policies] == ["AliyunSTSAssumeRoleAccess"]
    assert partner.access_key_secret not in json.dumps(project.export_state())
    assert ops_by_name(project.preview()) == {}
    project.destroy()
    assert leftovers(root_cloud(cloud_emulator)) == EMPTY
    assert leftovers(partner_cloud) == EMPTY


NETWORK_PROGRAM = """
import pulumi
import alicloud_gov.resources as gov

config = pulumi.Config()
endpoint = config.require("endpoint")
acme = gov.Provider("acme", endpoint=endpoint, account_id="ACME_UID",
                    access_key_id=config.require("acmeKey"), access_key_secret=config.require_secret("acmeSecret"))
partner = gov.Provider("partner", endpoint=endpoint, account_id="PARTNER_UID",
                       access_key_id=config.require("partnerKey"),
                       access_key_secret=config.require_secret("partnerSecret"))
in_acme = pulumi.ResourceOptions(provider=acme)
in_partner = pulumi.ResourceOptions(provider=partner)

vpc_id = config.require("vpcId")
network = gov.ResourceGroup("partner-network", opts=in_partner)
gov.ResourceGroupMove("vpc-into-network", resource_group_id=network.resource_group_id, resource_id=vpc_id,
                      resource_type="vpc", service="vpc", region_id="cn-hangzhou", opts=in_partner)
grant = gov.EcrGrant("grant", ecr_id=config.require("ecrId"), ecr_owner_uid="ACME_UID", instance_id=vpc_id,
                     instance_type="VPC", instance_region_id="cn-hangzhou", opts=in_partner)
link = gov.EcrAssociation("association", ecr_id=config.require("ecrId"), instance_id=vpc_id, instance_type="VPC",
                          instance_region_id="cn-hangzhou", instance_owner_uid="PARTNER_UID",
                          opts=pulumi.ResourceOptions(provider=acme, depends_on=[grant]))
pulumi.export("associationId", link.association_id)
""".replace("ACME_UID", ACME_UID).replace("PARTNER_UID", PARTNER_UID)


def test_cross_account_ecr_link_and_resource_group_move(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    acme, partner = cloud_emulator.account(ACME_UID), cloud_emulator.account(PARTNER_UID)
    acme_side = root_cloud(cloud_emulator)
    partner_side = Cloud(
        CloudConfig(
            endpoint=cloud_emulator.endpoint,
            credentials=StaticCredentials(partner.access_key_id, partner.access_key_secret),
            max_attempts=1,
        )
    )
    ecr_id = acme_side.ecr.call("CreateExpressConnectRouter", {"AlibabaSideAsn": 45104})["EcrId"]
    vpc_id = partner_side.vpc.call("CreateVpc", {"RegionId": "cn-hangzhou"})["VpcId"]
    settle(cloud_emulator)  # the new router and VPC readable (a no-op without the realistic profile)

    def group_of_vpc() -> str:
        [resource] = partner_side.resourcemanager.list_all(
            "ListResources", {"ResourceId": vpc_id}, items="Resources.Resource"
        )
        return str(resource["ResourceGroupId"])

    original_group = group_of_vpc()
    project = pulumi_project("gov-network", NETWORK_PROGRAM)
    for key, value in (
        ("endpoint", cloud_emulator.endpoint),
        ("acmeKey", acme.access_key_id),
        ("partnerKey", partner.access_key_id),
        ("ecrId", ecr_id),
        ("vpcId", vpc_id),
    ):
        project.set_config(key, value)
    project.set_config("acmeSecret", acme.access_key_secret, secret=True)
    project.set_config("partnerSecret", partner.access_key_secret, secret=True)

    project.up()
    assert project.outputs()["associationId"]
    associations = acme_side.ecr.call("DescribeExpressConnectRouterAssociation", {"EcrId": ecr_id})
    assert [item["VpcId"] for item in associations["AssociationList"]] == [vpc_id]
    assert group_of_vpc() != original_group
    assert ops_by_name(project.preview()) == {}

    project.destroy()
    assert acme_side.ecr.call("DescribeExpressConnectRouterAssociation", {"EcrId": ecr_id})["AssociationList"] == []
    grants = partner_side.ecr.call(
        "DescribeInstanceGrantedToExpressConnectRouter", {"EcrId": ecr_id, "CallerType": "OTHER"}
    )
    assert grants["EcrGrantedInstanceList"] == []
    assert group_of_vpc() == original_group
    assert leftovers(partner_side, fixtures=[vpc_id]) == EMPTY  # the VPC and the router are the test's
    assert leftovers(acme_side, fixtures=[ecr_id]) == EMPTY


ERRORS_PROGRAM = """
import pulumi
import alicloud_gov.resources as gov

config = pulumi.Config()
if config.get_bool("typo"):
    gov.RamPolicy("ops", document={"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "vpc:CreaeNatGateway", "Resource": "*"}]})
gov.RamUser("frank")
"""


def test_errors_name_the_resource_without_plugin_tracebacks(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("gov-errors", ERRORS_PROGRAM)
    configure_provider(project, cloud_emulator)
    project.set_config("typo", "true")
    preview = project.run("preview", "--non-interactive", check=False)
    assert preview.returncode != 0
    output = preview.stdout + preview.stderr
    assert "RamPolicy resource 'ops' has a problem: field 'document' at Statement[0].Action: INVALID_ACTION" in output
    assert "vpc:CreateNatGateway" in output

    project.set_config("typo", "false")
    # Somebody else's frank (its display name differs from the program's): not this stack's earlier attempt, so
    # the create is refused rather than adopted (an identical entity would be taken as our own interrupted create).
    root_cloud(cloud_emulator).ram.call("CreateUser", {"UserName": "frank", "DisplayName": "Frank from the console"})
    failed = project.run("up", "--yes", "--skip-preview", "--non-interactive", check=False)
    assert failed.returncode != 0
    output = failed.stdout + failed.stderr
    assert "RamUser 'frank': a RAM user named 'frank' already exists; adopt it with" in output
    assert "Traceback" not in output and "Unexpected <class" not in output and 'File "' not in output
