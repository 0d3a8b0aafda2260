"""The diff engine: normalised property diffs, update versus replace, document explanations."""

from alicloud_gov.plan.diff import (
    DiffResult,
    PropertyChange,
    PropertySpec,
    ResourceSchema,
    diff_properties,
    normalize_value,
    resource_schema,
    values_equal,
)
from alicloud_gov.plan.explain import DocumentChange, explain_policy_change
from alicloud_gov.spec.unknown import UNKNOWN, contains_unknown

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
