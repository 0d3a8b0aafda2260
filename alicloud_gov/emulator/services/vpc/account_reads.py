"""VPC's account-level read APIs of seed 000's complement, answered empty: the emulator models no access points,
zones, global router interfaces or prices, so each answers the shape of an account that has none.

Shapes follow the official SDK's response models (alibabacloud_vpc20160428 ``<Action>ResponseBody``); the APIs
the SDK has no model for answer the RequestId alone. GetPhysicalConnectionServiceStatus answers Enabled: the
emulator lets every account create VBRs. Each is authorised through RAM as ``vpc:<Action>`` on ``*`` in the
request's region (these actions have no resource-group support, seed 000), like every other handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alicloud_gov.emulator.registry import RequestContext, action
from alicloud_gov.emulator.services.vpc.backend import check_region
from alicloud_gov.emulator.services.vpc.responses import MAX_PAGE_SIZE, PRODUCT, VERSION
from alicloud_gov.emulator.services.wire import numbered_page, page_params

Body = Callable[[RequestContext], dict[str, Any]]


def _empty_page(collection: str, item: str) -> Body:
    def body(ctx: RequestContext) -> dict[str, Any]:
        page_number, page_size = page_params(ctx, maximum=MAX_PAGE_SIZE)
        return numbered_page(collection, item, [], page_number, page_size)

    return body


def _constant(value: dict[str, Any]) -> Body:
    return lambda _ctx: dict(value)


READS: dict[str, Body] = {
    "DescribeAccessPoints": _empty_page("AccessPointSet", "AccessPointType"),
    "DescribeZones": _constant({"Zones": {"Zone": []}}),
    "GetPhysicalConnectionServiceStatus": _constant({"Enabled": True}),
    "ListBusinessAccessPoints": _constant({"BusinessAccessPoints": []}),
    "ListBusinessRegions": _constant({"Count": 0, "GeographicSubRegions": []}),
    # no response model in the official SDK: the RequestId alone
    "DescribeRouterInterfacesForGlobal": _constant({}),
    "GetBusinessAccessPointDetail": _constant({}),
    "InnerVpcDescribeCrossBorderRouterInterface": _constant({}),
    "ListBusinessAccessPointPortUsage": _constant({}),
    "QueryPhysicalConnectionPrice": _constant({}),
}


def _register(name: str, body: Body) -> None:
    def handler(ctx: RequestContext) -> dict[str, Any]:
        region = ctx.params.get_str("RegionId")
        if region is not None:
            check_region(region)
        return body(ctx)

    handler.__name__ = handler.__qualname__ = f"vpc_{name}"
    handler.__doc__ = f"VPC {name}: the empty answer of an account with nothing to show."
    action(PRODUCT, VERSION, name, resource=lambda ctx: ctx.arn("vpc", "*"), read_only=True)(handler)


for _name, _body in READS.items():
    _register(_name, _body)
