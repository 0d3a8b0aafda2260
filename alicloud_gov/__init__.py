"""alicloud-gov: access governance for Alibaba Cloud as code, on Pulumi.

The program-side classes (resources and components) are imported lazily so that
``import alicloud_gov`` stays cheap for the command line and the provider plugin.
"""

from __future__ import annotations

__version__ = "0.1.0"
