"""The resource-group scope warning counts what the same principal already holds at account scope."""

from __future__ import annotations

from pathlib import Path

from alicloud_gov.program.project_check import check_project

PROGRAM = """
import alicloud_gov as gov

# A custom stand-in for Express Connect full access: the published AliyunExpressConnectFullAccess document is not
# in the catalogue (a name-only entry), so its actions could not be split.
ecr = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "expressconnectrouter:*", "Resource": "*"}]}
gov.ResourceGroupAccess("net", resource_group_id="rg-1", principal_type="user", principal_name="alice",
                        custom_policies={"EcrAdmin": ecr}, complement="{complement}")
"""


def rg_findings(tmp_path: Path, complement: str) -> str:
    (tmp_path / "Pulumi.yaml").write_text("name: rgc\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(PROGRAM.replace("{complement}", complement))
    return "\n".join(f.message for f in check_project(tmp_path) if f.code == "RG_SCOPE_UNSUPPORTED_ACTION")


def test_a_full_complement_leaves_nothing_to_warn_about(tmp_path: Path) -> None:
    assert rg_findings(tmp_path, "full") == ""


def test_a_read_only_complement_leaves_only_the_write_actions(tmp_path: Path) -> None:
    message = rg_findings(tmp_path, "read-only")
    assert "expressconnectrouter:CreateCarrierCloudLink" in message
    assert "DescribeLineProviders" not in message  # held at account scope through the complement
    assert "not granted at account scope elsewhere in the stack" in message


def test_without_a_complement_every_unsupported_action_is_named(tmp_path: Path) -> None:
    message = rg_findings(tmp_path, "none")
    assert "DescribeLineProviders" in message


CUSTOM_PROGRAM = """
import alicloud_gov as gov

nat = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["vpc:CreateNatGateway", "vpc:DescribeVpcs"],
                                      "Resource": "*"}]}
gov.RamPolicy("nat", name="NatAdmin", document=nat)
gov.PolicyAttachment("alice-nat-rg", principal_type="user", principal_name="alice", policy_name="NatAdmin",
                     resource_group_id="rg-1")
if {account_too}:
    gov.RamPolicy("vpc-all", name="VpcAll", document={"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "vpc:*", "Resource": "*"}]})
    gov.PolicyAttachment("alice-nat-account", principal_type="user", principal_name="alice", policy_name="VpcAll")
"""


def custom_rg_findings(tmp_path: Path, account_too: bool) -> str:
    (tmp_path / "Pulumi.yaml").write_text("name: rgc\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(CUSTOM_PROGRAM.replace("{account_too}", str(account_too)))
    return "\n".join(f.message for f in check_project(tmp_path) if f.code == "RG_SCOPE_UNSUPPORTED_ACTION")


def test_a_custom_policy_at_rg_scope_is_warned_about_only_for_what_the_holder_lacks(tmp_path: Path) -> None:
    assert "vpc:CreateNatGateway" in custom_rg_findings(tmp_path, account_too=False)
    assert custom_rg_findings(tmp_path, account_too=True) == ""  # vpc:* held at account scope


GROUP_PROGRAM = """
import alicloud_gov as gov

nat = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["vpc:CreateNatGateway"], "Resource": "*"}]}
everything = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:*", "Resource": "*"}]}
gov.RamUser("alice", name="alice")
gov.RamGroup("netops", name="netops")
gov.RamGroupMembership("alice-netops", user_name="alice", group_name="netops")
gov.RamPolicy("nat", name="NatAdmin", document=nat)
gov.RamPolicy("vpc-all", name="VpcAll", document=everything)
gov.PolicyAttachment("alice-nat-rg", principal_type="user", principal_name="alice", policy_name="NatAdmin",
                     resource_group_id="rg-1")
gov.PolicyAttachment("netops-vpc", principal_type="group", principal_name="{group}", policy_name="VpcAll")
"""


def group_rg_findings(tmp_path: Path, group: str) -> str:
    (tmp_path / "Pulumi.yaml").write_text("name: rgc\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(GROUP_PROGRAM.replace("{group}", group))
    return "\n".join(f.message for f in check_project(tmp_path) if f.code == "RG_SCOPE_UNSUPPORTED_ACTION")


def test_account_scope_grants_held_through_a_group_count(tmp_path: Path) -> None:
    """Issue 10: alice holds vpc:* at account scope through group netops, so NatAdmin at RG scope loses nothing."""
    assert group_rg_findings(tmp_path, "netops") == ""


def test_a_group_the_user_is_not_in_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    program = GROUP_PROGRAM.replace(
        'gov.RamGroupMembership("alice-netops", user_name="alice", group_name="netops")\n', ""
    )
    (tmp_path / "other" / "Pulumi.yaml").write_text("name: rgc\nruntime: python\n")
    (tmp_path / "other" / "__main__.py").write_text(program.replace("{group}", "netops"))
    found = [f.message for f in check_project(tmp_path / "other") if f.code == "RG_SCOPE_UNSUPPORTED_ACTION"]
    assert any("vpc:CreateNatGateway" in message for message in found)


SYSTEM_AT_RG = """
import alicloud_gov as gov

gov.ResourceGroupAccess("net", resource_group_id="rg-1", principal_type="user", principal_name="alice",
                        system_policies=["AliyunExpressConnectReadOnlyAccess"], complement="full")
"""


def test_a_system_policy_at_rg_scope_is_judged_for_scope_only(tmp_path: Path) -> None:
    """Alibaba's own documents cannot be edited: style findings about them (a redundant action) would be noise."""
    (tmp_path / "Pulumi.yaml").write_text("name: rgs\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(SYSTEM_AT_RG)
    codes = {f.code for f in check_project(tmp_path) if "system policy" in f.message}
    assert codes <= {"RG_SCOPE_UNSUPPORTED_ACTION"}, codes
