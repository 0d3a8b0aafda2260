"""Signature strings rebuilt by the emulator match what the official SDK signs."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from alibabacloud_tea_openapi.utils import Utils

from alicloud_gov.emulator.auth import (
    MAX_CLOCK_SKEW_SECONDS,
    NonceCache,
    SignedRequest,
    v2_signature,
    v2_string_to_sign,
    v3_canonical_query,
    v3_signature,
    v3_string_to_sign,
)
from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.store import Store


class _SdkRequest:
    """The attributes of a darabonba request that Utils.get_authorization reads."""

    def __init__(self, query: dict[str, str], headers: dict[str, str]) -> None:
        self.method = "POST"
        self.pathname = "/"
        self.query = query
        self.headers = headers


def test_v3_matches_the_sdk_signature() -> None:
    query = {"UserName": "alice b", "Tag": '[{"Key":"k~","Value":"v*"}]', "Marker": "a/b+c"}
    payload = hashlib.sha256(b"").hexdigest()
    headers = {
        "host": "127.0.0.1:8080",
        "x-acs-action": "CreateUser",
        "x-acs-version": "2015-05-01",
        "x-acs-date": "2024-01-01T00:00:00Z",
        "x-acs-signature-nonce": "abc",
        "x-acs-content-sha256": payload,
        "user-agent": "  padded agent  ",
    }
    authorization = Utils.get_authorization(_SdkRequest(query, headers), "ACS3-HMAC-SHA256", payload, "AK", "secret")
    sdk_signature = authorization.rsplit("Signature=", 1)[1]
    request = SignedRequest(
        method="POST",
        path="/",
        query=list(query.items()),
        form=[],
        headers={name: [value] for name, value in headers.items()},
        body=b"",
    )
    ours = v3_signature("secret", v3_string_to_sign(request, sorted(headers), payload))
    assert ours == sdk_signature


def test_v2_matches_the_sdk_signature() -> None:
    params = {
        "Action": "CreateUser",
        "UserName": "a b*c~d",
        "Timestamp": "2024-01-01T00:00:00Z",
        "SignatureNonce": "n",
        "AccessKeyId": "AK",
        "SignatureType": "",
    }
    assert v2_signature("secret", v2_string_to_sign("GET", params)) == Utils.get_rpcsignature(params, "GET", "secret")


def _request(query: list[tuple[str, str]], form: list[tuple[str, str]] | None = None) -> SignedRequest:
    return SignedRequest(method="POST", path="/", query=query, form=form or [], headers={}, body=b"")


def test_v3_canonical_query_encodes_names_so_pairs_cannot_fold() -> None:
    """A name decoding to ``DurationSeconds=900&Policy`` must not canonicalise like two parameters."""
    policy = '{"Statement":[]}'
    apart = _request([("DurationSeconds", "900"), ("Policy", policy), ("RoleArn", "r")])
    folded = _request([("DurationSeconds=900&Policy", policy), ("RoleArn", "r")])
    assert v3_canonical_query(folded.query) == "DurationSeconds%3D900%26Policy=%7B%22Statement%22%3A%5B%5D%7D&RoleArn=r"
    assert v3_string_to_sign(apart, [], "h") != v3_string_to_sign(folded, [], "h")


def test_v3_canonical_query_keeps_every_pair() -> None:
    """Repeated names are all covered (nothing is merged away before signing)."""
    assert v3_canonical_query([("b", "2"), ("a", "x y"), ("b", "1")]) == "a=x%20y&b=1&b=2"


@pytest.mark.parametrize(
    ("query", "form"),
    [([("Policy", "a"), ("Policy", "b")], []), ([("UserName", "a")], [("UserName", "b")])],
    ids=["twice-in-query", "query-and-form"],
)
def test_a_parameter_given_twice_is_refused(query: list[tuple[str, str]], form: list[tuple[str, str]]) -> None:
    with pytest.raises(ApiError) as caught:
        _request(query, form).parameters()
    assert caught.value.code == "SignatureDoesNotMatch"


def test_parameters_are_query_and_form_together() -> None:
    assert _request([("Action", "GetUser")], [("UserName", "a b")]).parameters() == {
        "Action": "GetUser",
        "UserName": "a b",
    }


def test_nonces_are_claimed_once_per_key_until_the_window_passes(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    nonces = NonceCache(store)
    now = time.time()
    assert nonces.claim("AK1", "n", now)
    assert not nonces.claim("AK1", "n", now)
    assert nonces.claim("AK2", "n", now)  # nonces are per AccessKey
    store.close()
    reopened = Store(tmp_path / "state.db")
    assert not NonceCache(reopened).claim("AK1", "n", now)  # survives a restart
    before = now - 2 * MAX_CLOCK_SKEW_SECONDS
    assert reopened.claim_nonce("AK3", "old", before + MAX_CLOCK_SKEW_SECONDS, before)  # expired by now
    assert not reopened.claim_nonce("AK3", "old", now, before)  # held, as seen from before its expiry
    reopened.purge_nonces(now)
    assert reopened.claim_nonce("AK3", "old", now, before)  # purged: the row is gone
    reopened.close()
