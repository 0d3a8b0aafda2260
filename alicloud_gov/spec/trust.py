"""Trust policies built from lists of trusted accounts, cloud services and SAML identity providers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alicloud_gov.spec.arns import trusted_principal

SAML_RECIPIENT = "https://signin.aliyun.com/saml-role/sso"


def build_trust_policy(
    accounts: Iterable[str] = (), services: Iterable[str] = (), federated: Iterable[str] = ()
) -> dict[str, Any]:
    """A trust policy letting the given accounts, services and SAML providers assume a role.

    An account is a UID (its root and every RAM identity it authorises) or a RAM principal ARN.
    """
    accounts, services, federated = list(accounts), list(services), list(federated)
    statements: list[dict[str, Any]] = []
    if accounts:
        principals = [trusted_principal(item) for item in accounts]
        statements.append({"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": sorted(principals)}})
    if services:
        statements.append({"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": sorted(services)}})
    if federated:
        statements.append(
            {
                "Action": "sts:AssumeRole",
                "Effect": "Allow",
                "Principal": {"Federated": sorted(federated)},
                "Condition": {"StringEquals": {"saml:recipient": SAML_RECIPIENT}},
            }
        )
    return {"Version": "1", "Statement": statements}
