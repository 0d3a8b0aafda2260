"""OIDC login against the emulator, shared by the wire and e2e tiers: a locally signed GitHub-style token, the
issuer's keys registered with the emulator, and RAM's OIDC provider and a role that trusts it.

The token has the claims GitHub's issuer puts in an Actions job's token (iss, aud, sub, iat, nbf, exp; RS256 with
a ``kid``); the trust policy is the shape of Alibaba Cloud's OIDC role examples (the provider as ``Federated``
principal, conditions on ``oidc:iss`` / ``oidc:aud`` / ``oidc:sub``). The emulator cannot fetch an issuer's
JWKS over HTTPS, so ``POST /_emulator/oidc-issuers`` gives it the public keys.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import jwt
from alibabacloud_ims20190815 import models as ims_models
from alibabacloud_ims20190815.client import Client as ImsClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from cryptography.hazmat.primitives.asymmetric import rsa

from alicloud_gov.emulator.testing import RunningEmulator

ACME = "1000000000000001"
ISSUER = "https://token.actions.githubusercontent.com"
AUDIENCE = "sts.aliyuncs.com"
SUBJECT = "repo:acme/infra:ref:refs/heads/main"
PROVIDER_NAME = "github"
PROVIDER_ARN = f"acs:ram::{ACME}:oidc-provider/{PROVIDER_NAME}"
ROLE_ARN = f"acs:ram::{ACME}:role/ci-preview"
GITHUB_FINGERPRINT = "6938fd4d98bab03faadb97b34396831e3780aea1"
"""The fingerprint CreateOIDCProvider is given for GitHub's issuer (the emulator stores it, checks none)."""


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


SIGNING_KEY, OTHER_KEY = _key(), _key()


def token(key: rsa.RSAPrivateKey = SIGNING_KEY, **claims: Any) -> str:
    """An RS256 token as GitHub's issuer shapes it (iss, aud, sub, iat, nbf, exp), with ``claims`` overriding."""
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": SUBJECT, "iat": now, "nbf": now - 5, "exp": now + 300, **claims}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})


def register_issuer(emulator: RunningEmulator) -> None:
    """Trust the issuer's JWKS (the emulator's stand-in for fetching it from the issuer over HTTPS)."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(SIGNING_KEY.public_key()))
    payload = json.dumps({"issuer": ISSUER, "jwks": {"keys": [{**jwk, "kid": "k1", "use": "sig"}]}}).encode()
    request = urllib.request.Request(f"{emulator.url}/_emulator/oidc-issuers", data=payload, method="POST")
    with urllib.request.urlopen(request, timeout=5) as reply:
        assert ISSUER in json.loads(reply.read())["Issuers"]


def oidc_trust(subject: str = SUBJECT, provider_arn: str = PROVIDER_ARN) -> str:
    """The trust policy of Alibaba's OIDC role examples: the provider as Federated principal, conditions on claims."""
    condition = {"StringEquals": {"oidc:iss": ISSUER, "oidc:aud": AUDIENCE, "oidc:sub": subject}}
    statement = {
        "Action": "sts:AssumeRole",
        "Effect": "Allow",
        "Principal": {"Federated": [provider_arn]},
        "Condition": condition,
    }
    return json.dumps({"Version": "1", "Statement": [statement]})


def create_github_provider(emulator: RunningEmulator, account: str = "acme") -> Any:
    """Register the issuer's keys and declare GitHub's issuer in RAM (CreateOIDCProvider, official Ims SDK);
    returns the SDK's description of the provider."""
    register_issuer(emulator)
    ims = ImsClient(emulator.root_config(account))
    request = ims_models.CreateOIDCProviderRequest(
        oidcprovider_name=PROVIDER_NAME,
        issuer_url=ISSUER,
        client_ids=AUDIENCE,
        fingerprints=GITHUB_FINGERPRINT,
        description="GitHub Actions",
    )
    return ims.create_oidcprovider(request).body.oidcprovider


def create_oidc_role(
    emulator: RunningEmulator,
    role_name: str,
    *,
    subject: str = SUBJECT,
    system_policies: tuple[str, ...] = (),
    account: str = "acme",
) -> None:
    """A role that the provider's tokens with ``subject`` may assume, holding ``system_policies``."""
    ram = RamClient(emulator.root_config(account))
    ram.create_role(ram_models.CreateRoleRequest(role_name=role_name, assume_role_policy_document=oidc_trust(subject)))
    for policy in system_policies:
        ram.attach_policy_to_role(
            ram_models.AttachPolicyToRoleRequest(policy_type="System", policy_name=policy, role_name=role_name)
        )
