"""DescribeInstanceGrantedToExpressConnectRouter's CallerType, as terraform-provider-alicloud uses it.

terraform's alicloud_express_connect_router_grant_association is declared with the instance owner's provider and
reads its grant back from that account with ``CallerType=OTHER`` (service_alicloud_express_connect_router_v2.go,
DescribeExpressConnectRouterGrantAssociation): OTHER is the instance owner's view of the grants it made to
another account's ECR. The SDK's docstring only lists sub/parent, so terraform settles it.
"""

from __future__ import annotations

from typing import Any

from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient

from tests.wire.provider_harness import account_cloud, account_harness

ACME_UID = "1000000000000001"
PARTNER_UID = "2000000000000002"
REGION = "cn-hangzhou"


def _link(emulator: Any) -> dict[str, Any]:
    ecr_id = account_cloud(emulator, ACME_UID).ecr.call(
        "CreateExpressConnectRouter", {"AlibabaSideAsn": 45104, "Name": "core"}
    )["EcrId"]
    vpc_id = account_cloud(emulator, PARTNER_UID).vpc.call("CreateVpc", {"RegionId": REGION})["VpcId"]
    return {
        "ecrId": ecr_id,
        "ecrOwnerUid": ACME_UID,
        "instanceId": vpc_id,
        "instanceType": "VPC",
        "instanceRegionId": REGION,
    }


def test_instance_owner_reading_with_caller_type_other_sees_its_grant(emulator: Any) -> None:
    link = _link(emulator)
    partner = EcrClient(emulator.root_config("partner"))
    partner.grant_instance_to_express_connect_router(
        ecr_models.GrantInstanceToExpressConnectRouterRequest(
            ecr_id=link["ecrId"],
            ecr_owner_ali_uid=int(ACME_UID),
            instance_id=link["instanceId"],
            instance_region_id=REGION,
            instance_type="VPC",
        )
    )
    seen = partner.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(
            ecr_id=link["ecrId"],
            instance_id=link["instanceId"],
            instance_region_id=REGION,
            instance_type="VPC",
            caller_type="OTHER",
        )
    ).body.ecr_granted_instance_list
    assert [(item.ecr_id, item.ecr_owner_ali_uid, item.node_id) for item in seen] == [
        (link["ecrId"], ACME_UID, link["instanceId"])
    ]
    # The ECR owner sees the grants made to its own ECR with SELF (and by default).
    acme = EcrClient(emulator.root_config("acme"))
    for caller_type in ("SELF", None):
        owner_view = acme.describe_instance_granted_to_express_connect_router(
            ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(
                ecr_id=link["ecrId"], caller_type=caller_type
            )
        ).body.ecr_granted_instance_list
        assert [item.node_id for item in owner_view] == [link["instanceId"]]


def test_provider_reads_back_the_grant_it_made(emulator: Any) -> None:
    link = _link(emulator)
    partner = account_harness(emulator, PARTNER_UID)
    grant_id, state = partner.create("EcrGrant", "g", link)
    assert state["status"] == "Granted"
    found_id, properties, _inputs = partner.read("EcrGrant", "g", grant_id, state)
    assert found_id == grant_id
    assert properties["instanceOwnerUid"] == PARTNER_UID
