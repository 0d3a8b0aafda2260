"""ExpressConnectRouter's account-level read APIs of seed 000's complement.

ListExpressConnectRouterSupportedRegion answers the emulator's regions (SupportedRegionIdList, the official SDK's
response model alibabacloud_expressconnectrouter20230901 ``ListExpressConnectRouterSupportedRegionResponseBody``).
The carrier cloud link, line provider, partner and VPC-association lookups have no response model in the SDK
(2023-09-01): they answer the ECR envelope alone, as for an account with none. Each is authorised through RAM as
``expressconnectrouter:<Action>`` on ``*`` (these actions have no resource-group support, seed 000).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alicloud_gov.emulator.registry import RequestContext, action
from alicloud_gov.emulator.services.ecr.responses import PRODUCT, VERSION, ecr_envelope
from alicloud_gov.emulator.services.resourcemanager.backend import REGIONS

Body = Callable[[RequestContext], dict[str, Any]]


def _envelope_only(_ctx: RequestContext) -> dict[str, Any]:
    return {}


READS: dict[str, Body] = {
    "ListExpressConnectRouterSupportedRegion": lambda _ctx: {"SupportedRegionIdList": list(REGIONS)},
    "DescribeCarrierCloudLink": _envelope_only,
    "DescribeCarrierCloudLinks": _envelope_only,
    "DescribeLineProviders": _envelope_only,
    "DescribePartnerAccessPointRegions": _envelope_only,
    "DescribePartnerAccessPoints": _envelope_only,
    "DescribePartnerVendors": _envelope_only,
    "DescribeVpcRelatedAssociation": _envelope_only,
}


def _register(name: str, body: Body) -> None:
    def handler(ctx: RequestContext) -> dict[str, Any]:
        return body(ctx)

    handler.__name__ = handler.__qualname__ = f"ecr_{name}"
    handler.__doc__ = f"ExpressConnectRouter {name}: account-level read."
    resource = lambda ctx: ctx.arn("expressconnectrouter", "*")  # noqa: E731
    action(PRODUCT, VERSION, name, resource=resource, read_only=True)(ecr_envelope(handler))


for _name, _body in READS.items():
    _register(_name, _body)
