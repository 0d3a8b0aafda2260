"""Flattened request parameters and account specs: the accessors handlers rely on."""

from __future__ import annotations

import pytest

from alicloud_gov.emulator.accounts import DEMO_ACCOUNTS, parse_account_spec, validate_accounts
from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.faults import FaultConfig
from alicloud_gov.emulator.registry import Params


def error_code(call: object) -> str:
    """The ApiError code a zero-argument call raises."""
    with pytest.raises(ApiError) as caught:
        call()  # type: ignore[operator]
    return caught.value.code


def test_strings_and_required() -> None:
    params = Params({"Name": "x", "Empty": ""})
    assert params.get_str("Name") == "x"
    assert params.get_str("Empty", "d") == "d"
    assert params.require("Name") == "x"
    assert error_code(lambda: params.require("Empty")) == "MissingParameter"


@pytest.mark.parametrize(("raw", "expected"), [("True", True), ("false", False), ("TRUE", True), ("False", False)])
def test_booleans_any_case(raw: str, expected: bool) -> None:
    assert Params({"Flag": raw}).get_bool("Flag") is expected


def test_bad_boolean_and_integer() -> None:
    params = Params({"Flag": "yes", "Count": "ten", "Small": "0"})
    assert error_code(lambda: params.get_bool("Flag")) == "InvalidParameter.Flag"
    assert error_code(lambda: params.get_int("Count")) == "InvalidParameter.Count"
    assert error_code(lambda: params.get_int("Small", minimum=1)) == "InvalidParameter.Small"
    assert params.get_int("Absent", 7) == 7


def test_flattened_lists_and_models_in_index_order() -> None:
    params = Params(
        {
            "Ids.2": "b",
            "Ids.10": "c",
            "Ids.1": "a",
            "Tag.2.Key": "k2",
            "Tag.1.Key": "k1",
            "Tag.1.Value": "v1",
            "Resources.1.ResourceId": "vpc-1",
        }
    )
    assert params.get_list("Ids") == ["a", "b", "c"]
    assert params.get_models("Tag") == [{"Key": "k1", "Value": "v1"}, {"Key": "k2"}]
    assert params.get_models("Resources") == [{"ResourceId": "vpc-1"}]
    assert params.get_list("Missing") == []


def test_ram_style_json_tags_and_lists() -> None:
    params = Params({"Tag": '[{"Key":"team","Value":"net"}]', "Names": '["a","b"]'})
    assert params.get_tags() == [{"Key": "team", "Value": "net"}]
    assert params.get_list("Names") == ["a", "b"]
    assert error_code(lambda: Params({"Tag": "{oops"}).get_tags()) == "InvalidParameter.Tag"
    assert error_code(lambda: Params({"Tag": '"text"'}).get_tags()) == "InvalidParameter.Tag"


def test_account_specs() -> None:
    account = parse_account_spec("3000000000000003:LTAI5tCustomKey00003:CustomSecret0003xyz:custom")
    assert (account.uid, account.alias) == ("3000000000000003", "custom")
    assert "CustomSecret" not in repr(account)
    assert parse_account_spec("3000000000000003:LTAI5tCustomKey00003:CustomSecret0003xyz").alias == "account0003"
    with pytest.raises(ValueError, match="UID must be 16 digits"):
        parse_account_spec("123:LTAI5tCustomKey00003:CustomSecret0003xyz")
    with pytest.raises(ValueError, match="expected UID"):
        parse_account_spec("3000000000000003")
    with pytest.raises(ValueError, match="duplicate uid"):
        validate_accounts([DEMO_ACCOUNTS[0], DEMO_ACCOUNTS[0]])


def test_fault_config_from_mapping() -> None:
    config = FaultConfig.from_mapping({"throttle_rate": "0.5", "latency_ms": 3}, FaultConfig(seed=9))
    assert (config.throttle_rate, config.latency_ms, config.seed) == (0.5, 3, 9)
    with pytest.raises(ValueError, match="unknown option"):
        FaultConfig.from_mapping({"bogus": 1})
    with pytest.raises(ValueError, match="latency_ms"):
        FaultConfig(latency_ms=-1)
