"""alicloud-gov: access governance for Alibaba Cloud as code, on Pulumi.

The program-side classes (resources and components) are imported lazily so that
``import alicloud_gov`` stays cheap for the command line and the provider plugin::

    import alicloud_gov as gov

    rg = gov.ResourceGroup("net", name="net-prod")
    gov.ResourceGroupAccess("net-ops", resource_group_id=rg.resource_group_id, principal_type="user",
                            principal_name="alice", system_policies=["AliyunExpressConnectFullAccess"])
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
TYPE_PREFIX = "alicloud-gov:index:"
"""The prefix of every resource and component type token of the package (``alicloud-gov:index:RamRole``)."""


def __getattr__(name: str) -> Any:
    """Resolve a resource or component class on first use."""
    if name.startswith("__"):
        raise AttributeError(name)
    return importlib.import_module("alicloud_gov._lazy").load(name)
