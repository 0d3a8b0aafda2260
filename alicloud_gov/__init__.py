"""alicloud-gov: access governance for Alibaba Cloud as code, on Pulumi.

The program-side classes (resources and components) are imported lazily so that
``import alicloud_gov`` stays cheap for the command line and the provider plugin::

    import alicloud_gov as gov

    rg = gov.ResourceGroup("net", name="net-prod")
    gov.ResourceGroupAccess("net-ops", resource_group_id=rg.resource_group_id, principal_type="user",
                            principal_name="alice", system_policies=["AliyunExpressConnectFullAccess"])

Type checkers see the real classes (the imports below); at run time :func:`__getattr__` loads them on
first use. The public names are the ``__all__`` of :mod:`alicloud_gov.resources`,
:mod:`alicloud_gov.components` and :mod:`alicloud_gov.functions` (the lookups): the one export list.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTING_MODULES = ("alicloud_gov.resources", "alicloud_gov.components", "alicloud_gov.functions")
"""Where the public names live, searched in order on first use."""

if TYPE_CHECKING:
    from alicloud_gov.components import *  # noqa: F403
    from alicloud_gov.functions import *  # noqa: F403
    from alicloud_gov.resources import *  # noqa: F403
else:

    def __getattr__(name: str) -> Any:
        """Resolve a resource or component class, or a lookup, on first use."""
        if not name.startswith("_"):
            for module_name in _EXPORTING_MODULES:
                module = importlib.import_module(module_name)
                if name in module.__all__:
                    value = getattr(module, name)
                    globals()[name] = value
                    return value
        raise AttributeError(f"module 'alicloud_gov' has no attribute {name!r}")
