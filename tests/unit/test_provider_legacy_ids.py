"""An import id in pulumi-alicloud's / terraform-provider-alicloud's format gets a clear error, never an API call.

The old formats are those the terraform resources set (``d.SetId``) and pulumi-alicloud keeps, read from
terraform-provider-alicloud: ``resource_alicloud_ram_user_policy_attachment.go`` (``user:<policy name>:<policy
type>:<user name>``, the group and role variants alike), ``resource_alicloud_resource_manager_policy_attachment.go``
(``<policy name>:<policy type>:<principal name>:<principal type>:<resource group id>``) and
``resource_alicloud_express_connect_router_grant_association.go`` (``<ecr id>:<instance id>:<region>:<ecr owner
uid>:<instance type>``). A session whose cloud fails on any call proves no API call is made.
"""

from __future__ import annotations

from typing import Any

import pytest

from alicloud_gov.provider.handlers import HANDLERS, ResourceFailure, Session
from alicloud_gov.spec.tokens import type_token


class NoCloud:
    """A cloud whose every product fails the test when called."""

    def __getattr__(self, product: str) -> Any:
        raise AssertionError(f"an API call to {product} was made")


CASES = [
    (
        "PolicyAttachment",
        "user:AliyunOSSReadOnlyAccess:System:alice",
        "account:user:alice:System:AliyunOSSReadOnlyAccess",
    ),
    ("PolicyAttachment", "role:ops-admin:Custom:ops", "account:role:ops:Custom:ops-admin"),
    (
        "PolicyAttachment",
        "AliyunECSFullAccess:System:alice@1000000000000001.onaliyun.com:IMSUser:rg-aek2abc",
        "rg-aek2abc:user:alice:System:AliyunECSFullAccess",
    ),
    (
        "EcrGrant",
        "ecr-abc123:vpc-bp1xyz:cn-hangzhou:2000000000000002:VPC",
        "ecr-abc123:2000000000000002:VPC:cn-hangzhou:vpc-bp1xyz",
    ),
]


@pytest.mark.parametrize(("type_name", "old_id", "new_id"), CASES)
def test_an_old_style_import_id_names_the_format_and_the_migrate_command(
    type_name: str, old_id: str, new_id: str
) -> None:
    handler = HANDLERS[type_token(type_name)]
    with pytest.raises(ResourceFailure) as failure:
        handler.read(Session(NoCloud()), "imported", old_id, None)  # type: ignore[arg-type]
    message = str(failure.value)
    assert handler.spec.id_format in message
    assert repr(new_id) in message  # the same grant in alicloud-gov's format
    assert "alicloud-gov migrate" in message


def test_an_old_membership_id_names_the_format_and_the_migrate_command() -> None:
    """terraform's alicloud_ram_group_membership id is the group name alone (its SetId(group))."""
    handler = HANDLERS[type_token("RamGroupMembership")]
    with pytest.raises(ResourceFailure) as failure:
        handler.read(Session(NoCloud()), "imported", "netops", None)  # type: ignore[arg-type]
    assert handler.spec.id_format in str(failure.value)
    assert "alicloud-gov migrate" in str(failure.value)
