"""Resources declared inside a component reach the provider with the parent chain in their type."""

from __future__ import annotations

from pulumi.provider.experimental.provider import CheckRequest

from alicloud_gov.provider.provider import AlicloudGovProvider
from alicloud_gov.provider.values import map_to_plain
from tests.unit.provider_helpers import props, run

CHILD_URN = (
    "urn:pulumi:dev::proj::alicloud-gov:index:ResourceGroupAccess$alicloud-gov:index:RamPolicy::net-ops-complement"
)


def test_a_child_of_a_component_is_checked_by_its_own_type() -> None:
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}]}
    request = CheckRequest(CHILD_URN, props({}), props({"name": "net-ops-complement", "document": document}), b"")
    response = run(AlicloudGovProvider().check(request))
    assert not response.failures
    assert map_to_plain(response.inputs or {})["name"] == "net-ops-complement"
