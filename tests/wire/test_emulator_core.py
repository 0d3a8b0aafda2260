"""Emulator core over real HTTP with the official SDKs: routing, authorisation, faults, persistence, concurrency."""

from __future__ import annotations

import http.client
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from darabonba.runtime import RuntimeOptions

from alicloud_gov.emulator.faults import FaultConfig
from alicloud_gov.emulator.registry import RequestContext, action
from alicloud_gov.emulator.testing import RunningEmulator, start_emulator
from tests.wire.helpers import fails, rpc_params, user_key


def test_create_user_round_trip(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    created = ram.create_user(ram_models.CreateUserRequest(user_name="alice", display_name="Alice"))
    assert created.status_code == 200
    assert created.body.user.user_name == "alice"
    assert created.body.request_id
    fetched = ram.get_user(ram_models.GetUserRequest(user_name="alice")).body.user
    assert fetched.user_id == created.body.user.user_id
    assert fetched.display_name == "Alice"


def test_duplicate_user_is_409(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    ram.create_user(ram_models.CreateUserRequest(user_name="bob"))
    fails(lambda: ram.create_user(ram_models.CreateUserRequest(user_name="bob")), "EntityAlreadyExists.User", 409)


def test_accounts_are_isolated(emulator: RunningEmulator) -> None:
    RamClient(emulator.root_config("acme")).create_user(ram_models.CreateUserRequest(user_name="carol"))
    partner = RamClient(emulator.root_config("partner"))
    fails(lambda: partner.get_user(ram_models.GetUserRequest(user_name="carol")), "EntityNotExist.User", 404)


# -- shared helpers ----------------------------------------------------------------------------------


ACME = "1000000000000001"
TEST_VERSION = "2099-01-01"


@action(
    "Testkit",
    TEST_VERSION,
    "DescribeWidget",
    resource=lambda ctx: ctx.arn("testkit", f"widget/{ctx.params.require('WidgetId')}"),
)
def _describe_widget(ctx: RequestContext) -> dict[str, Any]:
    """A test-only API whose target resource can sit in a resource group."""
    return {"WidgetId": ctx.params.require("WidgetId")}


def call(config: Any, action_name: str, version: str, params: dict[str, str]) -> dict[str, Any]:
    """Call any RPC API generically with tea-openapi (V3 signature)."""
    request = open_api_models.OpenApiRequest(query=params)
    answer = OpenApiClient(config).call_api(rpc_params(action_name, version), request, RuntimeOptions())
    return answer  # type: ignore[no-any-return]


def user_client(emulator: RunningEmulator, name: str, *policies: tuple[str, str], account: str = "acme") -> RamClient:
    """A RAM client signed as a new RAM user holding these (type, name) policies."""
    return RamClient(emulator.config(*user_key(emulator, name, *policies, account=account)))


def control(emulator: RunningEmulator, path: str, payload: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    """POST to a control endpoint."""
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        connection.request("POST", path, body=json.dumps(payload or {}), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


# -- authorisation -----------------------------------------------------------------------------------


def test_user_without_policies_is_denied_with_detail(emulator: RunningEmulator) -> None:
    client = user_client(emulator, "nopol")
    error = fails(lambda: client.list_users(ram_models.ListUsersRequest()), "NoPermission", 403)
    detail = error.data["AccessDeniedDetail"]
    assert detail["NoPermissionType"] == "ImplicitDeny"
    assert detail["AuthAction"] == "ram:ListUsers"
    assert detail["AuthPrincipalType"] == "SubUser"
    assert detail["AuthPrincipalDisplayName"] == "nopol"
    assert detail["AuthPrincipalOwnerId"] == ACME
    assert detail["EncodedDiagnosticMessage"]


def test_explicit_deny_wins(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    deny = {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "ram:ListUsers", "Resource": "*"}]}
    ram.create_policy(ram_models.CreatePolicyRequest(policy_name="NoListing", policy_document=json.dumps(deny)))
    client = user_client(emulator, "denied", ("System", "AliyunRAMFullAccess"), ("Custom", "NoListing"))
    assert client.list_groups(ram_models.ListGroupsRequest()).status_code == 200
    with pytest.raises(ClientException) as caught:
        client.list_users(ram_models.ListUsersRequest())
    assert caught.value.data["AccessDeniedDetail"]["NoPermissionType"] == "ExplicitDeny"


def test_group_policies_apply_to_members(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    client = user_client(emulator, "member")
    ram.create_group(ram_models.CreateGroupRequest(group_name="readers"))
    ram.attach_policy_to_group(
        ram_models.AttachPolicyToGroupRequest(
            group_name="readers", policy_name="AliyunRAMReadOnlyAccess", policy_type="System"
        )
    )
    with pytest.raises(ClientException):
        client.list_users(ram_models.ListUsersRequest())
    ram.add_user_to_group(ram_models.AddUserToGroupRequest(user_name="member", group_name="readers"))
    assert client.list_users(ram_models.ListUsersRequest()).status_code == 200


def test_resource_level_policy(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    own = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "ram:GetUser", "Resource": f"acs:ram:*:{ACME}:user/self*"}],
    }
    ram.create_policy(ram_models.CreatePolicyRequest(policy_name="SelfRead", policy_document=json.dumps(own)))
    client = user_client(emulator, "selfish", ("Custom", "SelfRead"))
    ram.create_user(ram_models.CreateUserRequest(user_name="other"))
    assert client.get_user(ram_models.GetUserRequest(user_name="selfish")).body.user.user_name == "selfish"
    with pytest.raises(ClientException) as caught:
        client.get_user(ram_models.GetUserRequest(user_name="other"))
    assert caught.value.code == "NoPermission"


def test_resource_group_scope_attachment(emulator: RunningEmulator) -> None:
    """An RG-scope attachment grants access to resources placed in that group only."""
    ram = RamClient(emulator.root_config("acme"))
    ram.create_user(ram_models.CreateUserRequest(user_name="rguser"))
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="rguser")).body.access_key
    config = emulator.config(key.access_key_id, key.access_key_secret)
    store = emulator.emulator.store
    store.put(
        ACME,
        "resource_placement",
        f"acs:testkit:cn-hangzhou:{ACME}:widget/w-in",
        {"ResourceGroupId": "rg-team", "ResourceId": "w-in", "ResourceType": "widget", "Service": "testkit"},
    )
    store.put(
        ACME,
        "rg_attachment",
        "rg-team|imsuser|rguser@acme.onaliyun.com|system|administratoraccess",
        {
            "ResourceGroupId": "rg-team",
            "PolicyType": "System",
            "PolicyName": "AdministratorAccess",
            "PrincipalType": "IMSUser",
            "PrincipalName": "rguser@acme.onaliyun.com",
        },
    )
    assert call(config, "DescribeWidget", TEST_VERSION, {"WidgetId": "w-in"})["body"]["WidgetId"] == "w-in"
    with pytest.raises(ClientException) as caught:
        call(config, "DescribeWidget", TEST_VERSION, {"WidgetId": "w-out"})
    assert caught.value.code == "NoPermission"


def test_authorisation_can_be_switched_off() -> None:
    with start_emulator(authz=False) as emulator:
        client = user_client(emulator, "anyone")
        assert client.create_user(ram_models.CreateUserRequest(user_name="made-by-anyone")).status_code == 200


# -- faults ----------------------------------------------------------------------------------------


def test_throttling_fault(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    emulator.set_faults(throttle_rate=1.0)
    fails(lambda: ram.list_users(ram_models.ListUsersRequest()), "Throttling.User", 400)
    emulator.set_faults(throttle_rate=1.0, throttle_status=429, retry_after_ms=250)
    with pytest.raises(ThrottlingException) as throttled:
        ram.list_users(ram_models.ListUsersRequest())
    assert (throttled.value.status_code, throttled.value.retry_after) == (429, 250)


def test_server_error_fault(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    emulator.set_faults(error_rate=1.0)
    seen = set()
    for _ in range(12):
        with pytest.raises(ServerException) as caught:
            ram.list_users(ram_models.ListUsersRequest())
        seen.add((caught.value.code, caught.value.status_code))
    assert seen == {("ServiceUnavailable", 503), ("InternalError", 500)}


def test_faults_are_repeatable_with_a_seed(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))

    def outcomes() -> list[str]:
        emulator.set_faults(throttle_rate=0.5, seed=7)
        results = []
        for _ in range(16):
            try:
                ram.list_users(ram_models.ListUsersRequest())
                results.append("ok")
            except ClientException as error:
                results.append(error.code)
        return results

    first = outcomes()
    assert first == outcomes()
    assert {"ok", "Throttling.User"} == set(first)


def test_latency_fault(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    emulator.set_faults(latency_ms=120)
    started = time.monotonic()
    ram.list_users(ram_models.ListUsersRequest())
    assert time.monotonic() - started >= 0.12


def test_eventual_consistency_fault(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    ram.create_user(ram_models.CreateUserRequest(user_name="old"))
    emulator.set_faults(consistency_delay_ms=60_000)
    emulator.advance_clock(60.01)  # let "old" age past the delay: ages are emulator time, no waiting
    ram.create_user(ram_models.CreateUserRequest(user_name="fresh"))
    with pytest.raises(ClientException) as caught:
        ram.get_user(ram_models.GetUserRequest(user_name="fresh"))
    assert caught.value.code == "EntityNotExist.User"
    ram.delete_user(ram_models.DeleteUserRequest(user_name="old"))
    stale = [user.user_name for user in ram.list_users(ram_models.ListUsersRequest()).body.users.user]
    assert stale == ["old"]  # the fresh user is not listed yet, the deleted one still is
    emulator.advance_clock(60.01)
    assert ram.get_user(ram_models.GetUserRequest(user_name="fresh")).body.user.user_name == "fresh"
    current = [user.user_name for user in ram.list_users(ram_models.ListUsersRequest()).body.users.user]
    assert current == ["fresh"]


def test_control_endpoints(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    status, body = control(emulator, "/_emulator/faults", {"throttle_rate": 1})
    assert status == 200 and body["Faults"]["throttle_rate"] == 1.0
    with pytest.raises(ClientException):
        ram.list_users(ram_models.ListUsersRequest())
    status, body = control(emulator, "/_emulator/faults", {"no_such_option": 1})
    assert status == 400 and "no_such_option" in body["Message"]
    ram_ok = RamClient(emulator.root_config("acme"))
    control(emulator, "/_emulator/reset")
    ram_ok.create_user(ram_models.CreateUserRequest(user_name="kept"))
    assert control(emulator, "/_emulator/reset")[0] == 200
    with pytest.raises(ClientException) as caught:
        ram_ok.get_user(ram_models.GetUserRequest(user_name="kept"))
    assert caught.value.code == "EntityNotExist.User"


def test_fault_config_validation() -> None:
    with pytest.raises(ValueError, match="throttle_rate"):
        FaultConfig(throttle_rate=2.0)
    with pytest.raises(ValueError, match="throttle_status"):
        FaultConfig(throttle_status=500)


# -- persistence and concurrency ---------------------------------------------------------------------


def test_state_survives_restart(tmp_path: Path) -> None:
    data = tmp_path / "cloud.db"
    with start_emulator(data_path=data) as first:
        ram = RamClient(first.root_config("acme"))
        ram.create_user(ram_models.CreateUserRequest(user_name="persistent"))
        key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="persistent")).body.access_key
        ram.attach_policy_to_user(
            ram_models.AttachPolicyToUserRequest(
                user_name="persistent", policy_name="AliyunRAMReadOnlyAccess", policy_type="System"
            )
        )
    with start_emulator(data_path=data) as second:
        as_user = RamClient(second.config(key.access_key_id, key.access_key_secret))
        assert as_user.get_user(ram_models.GetUserRequest(user_name="persistent")).body.user.user_name == "persistent"
        ram = RamClient(second.root_config("acme"))
        created = ram.create_user(ram_models.CreateUserRequest(user_name="second")).body.user
        first_id = ram.get_user(ram_models.GetUserRequest(user_name="persistent")).body.user.user_id
        assert created.user_id != first_id


def test_concurrent_creates(emulator: RunningEmulator) -> None:
    errors: list[str] = []
    winners: list[str] = []

    def create_many(worker: int) -> None:
        ram = RamClient(emulator.root_config("acme"))
        for index in range(8):
            ram.create_user(ram_models.CreateUserRequest(user_name=f"w{worker}-u{index}"))
        try:
            ram.create_user(ram_models.CreateUserRequest(user_name="contended"))
            winners.append(str(worker))
        except ClientException as error:
            errors.append(error.code)

    threads = [threading.Thread(target=create_many, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    users = (
        RamClient(emulator.root_config("acme")).list_users(ram_models.ListUsersRequest(max_items=1000)).body.users.user
    )
    assert len(users) == 6 * 8 + 1
    assert len({user.user_id for user in users}) == len(users)
    assert len(winners) == 1 and errors == ["EntityAlreadyExists.User"] * 5


def test_restart_with_other_accounts_refuses_the_old_keys(tmp_path: Path) -> None:
    from alicloud_gov.emulator.accounts import DEMO_ACCOUNTS, Account

    data = tmp_path / "cloud.db"
    with start_emulator(data_path=data) as first:
        RamClient(first.root_config("partner")).create_user(ram_models.CreateUserRequest(user_name="p"))
    custom = Account("3000000000000003", "LTAI5tCustomKey00003", "CustomSecret0003xyz", "custom")
    with start_emulator(data_path=data, accounts=[DEMO_ACCOUNTS[0], custom]) as second:
        partner = DEMO_ACCOUNTS[1]
        stale = RamClient(second.config(partner.access_key_id, partner.access_key_secret))
        with pytest.raises(ClientException) as caught:
            stale.list_users(ram_models.ListUsersRequest())
        assert (caught.value.code, caught.value.status_code) == ("InvalidAccessKeyId.NotFound", 404)
        assert RamClient(second.root_config("custom")).list_users(ram_models.ListUsersRequest()).status_code == 200


def test_control_body_must_be_an_object(emulator: RunningEmulator) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        connection.request("POST", "/_emulator/faults", body="[1, 2]")
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    assert (response.status, body["Code"]) == (400, "InvalidParameter")


def test_faults_can_target_some_apis(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    emulator.set_faults(throttle_rate=1.0, actions="List*")
    assert ram.create_user(ram_models.CreateUserRequest(user_name="unthrottled")).status_code == 200
    with pytest.raises(ClientException) as caught:
        ram.list_users(ram_models.ListUsersRequest())
    assert caught.value.code == "Throttling.User"
    with pytest.raises(ValueError, match="actions"):
        FaultConfig(actions=" , ")


def test_seed_000_resource_group_scope_grant_over_the_wire(emulator: RunningEmulator) -> None:
    """A grant in resource group A reaches the ECR placed in A, not the one in the default group."""
    from alibabacloud_expressconnectrouter20230901 import models as ecr_models
    from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
    from alibabacloud_resourcemanager20200331 import models as rm_models
    from alibabacloud_resourcemanager20200331.client import Client as RmClient

    root = emulator.root_config("acme")
    rm, ecr = RmClient(root), EcrClient(root)
    group_id = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="project-a", display_name="Project A")
    ).body.resource_group.id
    in_group = ecr.create_express_connect_router(
        ecr_models.CreateExpressConnectRouterRequest(name="a", alibaba_side_asn=45104, resource_group_id=group_id)
    ).body.ecr_id
    elsewhere = ecr.create_express_connect_router(
        ecr_models.CreateExpressConnectRouterRequest(name="b", alibaba_side_asn=45104)
    ).body.ecr_id
    alice = user_key(emulator, "alice")
    rm.attach_policy(
        rm_models.AttachPolicyRequest(
            policy_name="AliyunExpressConnectFullAccess",
            policy_type="System",
            principal_type="IMSUser",
            principal_name="alice@acme.onaliyun.com",
            resource_group_id=group_id,
        )
    )
    as_alice = EcrClient(emulator.config(*alice))
    found = as_alice.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest(ecr_id=in_group))
    assert [item.ecr_id for item in found.body.ecr_list] == [in_group]
    with pytest.raises(ClientException) as caught:
        as_alice.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest(ecr_id=elsewhere))
    assert caught.value.code == "NoPermission"
