"""The diff engine: normalised property diffs, update versus replace, document explanations."""

from alicloud_gov.plan.diff import (
    UNKNOWN,
    DiffResult,
    PropertyChange,
    PropertySpec,
    ResourceSchema,
    contains_unknown,
    diff_properties,
    normalize_value,
    resource_schema,
    values_equal,
)
from alicloud_gov.plan.explain import DocumentChange, explain_policy_change

__all__ = [
    "UNKNOWN",
    "DiffResult",
    "DocumentChange",
    "PropertyChange",
    "PropertySpec",
    "ResourceSchema",
    "contains_unknown",
    "diff_properties",
    "explain_policy_change",
    "normalize_value",
    "resource_schema",
    "values_equal",
]
