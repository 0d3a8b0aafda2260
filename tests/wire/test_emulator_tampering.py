"""Tampering with real SDK-signed requests: every signed element, changed one at a time, is refused.

Requests are captured off the wire from the official clients (V3: alibabacloud_tea_openapi through the RAM
and STS clients; V2: aliyun-python-sdk-core's CommonRequest and tea-openapi's ``v2`` algorithm), then sent
again over ``http.client`` with one change each. Each change must be refused with the code Alibaba Cloud
documents for it (gateway codes: SignatureDoesNotMatch, IncompleteSignature, InvalidAccessKeyId.NotFound;
routing codes MissingParameter and InvalidAction.NotFound when the change hits the API name itself). The
untouched request is accepted afterwards, exactly once: no refused change used up its nonce.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest
from darabonba.runtime import RuntimeOptions

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import read_only_role_and_user, rpc_params
from tests.wire.raw_http import RawRequest, capture, decode_pairs, encode_pairs

ACME = "1000000000000001"
STS_VERSION = "2015-04-01"
ROUTING = ("x-acs-action", "x-acs-version")
ROLE_ARN = f"acs:ram::{ACME}:role/Tamper"
UNKNOWN_KEY = "LTAI5tNoSuchKey000000"
MISMATCH, INCOMPLETE, NOT_FOUND = "SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyId.NotFound"
MISSING, NO_ACTION = "MissingParameter", "InvalidAction.NotFound"
SESSION_POLICY = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:Get*", "Resource": "*"}]})


@dataclass(frozen=True)
class Tampered:
    """One changed request and the error code it must get."""

    what: str
    request: RawRequest
    code: str
    also: str | None = None  # a second acceptable code, where the HTTP layer may legitimately differ


def flip(text: str) -> str:
    """The same text with its last character changed (a digit stays a digit, a letter a letter)."""
    if not text:
        return "x"
    last = text[-1]
    if last.isdigit():
        changed = str((int(last) + 1) % 10)
    elif last.isalpha():
        changed = "b" if last.lower() == "a" else "a"
    else:
        changed = "x"
    return text[:-1] + changed


# -- world --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """acme's root key, a user allowed to assume a RAM read-only role, and that role's session."""

    root: tuple[str, str]
    other_root: str
    user: tuple[str, str]
    session: tuple[str, str, str]


def make_world(emulator: RunningEmulator) -> World:
    """Create the role, the user and one session through the official clients."""
    user = read_only_role_and_user(emulator, "Tamper", "target")
    sts = StsClient(emulator.config(*user))
    credentials = sts.assume_role(
        sts_models.AssumeRoleRequest(role_arn=ROLE_ARN, role_session_name="probe", duration_seconds=3600)
    ).body.credentials
    acme, partner = emulator.account("acme"), emulator.account("partner")
    return World(
        root=(acme.access_key_id, acme.access_key_secret),
        other_root=partner.access_key_id,
        user=user,
        session=(credentials.access_key_id, credentials.access_key_secret, credentials.security_token),
    )


def tea_config(endpoint: str, key: tuple[str, ...], *, v2: bool = False) -> open_api_models.Config:
    """A tea-openapi Config for these credentials (id, secret[, token]) at this endpoint."""
    config = open_api_models.Config(
        access_key_id=key[0],
        access_key_secret=key[1],
        security_token=key[2] if len(key) > 2 else None,
        endpoint=endpoint,
        protocol="http",
        region_id="cn-hangzhou",
    )
    if v2:
        config.signature_algorithm = "v2"
    return config


def core_client(key: tuple[str, ...]) -> AcsClient:
    """An aliyun-python-sdk-core client for these credentials."""
    if len(key) > 2:
        return AcsClient(region_id="cn-hangzhou", credential=StsTokenCredential(*key))
    return AcsClient(key[0], key[1], "cn-hangzhou")


def core_request(endpoint: str, action: str, method: str, query: dict[str, str], body: dict[str, str]) -> CommonRequest:
    """A CommonRequest for a RAM API."""
    request = CommonRequest(domain=endpoint, version="2015-05-01", action_name=action)
    request.set_protocol_type("http")
    request.set_method(method)
    for name, value in query.items():
        request.add_query_param(name, value)
    for name, value in body.items():
        request.add_body_params(name, value)
    return request


def v3_samples(world: World) -> dict[str, Callable[[str], object]]:
    """The V3 requests to tamper with, by name: each a call aimed at an endpoint."""

    def form_body_create_user(endpoint: str) -> object:
        params = rpc_params("CreateUser", "2015-05-01")
        request = open_api_models.OpenApiRequest(body={"UserName": "v3-form", "Comments": "made by a form body"})
        return OpenApiClient(tea_config(endpoint, world.root)).call_api(params, request, RuntimeOptions())

    return {
        "v3 RAM GetUser (root)": lambda endpoint: RamClient(tea_config(endpoint, world.root)).get_user(
            ram_models.GetUserRequest(user_name="target")
        ),
        "v3 STS AssumeRole with Policy (user)": lambda endpoint: StsClient(
            tea_config(endpoint, world.user)
        ).assume_role(
            sts_models.AssumeRoleRequest(
                role_arn=ROLE_ARN, role_session_name="narrow", duration_seconds=900, policy=SESSION_POLICY
            )
        ),
        "v3 RAM GetUser (STS session)": lambda endpoint: RamClient(tea_config(endpoint, world.session)).get_user(
            ram_models.GetUserRequest(user_name="target")
        ),
        "v3 RAM CreateUser, form body (root)": form_body_create_user,
    }


def v2_samples(world: World) -> dict[str, Callable[[str], object]]:
    """The V2 requests to tamper with, by name."""
    return {
        "v2 core POST CreateUser, query and form (root)": lambda endpoint: core_client(
            world.root
        ).do_action_with_exception(
            core_request(endpoint, "CreateUser", "POST", {"UserName": "v2-core"}, {"Comments": "form part"})
        ),
        "v2 core GET GetUser (root)": lambda endpoint: core_client(world.root).do_action_with_exception(
            core_request(endpoint, "GetUser", "GET", {"UserName": "target"}, {})
        ),
        "v2 core GET GetRole (STS session)": lambda endpoint: core_client(world.session).do_action_with_exception(
            core_request(endpoint, "GetRole", "GET", {"RoleName": "Tamper"}, {})
        ),
        "v2 tea-openapi CreateUser (root)": lambda endpoint: RamClient(
            tea_config(endpoint, world.root, v2=True)
        ).create_user(ram_models.CreateUserRequest(user_name="v2-tea", comments="tea v2")),
    }


# -- tampering: shared --------------------------------------------------------------------------------


def query_tampering(
    request: RawRequest, code_without: Callable[[set[str]], str], code_of_value: Callable[[str], str]
) -> Iterator[Tampered]:
    """Each query parameter's name and value changed, the parameter dropped, repeated, and folded into its neighbour."""
    pairs = request.query_pairs()
    for index, (key, value) in enumerate(pairs):
        others = pairs[:index] + pairs[index + 1 :]
        yield Tampered(f"query name {key}", request.with_pairs([*others, (flip(key), value)]), code_without({key}))
        changed = [*pairs[:index], (key, flip(value)), *pairs[index + 1 :]]
        yield Tampered(f"query value {key}", request.with_pairs(changed), code_of_value(key))
        yield Tampered(f"query drop {key}", request.with_pairs(others), code_without({key}))
        yield Tampered(f"query repeat {key}", request.with_pairs([(key, flip(value)), *pairs]), MISMATCH)
        if index + 1 < len(pairs):
            following, after = pairs[index + 1]
            folded = [*pairs[:index], (f"{key}={value}&{following}", after), *pairs[index + 2 :]]
            yield Tampered(f"query fold {key}&{following}", request.with_pairs(folded), code_without({key, following}))
    yield Tampered("query extra parameter", request.with_pairs([*pairs, ("Extra", "1")]), MISMATCH)


def line_tampering(request: RawRequest) -> Iterator[Tampered]:
    """The request line: another method, another path."""
    other = "GET" if request.method == "POST" else "POST"
    yield Tampered(f"method {other}", replace(request, method=other), MISMATCH)
    for path in ("/x", "/%2F"):
        query = request.raw_query
        yield Tampered(f"path {path}", replace(request, target=f"{path}?{query}" if query else path), MISMATCH)


def form_tampering(request: RawRequest) -> Iterator[Tampered]:
    """Each form-body parameter's name and value changed or dropped; the body's content type removed."""
    pairs = decode_pairs(request.body.decode())
    for index, (key, value) in enumerate(pairs):
        others = pairs[:index] + pairs[index + 1 :]
        body = encode_pairs([*others, (flip(key), value)]).encode()
        yield Tampered(f"form name {key}", request.with_body(body), MISMATCH)
        changed = [*pairs[:index], (key, flip(value)), *pairs[index + 1 :]]
        yield Tampered(f"form value {key}", request.with_body(encode_pairs(changed).encode()), MISMATCH)
        yield Tampered(f"form drop {key}", request.with_body(encode_pairs(others).encode()), MISMATCH)
    if pairs:
        yield Tampered("form content-type dropped", request.with_header("Content-Type", None), MISMATCH)


# -- tampering: V3 ------------------------------------------------------------------------------------


def v3_code_without(keys: set[str]) -> str:
    """V3 carries no protocol parameters in the query: a dropped parameter is a signature mismatch."""
    return MISMATCH


def v3_header_code(name: str, change: str) -> str:
    """The code for changing one signed header: ``value``, ``drop`` or ``rename``."""
    if name in ("x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256") and change != "value":
        return INCOMPLETE  # required and signed
    if name in ROUTING:
        return {"value": NO_ACTION, "drop": MISSING, "rename": MISSING}[change]  # the API name itself
    if change == "rename" and name.startswith("x-acs-"):
        return INCOMPLETE  # the new x-acs-* header is not signed
    return MISMATCH


def v3_tampering(request: RawRequest, world: World) -> Iterator[Tampered]:
    """Every signed element of a V3 request changed, one at a time."""
    authorization = request.header("Authorization") or ""
    algorithm, _, fields = authorization.partition(" ")
    parts = dict(field.split("=", 1) for field in fields.split(","))
    signed = parts["SignedHeaders"].split(";")

    def with_authorization(**changes: str) -> RawRequest:
        values = {**parts, **changes}
        return request.with_header(
            "Authorization",
            f"{changes.get('algorithm', algorithm)} Credential={values['Credential']},"
            f"SignedHeaders={values['SignedHeaders']},Signature={values['Signature']}",
        )

    yield from query_tampering(request, v3_code_without, lambda key: MISMATCH)
    yield from line_tampering(request)
    yield from form_tampering(request)
    for name in signed:
        value = request.header(name) or ""
        yield Tampered(f"header value {name}", request.with_header(name, flip(value)), v3_header_code(name, "value"))
        yield Tampered(f"header drop {name}", request.with_header(name, None), v3_header_code(name, "drop"))
        renamed = request.with_header(name, None).with_extra_header(flip(name), value)
        yield Tampered(f"header rename {name}", renamed, v3_header_code(name, "rename"))
        repeated = request.with_extra_header(name, flip(value))
        # a server may join repeated fields into one "a, b" value (RFC 9110, 5.3): an unknown API name then
        yield Tampered(f"header repeat {name}", repeated, MISMATCH, NO_ACTION if name in ROUTING else None)
        listed = ";".join(other for other in signed if other != name)
        must_sign = name in ("host", "content-type") or name.startswith("x-acs-")
        yield Tampered(
            f"SignedHeaders without {name}",
            with_authorization(SignedHeaders=listed),
            INCOMPLETE if must_sign else MISMATCH,
        )
    yield Tampered(
        "SignedHeaders plus content-length",
        with_authorization(SignedHeaders=";".join(sorted([*signed, "content-length"]))),
        MISMATCH,
    )
    other_api = "GetCallerIdentity" if request.header("x-acs-version") == STS_VERSION else "DeleteUser"
    switched = request.with_header("x-acs-action", other_api)
    yield Tampered(f"x-acs-action switched to {other_api}", switched, MISMATCH)
    date = request.header("x-acs-date") or ""
    later = date[:-3] + f"{(int(date[-3:-1]) + 1) % 60:02d}Z"
    yield Tampered("x-acs-date one second later", request.with_header("x-acs-date", later), MISMATCH)
    yield Tampered("unsigned x-acs header added", request.with_extra_header("x-acs-extra", "1"), INCOMPLETE)
    if request.header("content-type") is None:
        added = request.with_header("Content-Type", "application/x-www-form-urlencoded")
        yield Tampered("unsigned content-type added", added, INCOMPLETE)
    if request.header("x-acs-security-token") is None:
        token = request.with_extra_header("x-acs-security-token", world.session[2])
        yield Tampered("unsigned security token added", token, INCOMPLETE)
    body = request.body + b"&UserName=intruder" if request.body else b"UserName=intruder"
    yield Tampered("body changed, hash kept", request.with_body(body), MISMATCH)
    rehashed = request.with_body(body).with_header("x-acs-content-sha256", hashlib.sha256(body).hexdigest())
    yield Tampered("body changed, hash updated", rehashed, MISMATCH)
    yield Tampered("Credential unknown", with_authorization(Credential=UNKNOWN_KEY), NOT_FOUND)
    yield Tampered("Credential another account's key", with_authorization(Credential=world.other_root), MISMATCH)
    signature = parts["Signature"]
    for position in (0, len(signature) // 2, len(signature) - 1):
        changed = signature[:position] + flip(signature[position]) + signature[position + 1 :]
        yield Tampered(f"Signature char {position}", with_authorization(Signature=changed), MISMATCH)
    yield Tampered("Signature truncated", with_authorization(Signature=signature[:-2]), MISMATCH)
    yield Tampered("algorithm ACS3-HMAC-SM3", with_authorization(algorithm="ACS3-HMAC-SM3"), INCOMPLETE)
    yield Tampered("Authorization dropped", request.with_header("Authorization", None), INCOMPLETE)
    yield Tampered("Authorization repeated", request.with_extra_header("Authorization", authorization), INCOMPLETE)


def v3_minimum(request: RawRequest) -> int:
    """Changes v3_tampering must make at least: 4 per query pair, 5 per signed header, 3 per form pair, 20 more."""
    signed = (request.header("Authorization") or "").split("SignedHeaders=")[1].split(",")[0].split(";")
    form = decode_pairs(request.body.decode())
    return 4 * len(request.query_pairs()) + 5 * len(signed) + 3 * len(form) + 20


# -- tampering: V2 ------------------------------------------------------------------------------------

_V2_REQUIRED = {"AccessKeyId", "SignatureNonce", "Timestamp", "Signature"}


def v2_code_without(keys: set[str]) -> str:
    """The code once these V2 parameters are gone.

    Both V2 SDKs also send the API name in x-acs-action/x-acs-version headers, so the request still routes;
    a missing Action or Version is then a header the signature does not back.
    """
    return INCOMPLETE if keys & _V2_REQUIRED else MISMATCH


def v2_code_of_value(key: str) -> str:
    """The code for changing one V2 parameter's value (Action and Version: the headers no longer agree)."""
    return {"AccessKeyId": NOT_FOUND, "SignatureMethod": INCOMPLETE}.get(key, MISMATCH)


def v2_tampering(request: RawRequest, world: World) -> Iterator[Tampered]:
    """Every signed element of a V2 request (its parameters, method and path), changed one at a time."""
    yield from query_tampering(request, v2_code_without, v2_code_of_value)
    yield from line_tampering(request)
    yield from form_tampering(request)
    pairs = request.query_pairs()
    keyed = dict(pairs)
    switched = [(key, world.other_root if key == "AccessKeyId" else value) for key, value in pairs]
    yield Tampered("AccessKeyId another account's key", request.with_pairs(switched), MISMATCH)
    later = keyed["Timestamp"][:-3] + f"{(int(keyed['Timestamp'][-3:-1]) + 1) % 60:02d}Z"
    moved = [(key, later if key == "Timestamp" else value) for key, value in pairs]
    yield Tampered("Timestamp one second later", request.with_pairs(moved), MISMATCH)
    yield Tampered("x-acs-action header switched", request.with_header("x-acs-action", "DeleteUser"), MISMATCH)
    to_sts = request.with_header("x-acs-action", "GetCallerIdentity").with_header("x-acs-version", STS_VERSION)
    yield Tampered("routing headers switched to STS", to_sts, MISMATCH)
    yield Tampered("x-acs-version header unknown", request.with_header("x-acs-version", "2015-04-02"), NO_ACTION)
    if "SecurityToken" not in keyed:
        token = request.with_pairs([*pairs, ("SecurityToken", world.session[2])])
        yield Tampered("SecurityToken added", token, MISMATCH)


def v2_minimum(request: RawRequest) -> int:
    """Changes v2_tampering must make at least: 4 per query pair, 3 per form pair, 9 more."""
    return 4 * len(request.query_pairs()) + 3 * len(decode_pairs(request.body.decode())) + 9


# -- the test -----------------------------------------------------------------------------------------


def test_every_signed_element_of_real_sdk_requests_is_tamper_evident(
    emulator: RunningEmulator, record_property: Callable[[str, object], None]
) -> None:
    world = make_world(emulator)
    samples = [
        *((name, call, v3_tampering, v3_minimum) for name, call in v3_samples(world).items()),
        *((name, call, v2_tampering, v2_minimum) for name, call in v2_samples(world).items()),
    ]
    tried = rejected = expected = 0
    wrong: list[str] = []
    for name, call, tamper, minimum in samples:
        original = capture(call)
        changes = list(tamper(original, world))
        expected += minimum(original) + 1  # and the replay of the untouched request
        assert len(changes) >= minimum(original), f"{name}: only {len(changes)} changes"
        for change in changes:
            tried += 1
            status, body = change.request.send(emulator.port)
            if status >= 400:
                rejected += 1
            if body.get("Code") not in (change.code, change.also):
                wrong.append(f"{name} / {change.what}: {status} {body.get('Code')} (expected {change.code})")
        status, body = original.send(emulator.port)
        assert status == 200, f"{name}: the untouched request was refused: {body}"
        status, body = original.send(emulator.port)
        assert (status, body.get("Code")) == (400, "SignatureNonceUsed"), f"{name}: replay accepted"
        tried, rejected = tried + 1, rejected + 1
    record_property("tampered_tried", tried)
    record_property("tampered_rejected", rejected)
    print(f"tampered requests: {tried} tried, {rejected} rejected (at least {expected} expected)")
    assert not wrong, "\n".join(wrong)
    assert rejected == tried >= expected
