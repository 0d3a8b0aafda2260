"""Signature strings rebuilt by the emulator match what the official SDK signs."""

from __future__ import annotations

import hashlib

from alibabacloud_tea_openapi.utils import Utils

from alicloud_gov.emulator.auth import SignedRequest, v2_signature, v2_string_to_sign, v3_signature, v3_string_to_sign


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
