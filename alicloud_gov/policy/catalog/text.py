"""Text matching for the catalogue: RAM wildcards, ARN templates, CamelCase words and spelling distance."""

from __future__ import annotations

import functools
import re

from alicloud_gov.policy.matching import Pattern

ARN_PARTS = 5  # acs:<service>:<region>:<account>:<relative-id>
CAMEL_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
"""One word of a CamelCase API name (``VSwitch`` -> ``V``, ``Switch``; ``IPv6`` -> ``IP``, ``v6``)."""


@functools.lru_cache(maxsize=4096)
def wildcard_pattern(pattern: str) -> Pattern:
    """The case-insensitive RAM wildcard ``pattern`` compiled once (the evaluator's linear-time matcher)."""
    return Pattern(pattern, case_sensitive=False)


def template_relative_prefix(template: str) -> tuple[str, str] | None:
    """(ARN service code, literal relative-id prefix) of an ARN template, or None when it has no literal prefix."""
    parts = template.split(":", ARN_PARTS - 1)
    if len(parts) != ARN_PARTS or parts[0] != "acs":
        return None
    relative = parts[4]
    cut = len(relative)
    for marker in ("{#", "*", "?"):
        index = relative.find(marker)
        if index != -1:
            cut = min(cut, index)
    prefix = relative[:cut]
    if not prefix:
        return None
    return parts[1].lower(), prefix.lower()


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap neighbours) to turn ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


_TEMPLATE_VARIABLE = re.compile(r"\{#[^}]*\}?")


@functools.lru_cache(maxsize=1024)
def arn_template_pattern(template: str) -> Pattern:
    """Matcher of concrete ARNs against an ARN template: ``{#Var}`` and ``*`` match any run, case ignored."""
    return Pattern(_TEMPLATE_VARIABLE.sub("*", template), case_sensitive=False)
