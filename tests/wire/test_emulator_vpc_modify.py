"""VPC ModifyVpcAttribute (VpcName, Description) on the emulator, with the VPC API reference's validation:
VpcName 1 to 128 characters, Description 1 to 256, neither starting with http:// or https://."""

from __future__ import annotations

import pytest
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import denied, fails, make_vpc, user_key

REGION = "cn-hangzhou"


def _modify(client: VpcClient, vpc_id: str, **fields: str) -> None:
    client.modify_vpc_attribute(vpc_models.ModifyVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id, **fields))


def _described(client: VpcClient, vpc_id: str) -> vpc_models.DescribeVpcsResponseBodyVpcsVpc:
    body = client.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, vpc_id=vpc_id)).body
    return body.vpcs.vpc[0]


def test_name_and_description_change(emulator: RunningEmulator, vpc: VpcClient) -> None:
    vpc_id = make_vpc(emulator)
    _modify(vpc, vpc_id, vpc_name="core", description="the core network")
    found = _described(vpc, vpc_id)
    assert (found.vpc_name, found.description) == ("core", "the core network")
    _modify(vpc, vpc_id, description="only this")
    found = _described(vpc, vpc_id)
    assert (found.vpc_name, found.description) == ("core", "only this")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"vpc_name": "http://core"}, "InvalidVpcName.Malformed"),
        ({"vpc_name": "x" * 129}, "InvalidVpcName.Malformed"),
        ({"description": "https://doc"}, "InvalidDescription.Malformed"),
        ({"description": "d" * 257}, "InvalidDescription.Malformed"),
    ],
)
def test_malformed_fields_are_refused(
    emulator: RunningEmulator, vpc: VpcClient, fields: dict[str, str], code: str
) -> None:
    vpc_id = make_vpc(emulator)
    fails(lambda: _modify(vpc, vpc_id, **fields), code, 400)
    assert _described(vpc, vpc_id).vpc_name == ""


def test_unknown_vpc_is_not_found(vpc: VpcClient) -> None:
    fails(lambda: _modify(vpc, "vpc-doesnotexist0000000", vpc_name="x"), "InvalidVpcId.NotFound", 404)


def test_modify_is_authorised_through_ram(emulator: RunningEmulator) -> None:
    vpc_id = make_vpc(emulator)
    reader = VpcClient(emulator.config(*user_key(emulator, "reader", ("System", "AliyunVPCReadOnlyAccess"))))
    denied(lambda: _modify(reader, vpc_id, vpc_name="x"))
    writer = VpcClient(emulator.config(*user_key(emulator, "writer", ("System", "AliyunVPCFullAccess"))))
    _modify(writer, vpc_id, vpc_name="renamed")
    assert _described(writer, vpc_id).vpc_name == "renamed"
