"""docs/migrating.md, from pulumi-alicloud, against the emulator with the real Pulumi CLI (issue 13, item 3).

The recorded stack export (tests/data/migrate/) describes entities that exist in the account: they are made
in the emulator first, with the ids of the export replaced by the emulator's. Then the steps of the guide:
``alicloud-gov migrate``, ``pulumi import --file`` into a new stack, ``pulumi preview --expect-no-changes``, and
the old stack (the export, ``pulumi stack import``-ed) forgets the moved resources with the written
``forget-old-state.sh``. The same for a terraform state, up to the preview (``terraform state rm`` needs
terraform, which the toolchain does not install; the script's commands are checked in tests/unit/test_migrate.py).
Every grant (memberships, attachments at both scopes, the ECR grant), every principal
and every document is read before and after: the account is the same, so no call revoked or changed access.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from emulator_helpers import ACME_UID, PARTNER_UID, configure_provider, root_cloud, settle

from alicloud_gov.cli.main import cli
from alicloud_gov.cloud import Cloud
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.spec.principals import rm_principal_name
from alicloud_gov.toolchain import PulumiProject, select_stack

DATA = Path(__file__).parents[1] / "data" / "migrate"
EXPORT = DATA / "pulumi-alicloud-stack.json"
RECORDED = {"rg": "rg-acfmzsjk3lhq4ya", "vpc": "vpc-bp1q4d2kdl4vq0qzx8m2x", "ecr": "ecr-7qthudw0ll6jmc0dh2"}
TRUST = {
    "Statement": [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": [f"acs:ram::{PARTNER_UID}:root"]}}
    ],
    "Version": "1",
}
VPC_READ = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": ["vpc:DescribeVpcs", "vpc:DescribeVSwitches"], "Resource": "*"}],
}


def build_recorded_account(acme: Cloud, partner: Cloud) -> dict[str, str]:
    """The entities of the recorded export, made with the console's API calls; the emulator's ids by role."""
    ram, rm = acme.ram, acme.resourcemanager
    group_id = str(
        rm.call("CreateResourceGroup", {"Name": "network", "DisplayName": "Network team"})["ResourceGroup"]["Id"]
    )
    ram.call(
        "CreateUser",
        {
            "UserName": "netops-dave",
            "DisplayName": "Dave (NetOps)",
            "MobilePhone": "86-18600000001",
            "Email": "dave@example.com",
            "Comments": "on call",
        },
    )
    ram.call("CreateUser", {"UserName": "netops-erin", "DisplayName": "Erin"})
    ram.call("CreateGroup", {"GroupName": "netops", "Comments": "Network operators"})
    for user in ("netops-dave", "netops-erin"):
        ram.call("AddUserToGroup", {"GroupName": "netops", "UserName": user})
    ram.call(
        "CreateRole",
        {
            "RoleName": "partner-netops",
            "AssumeRolePolicyDocument": json.dumps(TRUST),
            "Description": "The partner's network operators",
            "MaxSessionDuration": 3600,
        },
    )
    ram.call(
        "CreatePolicy", {"PolicyName": "vpc-read", "PolicyDocument": json.dumps(VPC_READ), "Description": "Read VPCs"}
    )
    ram.call("AttachPolicyToUser", {"PolicyType": "Custom", "PolicyName": "vpc-read", "UserName": "netops-dave"})
    ram.call(
        "AttachPolicyToGroup",
        {"PolicyType": "System", "PolicyName": "AliyunExpressConnectReadOnlyAccess", "GroupName": "netops"},
    )
    ram.call("AttachPolicyToRole", {"PolicyType": "Custom", "PolicyName": "vpc-read", "RoleName": "partner-netops"})
    alias = str(ram.call("GetAccountAlias", {}).get("AccountAlias") or ACME_UID)
    rm.call(
        "AttachPolicy",
        {
            "ResourceGroupId": group_id,
            "PolicyType": "System",
            "PolicyName": "AliyunExpressConnectFullAccess",
            "PrincipalType": "IMSGroup",
            "PrincipalName": rm_principal_name("group", "netops", alias),
        },
    )
    ecr_id = str(partner.ecr.create("CreateExpressConnectRouter", {"AlibabaSideAsn": 45104, "Name": "core"})["EcrId"])
    vpc_id = str(acme.vpc.create("CreateVpc", {"RegionId": "cn-hangzhou", "VpcName": "main"})["VpcId"])
    acme.ecr.create(
        "GrantInstanceToExpressConnectRouter",
        {
            "EcrId": ecr_id,
            "EcrOwnerAliUid": PARTNER_UID,
            "InstanceId": vpc_id,
            "InstanceRegionId": "cn-hangzhou",
            "InstanceType": "VPC",
        },
    )
    return {"rg": group_id, "vpc": vpc_id, "ecr": ecr_id}


def access(cloud: Cloud, ids: dict[str, str]) -> dict[str, Any]:
    """Everything that decides who may do what in the account: principals, documents, every grant."""
    ram = cloud.ram
    users = sorted(u["UserName"] for u in ram.list_all("ListUsers", {}, items="Users.User"))
    groups = sorted(g["GroupName"] for g in ram.list_all("ListGroups", {}, items="Groups.Group"))
    roles = sorted(r["RoleName"] for r in ram.list_all("ListRoles", {}, items="Roles.Role"))
    policies = sorted(
        p["PolicyName"] for p in ram.list_all("ListPolicies", {"PolicyType": "Custom"}, items="Policies.Policy")
    )

    def attached(kind: str, key: str, name: str) -> list[str]:
        body = ram.call(f"ListPoliciesFor{kind}", {key: name})
        return sorted(f"{p['PolicyType']}:{p['PolicyName']}" for p in body["Policies"]["Policy"])

    rg_attachments = cloud.resourcemanager.list_all(
        "ListPolicyAttachments", {}, items="PolicyAttachments.PolicyAttachment"
    )
    grants = cloud.ecr.call(
        "DescribeInstanceGrantedToExpressConnectRouter",
        {"EcrId": ids["ecr"], "InstanceType": "VPC", "InstanceRegionId": "cn-hangzhou", "CallerType": "OTHER"},
    )
    return {
        "users": {u: {**ram.call("GetUser", {"UserName": u})["User"], "UpdateDate": None} for u in users},
        "groups": {
            g: sorted(m["UserName"] for m in ram.call("ListUsersForGroup", {"GroupName": g})["Users"]["User"])
            for g in groups
        },
        "roles": {r: ram.call("GetRole", {"RoleName": r})["Role"]["AssumeRolePolicyDocument"] for r in roles},
        "policies": {
            p: ram.call("GetPolicy", {"PolicyName": p, "PolicyType": "Custom"})["DefaultPolicyVersion"]
            for p in policies
        },
        "user grants": {u: attached("User", "UserName", u) for u in users},
        "group grants": {g: attached("Group", "GroupName", g) for g in groups},
        "role grants": {r: attached("Role", "RoleName", r) for r in roles},
        "rg grants": sorted(json.dumps(a, sort_keys=True) for a in rg_attachments),
        "ecr grants": grants.get("EcrGrantedInstanceList"),
    }


def recorded(path: Path, ids: dict[str, str]) -> str:
    """A recorded state with the recorded ids replaced by the emulator's."""
    text = path.read_text()
    for key, old in RECORDED.items():
        text = text.replace(old, ids[key])
    return text


def import_and_preview(
    source: Path, out: Path, cloud_emulator: RunningEmulator, pulumi_project: Callable[..., PulumiProject]
) -> PulumiProject:
    """migrate, then the new stack: pulumi import --file, pulumi preview --expect-no-changes."""
    result = CliRunner().invoke(cli, ["migrate", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "left to their provider (1)" in result.output
    new = pulumi_project("access", (out / "__main__.py").read_text())
    configure_provider(new, cloud_emulator)
    (new.directory / "import.json").write_text((out / "import.json").read_text())
    new.run("import", "--file", "import.json", "--yes", "--non-interactive", "--generate-code=false")
    new.run("preview", "--expect-no-changes", "--non-interactive")
    return new


def test_migrating_a_terraform_state_revokes_nothing_and_previews_clean(
    tmp_path: Path, cloud_emulator: RunningEmulator, pulumi_project: Callable[..., PulumiProject]
) -> None:
    acme = root_cloud(cloud_emulator)
    ids = build_recorded_account(acme, root_cloud(cloud_emulator, PARTNER_UID))
    settle(cloud_emulator)  # the recorded account readable (a no-op without the realistic profile)
    source = tmp_path / "terraform.tfstate"
    source.write_text(recorded(DATA / "terraform.tfstate", ids))
    before = access(acme, ids)
    import_and_preview(source, tmp_path / "access", cloud_emulator, pulumi_project)
    assert access(acme, ids) == before


def test_migrating_a_pulumi_alicloud_stack_revokes_nothing_and_previews_clean(
    tmp_path: Path,
    cloud_emulator: RunningEmulator,
    pulumi_project: Callable[..., PulumiProject],
    pulumi_environment: dict[str, str],
) -> None:
    acme, partner = root_cloud(cloud_emulator), root_cloud(cloud_emulator, PARTNER_UID)
    ids = build_recorded_account(acme, partner)
    settle(cloud_emulator)  # the recorded account readable (a no-op without the realistic profile)
    export = json.loads(recorded(EXPORT, ids))
    # The guide's step 2 note, done: the old program names the resource group by its id, so the VPC left to
    # pulumi-alicloud no longer depends on the migrated ResourceGroup.
    for resource in export["deployment"]["resources"]:
        if resource["type"] == "alicloud:vpc/network:Network":
            resource["dependencies"], resource["propertyDependencies"] = [], {}
    export["deployment"].pop("secrets_providers")  # the old stack's own secrets provider is used on import
    source = tmp_path / "prod-export.json"
    source.write_text(json.dumps(export))
    before = access(acme, ids)

    out = tmp_path / "access"
    new = import_and_preview(source, out, cloud_emulator, pulumi_project)
    assert access(acme, ids) == before

    # The old stack: the recorded export, then the written script (pulumi state delete, dependents first).
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    (old_dir / "Pulumi.yaml").write_text("name: netops-access\nruntime: nodejs\n")
    select_stack("prod", cwd=old_dir, env=pulumi_environment)
    old = PulumiProject(directory=old_dir, env=pulumi_environment, stack="prod")
    old.run("stack", "import", "--file", str(source))
    subprocess.run(
        ["sh", str(out / "forget-old-state.sh")], cwd=old_dir, env=pulumi_environment, check=True, capture_output=True
    )
    remaining = {resource["type"] for resource in old.export_state()["deployment"]["resources"]}
    assert remaining == {"pulumi:pulumi:Stack", "pulumi:providers:alicloud", "alicloud:vpc/network:Network"}

    assert access(acme, ids) == before  # nothing revoked, detached, removed or changed on the way
    new.run("preview", "--expect-no-changes", "--non-interactive")
