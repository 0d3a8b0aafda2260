"""RamPolicy delete over real HTTP when a response is lost: the policy itself is always deleted."""

from __future__ import annotations

from typing import Any

import pytest

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.cloud.errors import NotFound
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.provider.handlers import Session
from alicloud_gov.provider.handlers.ram import RamPolicyHandler
from tests.wire.helpers import losing_first_response

ACME_UID = "1000000000000001"
FAST: dict[str, Any] = {"retry_base_delay": 0.002, "retry_max_delay": 0.02, "max_attempts": 5}


def _document(action: str) -> str:
    return f'{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}'


@pytest.mark.parametrize("lost_action", ["DeletePolicyVersion", "DeletePolicy"])
def test_policy_delete_survives_a_lost_response(emulator: RunningEmulator, lost_action: str) -> None:
    """A retried DeletePolicyVersion that finds the version gone (EntityNotExist.Policy.Version) goes on to
    DeletePolicy; a retried DeletePolicy that finds the policy gone is success. Either way GetPolicy is NotFound."""
    account = emulator.account(ACME_UID)
    config = CloudConfig(
        endpoint=emulator.endpoint,
        credentials=StaticCredentials(account.access_key_id, account.access_key_secret),
        **FAST,
    )
    setup = Cloud(config)
    setup.ram.call("CreatePolicy", {"PolicyName": "Lossy", "PolicyDocument": _document("vpc:DescribeVpcs")})
    setup.ram.call(
        "CreatePolicyVersion",
        {"PolicyName": "Lossy", "PolicyDocument": _document("vpc:DescribeVSwitches"), "SetAsDefault": "true"},
    )

    losing = losing_first_response(config, lost_action)
    RamPolicyHandler().delete(Session(losing), "lossy", "Lossy", {"name": "Lossy"})

    assert losing.lost == 1, f"the fault must have hit {lost_action}"
    with pytest.raises(NotFound):
        setup.ram.call("GetPolicy", {"PolicyName": "Lossy", "PolicyType": "Custom"})
