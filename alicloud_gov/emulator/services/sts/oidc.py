"""OIDC tokens for AssumeRoleWithOIDC: the issuers' signing keys the emulator trusts, and token verification.

What real STS does (AssumeRoleWithOIDC and CreateOIDCProvider references): it fetches the issuer's JWKS from
the ``IssuerUrl``'s OpenID configuration over HTTPS, checks the HTTPS certificate against the provider's
``Fingerprints``, verifies the token's signature and claims (``iss`` equal to the IssuerUrl, ``aud`` one of
the ``ClientIds``, ``exp``; ``iat`` within ``IssuanceLimitTime`` hours) and then the role's trust policy.

What the emulator does instead: it never goes to the network. A test (or a local issuer) registers the JWKS
of an issuer URL with ``POST /_emulator/oidc-issuers`` ``{"issuer": "https://...", "jwks": {"keys": [...]}}``;
tokens of a provider are verified against the keys registered for its IssuerUrl (RS256 only, the key chosen
by ``kid`` when the token names one), and the Fingerprints are stored and validated for format but not
compared with any certificate. The claims are then checked as above, times against the emulator's clock.

Error codes: STS's error-code table (2015-04-01): AuthenticationFail.OIDCToken.Invalid (malformed, unknown
algorithm, unusable claims, an ``iss`` other than the provider's, not yet valid), .InvalidSignature, .Expired,
.AudienceNotMatch, .HttpsUrlInvalid (the issuer's keys cannot be had: here, none registered).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.services.sts.errors import StsErrors as Errors
from alicloud_gov.emulator.store import Store, StoreView
from alicloud_gov.spec import names

KIND_OIDC_ISSUER = "oidc_issuer"
"""Store kind (account ``""``, key the issuer URL): {"Issuer", "Jwks"} registered through the control endpoint."""
ALGORITHMS = ("RS256",)
_CLOCK_SKEW_SECONDS = 0


@dataclass(frozen=True)
class OidcClaims:
    """The claims of a verified token that the trust policy's conditions read (``oidc:iss``...)."""

    issuer: str
    audience: str
    subject: str

    def condition_context(self) -> dict[str, object]:
        """The trust-policy condition keys of this token: oidc:iss, oidc:aud, oidc:sub."""
        return {"oidc:iss": self.issuer, "oidc:aud": self.audience, "oidc:sub": self.subject}


class OidcIssuers:
    """The issuers' JWKS the emulator trusts (emulator-wide, forgotten on reset)."""

    def __init__(self, store: Store | StoreView) -> None:
        self.store = store

    def register(self, issuer: object, jwks: object) -> None:
        """Trust ``jwks`` (a JWK Set of RSA public keys) for tokens of ``issuer``; InvalidControlRequest if not."""
        if not isinstance(issuer, str) or not names.OIDC_ISSUER_URL.matches(issuer):
            raise GatewayErrors.INVALID_CONTROL_REQUEST(detail=f"issuer: {names.OIDC_ISSUER_URL.explain}.")
        try:
            keys = jwt.PyJWKSet.from_dict(jwks).keys if isinstance(jwks, dict) else []
        except jwt.PyJWKSetError as error:
            raise GatewayErrors.INVALID_CONTROL_REQUEST(detail=f"jwks: {error}.") from None
        if not keys:
            raise GatewayErrors.INVALID_CONTROL_REQUEST(detail='jwks must be a JWK Set: {"keys": [...]}.')
        self.store.put("", KIND_OIDC_ISSUER, issuer, {"Issuer": issuer, "Jwks": jwks})

    def names(self) -> list[str]:
        """The registered issuer URLs."""
        return sorted(str(record["Issuer"]) for record in self.store.list("", KIND_OIDC_ISSUER))

    def key_set(self, issuer: str) -> jwt.PyJWKSet | None:
        """The keys registered for ``issuer``, or None."""
        record = self.store.get("", KIND_OIDC_ISSUER, issuer)
        return jwt.PyJWKSet.from_dict(record["Jwks"]) if record else None


def _signing_key(token: str, keys: jwt.PyJWKSet) -> Any:
    """The registered key that signed ``token``: the one its header's ``kid`` names, else the only one."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise Errors.OIDC_TOKEN_INVALID(problem="The Jwt content is invalid that cannot be recognized") from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise Errors.OIDC_TOKEN_INVALID(problem=f"The algorithm {algorithm} that be specified in Jwt header is unknown")
    kid = header.get("kid")
    candidates = [key for key in keys.keys if kid is None or key.key_id == kid]
    if not candidates:
        raise Errors.OIDC_SIGNATURE()
    return candidates[0].key


def verify_token(
    token: str, *, issuer_keys: jwt.PyJWKSet | None, issuer_url: str, client_ids: list[str], now: float
) -> OidcClaims:
    """The claims of ``token`` if it is signed by the issuer's keys and its iss / aud / exp / nbf hold at ``now``."""
    low, high = names.OIDC_TOKEN_LENGTH
    if not low <= len(token) <= high:
        raise Errors.OIDC_TOKEN_INVALID(problem=f"The OIDCToken must be {low} to {high} characters")
    if token.count(".") != 2:
        raise Errors.OIDC_TOKEN_INVALID(problem="The number of Jwt field should be divided into 3 parts with '.'")
    if issuer_keys is None:
        raise Errors.OIDC_ISSUER_KEYS(issuer=issuer_url)
    key = _signing_key(token, issuer_keys)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=list(ALGORITHMS),
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False},
        )
    except jwt.InvalidSignatureError:
        raise Errors.OIDC_SIGNATURE() from None
    except jwt.PyJWTError:
        raise Errors.OIDC_TOKEN_INVALID(problem="The Jwt content is invalid that cannot be recognized") from None
    return _check_claims(claims, issuer_url, client_ids, now)


def _number(claims: Mapping[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Errors.OIDC_TOKEN_INVALID(problem=f"The claim {name} must be a number")
    return float(value)


def _check_claims(claims: Mapping[str, Any], issuer_url: str, client_ids: list[str], now: float) -> OidcClaims:
    issuer = claims.get("iss")
    if issuer != issuer_url:
        raise Errors.OIDC_TOKEN_INVALID(problem=f"The issuer {json.dumps(issuer)} is not the provider's IssuerUrl")
    expires = _number(claims, "exp")
    if expires is None:
        raise Errors.OIDC_TOKEN_INVALID(problem="The claim exp is required")
    if now >= expires + _CLOCK_SKEW_SECONDS:
        raise Errors.OIDC_EXPIRED()
    not_before = _number(claims, "nbf")
    if not_before is not None and now < not_before - _CLOCK_SKEW_SECONDS:
        raise Errors.OIDC_TOKEN_INVALID(problem="The JsonWebToken is not valid yet (nbf)")
    audiences = claims.get("aud")
    listed = [audiences] if isinstance(audiences, str) else audiences if isinstance(audiences, list) else []
    matching = [item for item in listed if isinstance(item, str) and item in client_ids]
    if not matching:
        raise Errors.OIDC_AUDIENCE()
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise Errors.OIDC_TOKEN_INVALID(problem="The claim sub is required")
    return OidcClaims(str(issuer), matching[0], subject)
