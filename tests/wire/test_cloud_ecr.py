"""ExpressConnectRouter through our layer (form-body requests): cross-account grants made safe by ClientToken,
NextToken pagination, and ECR error codes mapped to our classes."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.cloud.credentials import CredentialsProvider
from alicloud_gov.cloud.errors import AlreadyExists, CloudConnectionError, Conflict, NotFound
from alicloud_gov.cloud.products import Product
from alicloud_gov.cloud.transport import Transport

ACME = ("LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")
PARTNER = ("LTAI5tPartnerRootKey02", "PartnerRootSecret02demo")
ACME_UID, PARTNER_UID = "1000000000000001", "2000000000000002"
FAST: dict[str, Any] = {"retry_base_delay": 0.002, "retry_max_delay": 0.02, "max_attempts": 15}


class ObservedCloud(Cloud):
    """Records (action, params) per request; optionally 'loses' responses of applied Grant calls."""

    def __init__(self, config: CloudConfig, lose_rate: float = 0.0) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.lost = 0
        self.lose_rate = lose_rate
        self.rng = random.Random(4)
        super().__init__(config, transport_factory=self._observed)

    def _observed(self, product: Product, credentials: CredentialsProvider) -> Transport:
        real = self.tea_transport(product, credentials)

        def send(action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
            self.requests.append((action, dict(params)))
            response = real(action, params)
            if action.startswith("Grant") and self.rng.random() < self.lose_rate:
                self.lost += 1
                raise CloudConnectionError("ConnectionError", "connection reset after the request was sent")
            return response

        return send


def _cloud(emulator: Any, key: tuple[str, str], lose_rate: float = 0.0) -> ObservedCloud:
    return ObservedCloud(
        CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*key), **FAST), lose_rate
    )


def _grant(ecr_id: str, vpc_id: str) -> dict[str, Any]:
    return {
        "EcrId": ecr_id,
        "EcrOwnerAliUid": ACME_UID,
        "InstanceId": vpc_id,
        "InstanceRegionId": "cn-hangzhou",
        "InstanceType": "VPC",
    }


def test_cross_account_grants_paginate_and_map_errors(emulator: Any) -> None:
    acme = _cloud(emulator, ACME)
    partner = _cloud(emulator, PARTNER, lose_rate=0.5)
    ecr_id = acme.ecr.create("CreateExpressConnectRouter", {"AlibabaSideAsn": 45104, "Name": "core"})["EcrId"]
    vpcs = [
        partner.vpc.create("CreateVpc", {"RegionId": "cn-hangzhou", "VpcName": f"b-{i}"})["VpcId"] for i in range(3)
    ]

    for vpc_id in vpcs:  # lost responses are retried with the same ClientToken: no ResourceAlreadyExists
        partner.ecr.create("GrantInstanceToExpressConnectRouter", _grant(ecr_id, vpc_id))
    assert partner.lost > 0
    grant_tokens = [p["ClientToken"] for action, p in partner.requests if action.startswith("Grant")]
    assert len(set(grant_tokens)) == 3 < len(grant_tokens)

    acme.requests.clear()
    granted = list(
        acme.ecr.paginate(
            "DescribeInstanceGrantedToExpressConnectRouter",
            {"EcrId": ecr_id, "CallerType": "SELF"},
            items="EcrGrantedInstanceList",
            page_size=2,
        )
    )
    assert sorted(g["NodeId"] for g in granted) == sorted(vpcs)
    assert {str(g["NodeOwnerUid"]) for g in granted} == {PARTNER_UID}
    assert [action for action, _ in acme.requests] == ["DescribeInstanceGrantedToExpressConnectRouter"] * 2
    assert acme.requests[1][1]["NextToken"]

    acme.ecr.create(
        "CreateExpressConnectRouterAssociation",
        {"EcrId": ecr_id, "AssociationRegionId": "cn-hangzhou", "VpcId": vpcs[0], "VpcOwnerId": PARTNER_UID},
    )
    with pytest.raises(Conflict) as in_use:
        partner.ecr.call("RevokeInstanceFromExpressConnectRouter", _grant(ecr_id, vpcs[0]))
    assert in_use.value.code == "DependencyViolation.Association"

    partner.ecr.delete("RevokeInstanceFromExpressConnectRouter", _grant(ecr_id, vpcs[1]))
    with pytest.raises(NotFound) as gone:
        partner.ecr.call("RevokeInstanceFromExpressConnectRouter", _grant(ecr_id, vpcs[1]))
    assert gone.value.code == "ResourceNotFound.GrantRule"

    with pytest.raises(AlreadyExists) as again:  # a new logical grant of the same VPC is a real duplicate
        partner.ecr.create("GrantInstanceToExpressConnectRouter", _grant(ecr_id, vpcs[2]))
    assert again.value.code == "ResourceAlreadyExists.GrantRule"
