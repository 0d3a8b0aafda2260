"""ResourceManager 2020-03-31 on the emulator, through the official alibabacloud_resourcemanager20200331 client."""

from __future__ import annotations

import json

import pytest
from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_resourcemanager20200331 import models as rm_models
from alibabacloud_resourcemanager20200331.client import Client as RmClient
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from alicloud_gov.emulator.services.resourcemanager.backend import ResourceManagerBackend
from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import create_group, fails, make_vpc

ACME = "1000000000000001"
PARTNER = "2000000000000002"
REGION = "cn-hangzhou"


# -- resource groups ---------------------------------------------------------------------------------------------


def test_resource_group_lifecycle(rm: RmClient) -> None:
    created = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(
            name="prod-net",
            display_name="Production network",
            tag=[rm_models.CreateResourceGroupRequestTag("team", "net")],
        )
    ).body.resource_group
    assert created.id.startswith("rg-") and len(created.id) == 18
    assert (created.name, created.display_name, created.account_id, created.status) == (
        "prod-net",
        "Production network",
        ACME,
        "OK",
    )
    assert created.create_date and {status.region_id for status in created.region_statuses.region_status}
    fetched = rm.get_resource_group(
        rm_models.GetResourceGroupRequest(resource_group_id=created.id, include_tags=True)
    ).body.resource_group
    assert fetched.name == "prod-net" and fetched.status == "OK"
    assert [(tag.tag_key, tag.tag_value) for tag in fetched.tags.tag] == [("team", "net")]
    updated = rm.update_resource_group(
        rm_models.UpdateResourceGroupRequest(resource_group_id=created.id, new_display_name="Prod")
    ).body.resource_group
    assert updated.display_name == "Prod"
    deleted = rm.delete_resource_group(rm_models.DeleteResourceGroupRequest(resource_group_id=created.id))
    assert deleted.body.resource_group.status == "PendingDelete"
    fails(
        lambda: rm.get_resource_group(rm_models.GetResourceGroupRequest(resource_group_id=created.id)),
        "EntityNotExists.ResourceGroup",
        404,
    )


def test_default_group_exists_and_cannot_be_deleted(rm: RmClient) -> None:
    groups = rm.list_resource_groups(rm_models.ListResourceGroupsRequest()).body
    assert [group.name for group in groups.resource_groups.resource_group] == ["default"]
    default_id = groups.resource_groups.resource_group[0].id
    fails(
        lambda: rm.delete_resource_group(rm_models.DeleteResourceGroupRequest(resource_group_id=default_id)),
        "DeleteConflict.ResourceGroup.Default",
        409,
    )


@pytest.mark.parametrize(
    ("name", "display_name", "code"),
    [
        ("a", "A", "InvalidParameter.Name.Length"),
        ("x" * 51, "X", "InvalidParameter.Name.Length"),
        ("1abc", "A", "InvalidParameter.Name.InvalidChars"),
        ("has_underscore", "A", "InvalidParameter.Name.InvalidChars"),
        ("good-name", "D" * 51, "InvalidParameter.DisplayName.Length"),
    ],
)
def test_resource_group_name_rules(rm: RmClient, name: str, display_name: str, code: str) -> None:
    request = rm_models.CreateResourceGroupRequest(name=name, display_name=display_name)
    fails(lambda: rm.create_resource_group(request), code, 400)


def test_missing_and_duplicate_names(rm: RmClient) -> None:
    error = fails(
        lambda: rm.create_resource_group(rm_models.CreateResourceGroupRequest(display_name="No name")),
        "MissingParameter",
        400,
    )
    assert "Name" in error.message
    create_group(rm, "team-a")
    fails(lambda: create_group(rm, "TEAM-A"), "EntityAlreadyExists.ResourceGroup", 409)


def test_unknown_group_is_404(rm: RmClient) -> None:
    for call in (
        lambda: rm.get_resource_group(rm_models.GetResourceGroupRequest(resource_group_id="rg-doesnotexist0")),
        lambda: rm.update_resource_group(
            rm_models.UpdateResourceGroupRequest(resource_group_id="rg-doesnotexist0", new_display_name="x")
        ),
        lambda: rm.delete_resource_group(rm_models.DeleteResourceGroupRequest(resource_group_id="rg-doesnotexist0")),
    ):
        fails(call, "EntityNotExists.ResourceGroup", 404)


def test_list_resource_groups_filters_and_pages(rm: RmClient) -> None:
    ids = [create_group(rm, f"team-{index}") for index in range(5)]
    first = rm.list_resource_groups(rm_models.ListResourceGroupsRequest(page_size=4, page_number=1)).body
    second = rm.list_resource_groups(rm_models.ListResourceGroupsRequest(page_size=4, page_number=2)).body
    assert first.total_count == 6 and (first.page_number, first.page_size) == (1, 4)
    names = [group.name for group in first.resource_groups.resource_group + second.resource_groups.resource_group]
    assert names == ["default"] + [f"team-{index}" for index in range(5)]
    by_name = rm.list_resource_groups(rm_models.ListResourceGroupsRequest(name="team-3")).body
    assert [group.id for group in by_name.resource_groups.resource_group] == [ids[3]]
    by_ids = rm.list_resource_groups(rm_models.ListResourceGroupsRequest(resource_group_ids=[ids[0], ids[4]])).body
    assert {group.id for group in by_ids.resource_groups.resource_group} == {ids[0], ids[4]}
    by_status = rm.list_resource_groups(rm_models.ListResourceGroupsRequest(status="PendingDelete")).body
    assert by_status.total_count == 0
    fails(
        lambda: rm.list_resource_groups(rm_models.ListResourceGroupsRequest(page_size=101)),
        "InvalidParameter.PageSize",
        400,
    )


def test_list_resource_groups_by_tag(rm: RmClient) -> None:
    tagged = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(
            name="tagged", display_name="Tagged", tag=[rm_models.CreateResourceGroupRequestTag("env", "prod")]
        )
    ).body.resource_group.id
    create_group(rm, "plain")
    found = rm.list_resource_groups(
        rm_models.ListResourceGroupsRequest(tag=[rm_models.ListResourceGroupsRequestTag("env", "prod")])
    ).body.resource_groups.resource_group
    assert [group.id for group in found] == [tagged]
    assert [(tag.tag_key, tag.tag_value) for tag in found[0].tags.tag] == [("env", "prod")]
    fails(
        lambda: rm.create_resource_group(
            rm_models.CreateResourceGroupRequest(
                name="bad-tag", display_name="Bad", tag=[rm_models.CreateResourceGroupRequestTag("acs:x", "y")]
            )
        ),
        "InvalidParameter.Tag.Key",
        400,
    )


def test_groups_are_per_account(rm: RmClient, emulator: RunningEmulator) -> None:
    group_id = create_group(rm, "acme-only")
    partner = RmClient(emulator.root_config("partner"))
    fails(
        lambda: partner.get_resource_group(rm_models.GetResourceGroupRequest(resource_group_id=group_id)),
        "EntityNotExists.ResourceGroup",
        404,
    )


def test_status_is_creating_then_pending_delete_under_consistency_delay(
    rm: RmClient, emulator: RunningEmulator
) -> None:
    emulator.set_faults(consistency_delay_ms=60_000)
    created = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="slow", display_name="Slow")
    ).body.resource_group
    assert created.status == "Creating"
    deleted = rm.delete_resource_group(rm_models.DeleteResourceGroupRequest(resource_group_id=created.id)).body
    assert deleted.resource_group.status == "PendingDelete"
    fails(
        lambda: rm.delete_resource_group(rm_models.DeleteResourceGroupRequest(resource_group_id=created.id)),
        "DeleteConflict.ResourceGroup.Status",
        409,
    )


# -- policy attachments -------------------------------------------------------------------------------------------


def _principals(ram: RamClient) -> None:
    ram.create_user(ram_models.CreateUserRequest(user_name="alice"))
    ram.create_group(ram_models.CreateGroupRequest(group_name="netops"))
    trust = {
        "Version": "1",
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": [f"acs:ram::{PARTNER}:root"]}}
        ],
    }
    ram.create_role(
        ram_models.CreateRoleRequest(role_name="partner-ops", assume_role_policy_document=json.dumps(trust))
    )
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*"}]}
    ram.create_policy(
        ram_models.CreatePolicyRequest(policy_name="vpc-read", policy_document=json.dumps(document), description="d")
    )


def _attach(rm: RmClient, principal_type: str, principal: str, policy: str, policy_type: str, scope: str) -> None:
    rm.attach_policy(
        rm_models.AttachPolicyRequest(
            policy_name=policy,
            policy_type=policy_type,
            principal_type=principal_type,
            principal_name=principal,
            resource_group_id=scope,
        )
    )


def test_attach_in_group_and_account_scope_and_list(rm: RmClient, ram: RamClient) -> None:
    _principals(ram)
    group_id = create_group(rm, "net")
    _attach(rm, "IMSUser", "alice@acme.onaliyun.com", "AliyunVPCReadOnlyAccess", "System", group_id)
    _attach(rm, "IMSGroup", "netops@group.acme.onaliyun.com", "vpc-read", "Custom", group_id)
    _attach(
        rm, "ServiceRole", "partner-ops@role.acme.onaliyunservice.com", "AliyunExpressConnectFullAccess", "System", ACME
    )
    listed = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest()).body
    seen = {
        (item.resource_group_id, item.principal_type, item.principal_name, item.policy_type, item.policy_name)
        for item in listed.policy_attachments.policy_attachment
    }
    assert seen == {
        (group_id, "IMSUser", "alice@acme.onaliyun.com", "System", "AliyunVPCReadOnlyAccess"),
        (group_id, "IMSGroup", "netops@group.acme.onaliyun.com", "Custom", "vpc-read"),
        (ACME, "ServiceRole", "partner-ops@role.acme.onaliyunservice.com", "System", "AliyunExpressConnectFullAccess"),
    }
    assert listed.total_count == 3
    assert all(item.attach_date for item in listed.policy_attachments.policy_attachment)
    custom = [item for item in listed.policy_attachments.policy_attachment if item.policy_type == "Custom"]
    assert custom[0].description == "d"
    # The account-scope attachment is the very one RAM lists for the role.
    for_role = ram.list_policies_for_role(ram_models.ListPoliciesForRoleRequest(role_name="partner-ops")).body
    assert [policy.policy_name for policy in for_role.policies.policy] == ["AliyunExpressConnectFullAccess"]
    in_group = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest(resource_group_id=group_id)).body
    assert in_group.total_count == 2
    at_account = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest(resource_group_id=ACME)).body
    assert [item.principal_type for item in at_account.policy_attachments.policy_attachment] == ["ServiceRole"]
    by_principal = rm.list_policy_attachments(
        rm_models.ListPolicyAttachmentsRequest(principal_type="IMSUser", principal_name="ALICE@acme.onaliyun.com")
    ).body
    assert by_principal.total_count == 1
    paged = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest(page_size=2, page_number=2)).body
    assert len(paged.policy_attachments.policy_attachment) == 1 and paged.total_count == 3


def test_ram_attachments_show_up_at_account_scope(rm: RmClient, ram: RamClient) -> None:
    _principals(ram)
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(
            policy_type="System", policy_name="aliyunvpcreadonlyaccess", user_name="alice"
        )
    )
    listed = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest(resource_group_id=ACME)).body
    item = listed.policy_attachments.policy_attachment[0]
    assert (item.principal_name, item.policy_name) == ("alice@acme.onaliyun.com", "AliyunVPCReadOnlyAccess")
    fails(
        lambda: _attach(rm, "IMSUser", "alice@acme.onaliyun.com", "AliyunVPCReadOnlyAccess", "System", ACME),
        "EntityAlreadyExists.User.Policy",
        409,
    )
    rm.detach_policy(
        rm_models.DetachPolicyRequest(
            policy_name="AliyunVPCReadOnlyAccess",
            policy_type="System",
            principal_type="IMSUser",
            principal_name="alice@acme.onaliyun.com",
            resource_group_id=ACME,
        )
    )
    assert (
        ram.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="alice")).body.policies.policy == []
    )


def test_detach_from_group_scope(rm: RmClient, ram: RamClient) -> None:
    _principals(ram)
    group_id = create_group(rm, "net")
    _attach(rm, "IMSUser", "alice@acme.onaliyun.com", "vpc-read", "Custom", group_id)
    fails(
        lambda: _attach(rm, "IMSUser", "alice@acme.onaliyun.com", "VPC-READ", "Custom", group_id),
        "EntityAlreadyExists.PolicyAttachment",
        409,
    )
    request = rm_models.DetachPolicyRequest(
        policy_name="vpc-read",
        policy_type="Custom",
        principal_type="IMSUser",
        principal_name="alice@acme.onaliyun.com",
        resource_group_id=group_id,
    )
    rm.detach_policy(request)
    fails(lambda: rm.detach_policy(request), "EntityNotExist.PolicyAttachment", 404)
    assert rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest()).body.total_count == 0


@pytest.mark.parametrize(
    ("principal_type", "principal_name", "policy", "scope", "code", "status"),
    [
        (
            "IMSUser",
            "alice@partner.onaliyun.com",
            "AliyunVPCReadOnlyAccess",
            "ACME",
            "InvalidParameter.PrincipalName",
            400,
        ),
        ("IMSUser", "alice", "AliyunVPCReadOnlyAccess", "ACME", "InvalidParameter.PrincipalName", 400),
        (
            "IMSGroup",
            "alice@acme.onaliyun.com",
            "AliyunVPCReadOnlyAccess",
            "ACME",
            "InvalidParameter.PrincipalName",
            400,
        ),
        ("IMSUser", "nobody@acme.onaliyun.com", "AliyunVPCReadOnlyAccess", "ACME", "EntityNotExist.User", 404),
        ("IMSGroup", "nobody@group.acme.onaliyun.com", "AliyunVPCReadOnlyAccess", "ACME", "EntityNotExist.Group", 404),
        (
            "ServiceRole",
            "nobody@role.acme.onaliyunservice.com",
            "AliyunVPCReadOnlyAccess",
            "ACME",
            "EntityNotExist.Role",
            404,
        ),
        ("IMSUser", "alice@acme.onaliyun.com", "NoSuchPolicy", "RG", "EntityNotExist.Policy", 404),
        (
            "RamUser",
            "alice@acme.onaliyun.com",
            "AliyunVPCReadOnlyAccess",
            "ACME",
            "InvalidParameter.PrincipalType",
            400,
        ),
        (
            "IMSUser",
            "alice@acme.onaliyun.com",
            "AliyunVPCReadOnlyAccess",
            "rg-doesnotexist0",
            "EntityNotExists.ResourceGroup",
            404,
        ),
        (
            "IMSUser",
            "alice@acme.onaliyun.com",
            "AliyunVPCReadOnlyAccess",
            PARTNER,
            "InvalidParameter.ResourceGroupId",
            400,
        ),
    ],
)
def test_attach_policy_validation(
    rm: RmClient,
    ram: RamClient,
    principal_type: str,
    principal_name: str,
    policy: str,
    scope: str,
    code: str,
    status: int,
) -> None:
    _principals(ram)
    target = {"ACME": ACME, "RG": create_group(rm, "net")}.get(scope, scope)
    fails(lambda: _attach(rm, principal_type, principal_name, policy, "System", target), code, status)


def test_principal_name_may_use_the_account_uid(rm: RmClient, ram: RamClient) -> None:
    _principals(ram)
    group_id = create_group(rm, "net")
    _attach(rm, "IMSUser", f"alice@{ACME}.onaliyun.com", "AliyunVPCReadOnlyAccess", "System", group_id)
    item = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest()).body.policy_attachments
    assert item.policy_attachment[0].principal_name == "alice@acme.onaliyun.com"


def test_attach_requires_parameters(rm: RmClient) -> None:
    error = fails(lambda: rm.attach_policy(rm_models.AttachPolicyRequest(policy_name="x")), "MissingParameter", 400)
    assert "Principal" in error.message or "ResourceGroupId" in error.message or "PolicyType" in error.message


# -- resources ---------------------------------------------------------------------------------------------------


def test_created_resources_land_in_the_default_group_and_move(rm: RmClient, emulator: RunningEmulator) -> None:
    vpc_id = make_vpc(emulator)
    default_id = rm.list_resource_groups(rm_models.ListResourceGroupsRequest(name="default")).body
    default_group = default_id.resource_groups.resource_group[0].id
    listed = rm.list_resources(rm_models.ListResourcesRequest(resource_group_id=default_group)).body
    assert [
        (item.resource_id, item.service, item.resource_type, item.region_id) for item in listed.resources.resource
    ] == [(vpc_id, "vpc", "vpc", REGION)]
    target = create_group(rm, "net")
    moved = rm.move_resources(
        rm_models.MoveResourcesRequest(
            resource_group_id=target,
            resources=[
                rm_models.MoveResourcesRequestResources(
                    resource_id=vpc_id, region_id=REGION, service="vpc", resource_type="vpc"
                ),
                rm_models.MoveResourcesRequestResources(
                    resource_id="vpc-missing", region_id=REGION, service="vpc", resource_type="vpc"
                ),
            ],
        )
    ).body
    assert [(item.resource_id, item.status) for item in moved.responses] == [
        (vpc_id, "SUCCESS"),
        ("vpc-missing", "FAIL"),
    ]
    assert moved.responses[1].error_code == "NotFound.Resource"
    in_target = rm.list_resources(rm_models.ListResourcesRequest(resource_group_id=target)).body
    assert [item.resource_id for item in in_target.resources.resource] == [vpc_id]
    rm_backend = ResourceManagerBackend(emulator.emulator.store, ACME)
    assert rm_backend.resource_group_of(vpc_id) == target
    assert rm_backend.resource_group_of(f"acs:vpc:{REGION}:{ACME}:vpc/{vpc_id}") == target
    assert rm_backend.resource_group_of("vpc-unknown") is None
    fails(
        lambda: rm.delete_resource_group(rm_models.DeleteResourceGroupRequest(resource_group_id=target)),
        "DeleteConflict.ResourceGroup.Resource",
        409,
    )


def test_list_resources_filters_and_pages(rm: RmClient, emulator: RunningEmulator) -> None:
    group_id = create_group(rm, "net")
    vpc_ids = [make_vpc(emulator, group_id=group_id) for _ in range(3)]
    make_vpc(emulator, account="partner")
    everything = rm.list_resources(rm_models.ListResourcesRequest()).body
    assert everything.total_count == 3
    page = rm.list_resources(rm_models.ListResourcesRequest(page_size=2, page_number=2)).body
    assert [item.resource_id for item in page.resources.resource] == vpc_ids[2:]
    one = rm.list_resources(rm_models.ListResourcesRequest(resource_id=vpc_ids[1], service="vpc")).body
    assert [item.resource_group_id for item in one.resources.resource] == [group_id]
    assert rm.list_resources(rm_models.ListResourcesRequest(region="cn-beijing")).body.total_count == 0
    assert rm.list_resources(rm_models.ListResourcesRequest(resource_type="virtualborderrouter")).body.total_count == 0


def test_move_resources_limits(rm: RmClient) -> None:
    target = create_group(rm, "net")
    many = [
        rm_models.MoveResourcesRequestResources(
            resource_id=f"vpc-{index}", region_id=REGION, service="vpc", resource_type="vpc"
        )
        for index in range(11)
    ]
    fails(
        lambda: rm.move_resources(rm_models.MoveResourcesRequest(resource_group_id=target, resources=many)),
        "InvalidParameter.Resources",
        400,
    )
    fails(
        lambda: rm.move_resources(
            rm_models.MoveResourcesRequest(resource_group_id="rg-doesnotexist0", resources=many[:1])
        ),
        "EntityNotExists.ResourceGroup",
        404,
    )
    fails(lambda: rm.move_resources(rm_models.MoveResourcesRequest(resource_group_id=target)), "MissingParameter", 400)


def test_group_scope_attachment_authorises_only_inside_the_group(
    rm: RmClient, ram: RamClient, emulator: RunningEmulator
) -> None:
    _principals(ram)
    document = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "expressconnectrouter:Describe*", "Resource": "*"}],
    }
    ram.create_policy(ram_models.CreatePolicyRequest(policy_name="ecr-read", policy_document=json.dumps(document)))
    group_id = create_group(rm, "net")
    root_ecr = EcrClient(emulator.root_config("acme"))
    inside, outside = (
        root_ecr.create_express_connect_router(
            ecr_models.CreateExpressConnectRouterRequest(alibaba_side_asn=45104, resource_group_id=group)
        ).body.ecr_id
        for group in (group_id, None)
    )
    vpc_inside = make_vpc(emulator, group_id=group_id)
    _attach(rm, "IMSUser", "alice@acme.onaliyun.com", "ecr-read", "Custom", group_id)
    _attach(rm, "IMSUser", "alice@acme.onaliyun.com", "vpc-read", "Custom", group_id)
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="alice")).body.access_key
    alice_ecr = EcrClient(emulator.config(key.access_key_id, key.access_key_secret))
    seen = alice_ecr.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest(ecr_id=inside))
    assert [item.ecr_id for item in seen.body.ecr_list] == [inside]
    fails(
        lambda: alice_ecr.describe_express_connect_router(
            ecr_models.DescribeExpressConnectRouterRequest(ecr_id=outside)
        ),
        "NoPermission",
        403,
    )
    # Seed 000: vpc:DescribeVpcs does not support resource-group authorisation, so the group grant is no help.
    alice_vpc = VpcClient(emulator.config(key.access_key_id, key.access_key_secret))
    fails(
        lambda: alice_vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, vpc_id=vpc_inside)),
        "NoPermission",
        403,
    )


def test_attachments_are_authorised_as_ram_actions(rm: RmClient, ram: RamClient, emulator: RunningEmulator) -> None:
    _principals(ram)
    group_id = create_group(rm, "net")
    # Declared stand-ins for all of resourcemanager:* and all of ram:* (the catalogue has no published document
    # for AliyunResourceManagerFullAccess or AliyunRAMFullAccess).
    for user, policy, action in (("rm-admin", "RmAll", "resourcemanager:*"), ("ram-admin", "RamAll", "ram:*")):
        document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}
        ram.create_policy(ram_models.CreatePolicyRequest(policy_name=policy, policy_document=json.dumps(document)))
        ram.create_user(ram_models.CreateUserRequest(user_name=user))
        ram.attach_policy_to_user(
            ram_models.AttachPolicyToUserRequest(policy_type="Custom", policy_name=policy, user_name=user)
        )
    clients = {}
    for user in ("rm-admin", "ram-admin"):
        key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name=user)).body.access_key
        clients[user] = RmClient(emulator.config(key.access_key_id, key.access_key_secret))
    attach = rm_models.AttachPolicyRequest(
        policy_name="vpc-read",
        policy_type="Custom",
        principal_type="IMSUser",
        principal_name="alice@acme.onaliyun.com",
        resource_group_id=group_id,
    )
    error = fails(lambda: clients["rm-admin"].attach_policy(attach), "NoPermission", 403)
    assert "ram:AttachPolicy" in error.message
    clients["ram-admin"].attach_policy(attach)
    assert (
        clients["rm-admin"]
        .get_resource_group(rm_models.GetResourceGroupRequest(resource_group_id=group_id))
        .body.resource_group.id
        == group_id
    )


def test_helpers_ram_uses_for_group_scope_attachments(rm: RmClient, ram: RamClient, emulator: RunningEmulator) -> None:
    _principals(ram)
    group_id = create_group(rm, "net")
    _attach(rm, "IMSUser", "alice@acme.onaliyun.com", "vpc-read", "Custom", group_id)
    _attach(rm, "IMSGroup", "netops@group.acme.onaliyun.com", "vpc-read", "Custom", group_id)
    rm_backend = ResourceManagerBackend(emulator.emulator.store, ACME, "acme")
    found = rm_backend.rg_attachments_of_principal("User", "ALICE")
    assert [(item["ResourceGroupId"], item["PolicyName"]) for item in found] == [(group_id, "vpc-read")]
    assert rm_backend.rg_attachments_of_principal("Role", "alice") == []
    rm_backend.rename_principal("User", "alice", "alice2")
    listed = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest(principal_type="IMSUser")).body
    assert [item.principal_name for item in listed.policy_attachments.policy_attachment] == ["alice2@acme.onaliyun.com"]
    assert rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest()).body.total_count == 2
