"""What a component can know at preview about the account a provider stands for."""

from __future__ import annotations

import pulumi


def known_account(provider: pulumi.ProviderResource | None) -> str | None:
    """The account an alicloud-gov Provider was given as plain text, else None (another package's provider, or
    an account known only after apply: the component then leaves the judgement to check and the policy pack)."""
    account = getattr(provider, "account_id_at_preview", None)
    return account if isinstance(account, str) else None


def account_mismatch(
    component: str,
    resource_name: str,
    field: str,
    uid: str,
    provider_field: str,
    provider: pulumi.ProviderResource | None,
) -> str | None:
    """The error text when ``uid`` (the component's ``field``) is not the account of its ``provider_field``."""
    account = known_account(provider)
    if account is None or account == uid:
        return None
    return (
        f"{component} '{resource_name}' field '{field}': {uid} is not the account of '{provider_field}', "
        f"which is account {account}; give the same account to both (a typo here fails only at apply)"
    )
