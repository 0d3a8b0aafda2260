"""Component resources that compose the provider's resources into the seed scenarios.

- :class:`ResourceGroupAccess` (seed 000): policies at a resource group's scope plus the account-level complement.
- :class:`CrossAccountAccess` (seed 001): a role trusted by a partner account, and the partner's side.
- :class:`EcrCrossAccountLink` (seed 003): a VPC/VBR owner's grant and the ECR owner's association.
- :class:`EnvironmentBaseline`: a resource group per environment with group-based access tiers.
"""

from alicloud_gov.components.cross_account_access import CrossAccountAccess, CrossAccountAccessArgs
from alicloud_gov.components.ecr_link import EcrCrossAccountLink, EcrCrossAccountLinkArgs
from alicloud_gov.components.environment_baseline import EnvironmentBaseline, EnvironmentBaselineArgs
from alicloud_gov.components.resource_group_access import ResourceGroupAccess, ResourceGroupAccessArgs

__all__ = [
    "CrossAccountAccess",
    "CrossAccountAccessArgs",
    "EcrCrossAccountLink",
    "EcrCrossAccountLinkArgs",
    "EnvironmentBaseline",
    "EnvironmentBaselineArgs",
    "ResourceGroupAccess",
    "ResourceGroupAccessArgs",
]
