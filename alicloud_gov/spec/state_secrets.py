"""Secret values in a Pulumi state export (``pulumi stack export``), opened where the export holds them.

Pulumi's state marks a secret with the key :data:`SECRET_SIG` (``{sig: ..., "ciphertext": ...}``); with
``--show-secrets`` the envelope holds ``"plaintext"`` instead: the value's JSON encoding (a string secret ``bob`` is
``"\\"bob\\""``), the form tests/unit/test_migrate.py and tests/unit/test_plan_cli.py read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

SECRET_SIG = "4dabf18193072939515e22adb298388d"
"""The key Pulumi's state marks a secret value with."""


def open_secrets(value: Any) -> Any:
    """``value`` with every secret envelope replaced by its decoded plaintext, or None where the export holds only
    ciphertext (or plaintext that is not JSON): unknown to the reader."""
    if isinstance(value, Mapping):
        if SECRET_SIG in value:
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
