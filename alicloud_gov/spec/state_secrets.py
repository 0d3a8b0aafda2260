"""Secret values in a Pulumi state export (``pulumi stack export``), opened where the export holds them.

Pulumi marks its special values (secrets, assets, archives, resource references) with the key :data:`SIG_KEY`;
a secret is the one whose key holds :data:`SECRET_SIG` (``{SIG_KEY: SECRET_SIG, "ciphertext": ...}``). With
``--show-secrets`` the envelope holds ``"plaintext"`` instead: the value's JSON encoding (a string secret ``bob`` is
``"\\"bob\\""``), the form tests/unit/test_migrate.py and tests/unit/test_plan_cli.py read. Both signatures are
the Pulumi SDK's own (its rpc module's private constants, which only :mod:`alicloud_gov.pulumi_internals` may
touch), restated here so that reading a state file does not import the SDK; tests/unit/test_state_secrets.py holds
them equal.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

SIG_KEY = "4dabf18193072939515e22adb298388d"
"""The key Pulumi marks a special value (secret, asset, archive, resource reference) with."""
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
"""The :data:`SIG_KEY` value that makes the mapping a secret."""


def open_secrets(value: Any) -> Any:
    """``value`` with every secret envelope replaced by its decoded plaintext, or None where the export holds only
    ciphertext (or plaintext that is not JSON): unknown to the reader. Other signed values are kept as they are."""
    if isinstance(value, Mapping):
        if value.get(SIG_KEY) == SECRET_SIG:
            plaintext = value.get("plaintext")
            if not isinstance(plaintext, str):
                return None
            try:
                return open_secrets(json.loads(plaintext))
            except ValueError:
                return None
        return {str(key): open_secrets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [open_secrets(item) for item in value]
    return value
