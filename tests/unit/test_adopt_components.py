"""alicloud_gov.adopt.components: a read set exactly as ResourceGroupAccess / CrossAccountAccess build it becomes
the component (children renamed as the component names them, parented to it in import.json); one input off
and it stays plain resources."""

from __future__ import annotations

import json

from alicloud_gov.adopt.components import match_components
from alicloud_gov.adopt.writer import Declaration, Ref, import_file, program_source
from alicloud_gov.components.cross_account_access import trust_policy
from alicloud_gov.policy.scope import complement_document, split_by_resource_group_support
from alicloud_gov.policy.system_policies import get_system_policy

RG = "rg-aek2lo3ejd7lz4i"
PARTNER = "2000000000000002"


def _complement(*system: str) -> dict[str, object]:
    documents = [get_system_policy(name) for name in system]
    split = split_by_resource_group_support([d for d in documents if d is not None])
    return complement_document(split.complement_actions("read-only"))


def _rg_access(document: object, description: str = "") -> list[Declaration]:
    name = "ops-access-account-complement"
    description = description or "Account-level complement of ops-access: actions without resource-group support"
    return [
        Declaration("RamUser", "ops", {"name": "ops"}, "ops", protect=True),
        Declaration("ResourceGroup", "prod", {"name": "prod"}, RG, protect=True),
        Declaration(
            "RamPolicy", name, {"name": name, "document": document, "description": description}, name, protect=True
        ),
        Declaration(
            "PolicyAttachment",
            "prod-user-ops-AliyunVPCFullAccess",
            {
                "principal_type": "user",
                "principal_name": Ref("RamUser", "ops"),
                "policy_name": "AliyunVPCFullAccess",
                "policy_type": "System",
                "resource_group_id": Ref("ResourceGroup", "prod", "resource_group_id"),
            },
            f"{RG}:user:ops:System:AliyunVPCFullAccess",
            protect=True,
        ),
        Declaration(
            "PolicyAttachment",
            f"account-user-ops-{name}",
            {
                "principal_type": "user",
                "principal_name": Ref("RamUser", "ops"),
                "policy_name": Ref("RamPolicy", name),
                "policy_type": "Custom",
            },
            f"account:user:ops:Custom:{name}",
            protect=True,
        ),
    ]


def test_an_exact_resource_group_access_set_becomes_the_component() -> None:
    decls = match_components(_rg_access(_complement("AliyunVPCFullAccess")))
    assert [d.type_name for d in decls if d.parent is None] == ["RamUser", "ResourceGroup", "ResourceGroupAccess"]
    children = {(d.type_name, d.resource_name): d.import_id for d in decls if d.parent == "ops-access"}
    assert children == {
        ("PolicyAttachment", "ops-access-AliyunVPCFullAccess"): f"{RG}:user:ops:System:AliyunVPCFullAccess",
        ("RamPolicy", "ops-access-account-complement"): "ops-access-account-complement",
        ("PolicyAttachment", "ops-access-account-complement"): (
            "account:user:ops:Custom:ops-access-account-complement"
        ),
    }
    source = program_source(decls)
    assert 'gov.ResourceGroupAccess(\n    "ops-access",' in source and "gov.PolicyAttachment(" not in source
    assert 'system_policies=["AliyunVPCFullAccess"]' in source and "principal_name=user_ops.name" in source
    entries = import_file(decls)["resources"]
    assert {"type": "alicloud-gov:index:ResourceGroupAccess", "name": "ops-access", "component": True} in entries
    assert all(e["parent"] == "ops-access" for e in entries if e["name"].startswith("ops-access-"))


def test_a_resource_group_access_set_with_one_input_off_stays_plain() -> None:
    document = _complement("AliyunVPCFullAccess")
    statement = dict(document["Statement"][0])  # type: ignore[index]
    statement["Action"] = [*statement["Action"], "ecs:DescribeInstances"]
    off_document = {"Version": "1", "Statement": [statement]}
    for decls in (_rg_access(off_document), _rg_access(document, description="hand-made")):
        matched = match_components(decls)
        assert [d.type_name for d in matched] == [d.type_name for d in decls]
        assert all(d.parent is None for d in matched)


def _role(document_args: dict[str, object], policy_type: str = "System") -> list[Declaration]:
    return [
        Declaration("RamRole", "vendor", {"name": "vendor", **document_args}, "vendor", protect=True),
        Declaration(
            "PolicyAttachment",
            "account-role-vendor-AliyunVPCReadOnlyAccess",
            {
                "principal_type": "role",
                "principal_name": Ref("RamRole", "vendor"),
                "policy_name": "AliyunVPCReadOnlyAccess",
                "policy_type": policy_type,
            },
            f"account:role:vendor:{policy_type}:AliyunVPCReadOnlyAccess",
            protect=True,
        ),
    ]


def test_an_exact_cross_account_role_becomes_the_component() -> None:
    for args in (
        {"trusted_accounts": [PARTNER], "max_session_duration": 7200},
        {"assume_role_policy_document": trust_policy(PARTNER, "x-42")},
    ):
        decls = match_components(_role(args))
        assert [(d.type_name, d.resource_name, d.parent) for d in decls] == [
            ("CrossAccountAccess", "vendor", None),
            ("RamRole", "vendor-role", "vendor"),
            ("PolicyAttachment", "vendor-AliyunVPCReadOnlyAccess", "vendor"),
        ]
        source = program_source(decls)
        assert f'partner_account_id="{PARTNER}"' in source and "gov.RamRole(" not in source
    assert 'external_id="x-42"' in source


def test_a_role_with_one_input_off_stays_plain() -> None:
    hand_made = trust_policy(PARTNER)
    hand_made["Statement"][0]["Condition"] = {"Bool": {"acs:MFAPresent": "true"}}
    for decls in (
        _role({"trusted_accounts": [PARTNER, "3000000000000003"]}),
        _role({"assume_role_policy_document": json.loads(json.dumps(hand_made))}),
        _role({"trusted_accounts": [PARTNER]}, policy_type="Custom"),
        _role({"trusted_services": ["ecs.aliyuncs.com"]}),
    ):
        assert match_components(decls) == decls
