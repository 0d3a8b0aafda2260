"""Opening Pulumi's secret envelopes in a state export (alicloud_gov.spec.state_secrets)."""

from __future__ import annotations

from pulumi.runtime import rpc

from alicloud_gov.spec.state_secrets import SECRET_SIG, SIG_KEY, open_secrets


def test_the_signatures_are_the_pulumi_sdks() -> None:
    assert (rpc._special_sig_key, rpc._special_secret_sig) == (SIG_KEY, SECRET_SIG)


def test_a_secret_opens_to_its_decoded_plaintext_or_none() -> None:
    shown = {SIG_KEY: SECRET_SIG, "plaintext": '{"a": [1]}'}
    hidden = {SIG_KEY: SECRET_SIG, "ciphertext": "v1:abc"}
    broken = {SIG_KEY: SECRET_SIG, "plaintext": "not json"}
    assert open_secrets({"x": shown, "y": [hidden], "z": broken}) == {"x": {"a": [1]}, "y": [None], "z": None}


def test_a_signed_value_that_is_not_a_secret_is_kept() -> None:
    """A resource reference (or asset) carries the same key with another signature; before, it read as None."""
    reference = {SIG_KEY: rpc._special_resource_sig, "urn": "urn:pulumi:dev::p::t::r", "id": "r-1"}
    assert open_secrets({"ref": reference}) == {"ref": reference}
