"""The Alibaba Cloud products we call: API version, endpoint per region, body style, pagination, ClientToken."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ECR", "PRODUCTS", "RAM", "RESOURCE_MANAGER", "STS", "VPC", "Product"]

#: Regions the VPC SDK sends to the central endpoint vpc.aliyuncs.com (others use vpc.<region>.aliyuncs.com).
_VPC_CENTRAL_REGIONS = frozenset(
    {
        "cn-hangzhou",
        "cn-shanghai-finance-1",
        "cn-shenzhen-finance-1",
        "cn-north-2-gov-1",
        "cn-beijing-gov-1",
        "cn-fujian",
        "cn-hangzhou-finance",
        "cn-wuhan",
        "cn-yushanfang",
        "cn-zhangbei",
    }
)


@dataclass(frozen=True)
class Product:
    """One RPC product.

    ``code`` is the RAM service code used in API names (``ram:CreateUser``); ``body`` says where parameters
    go (``query`` for most, ``form`` for ExpressConnectRouter); ``pagination`` names the list protocol
    (``marker``: Marker/MaxItems, ``page``: PageNumber/PageSize, ``token``: NextToken/MaxResults);
    ``client_token`` is whether its create-style calls accept an idempotency ``ClientToken``.
    """

    code: str
    version: str
    body: Literal["query", "form"]
    pagination: Literal["marker", "page", "token"]
    client_token: bool
    max_page_size: int

    def endpoint(self, region: str, *, regional_sts: bool = False) -> str:
        """The public endpoint host for ``region``."""
        if self.code == "ram":
            return "ram.aliyuncs.com"
        if self.code == "resourcemanager":
            return "resourcemanager.aliyuncs.com"
        if self.code == "sts":
            return f"sts.{region}.aliyuncs.com" if regional_sts else "sts.aliyuncs.com"
        if self.code == "vpc":
            return "vpc.aliyuncs.com" if region in _VPC_CENTRAL_REGIONS else f"vpc.{region}.aliyuncs.com"
        return f"{self.code}.{region}.aliyuncs.com"


RAM = Product("ram", "2015-05-01", "query", "marker", client_token=False, max_page_size=1000)
RESOURCE_MANAGER = Product("resourcemanager", "2020-03-31", "query", "page", client_token=False, max_page_size=100)
ECR = Product("expressconnectrouter", "2023-09-01", "form", "token", client_token=True, max_page_size=100)
VPC = Product("vpc", "2016-04-28", "query", "page", client_token=True, max_page_size=50)
STS = Product("sts", "2015-04-01", "query", "marker", client_token=False, max_page_size=100)

#: Products by code.
PRODUCTS: dict[str, Product] = {p.code: p for p in (RAM, RESOURCE_MANAGER, ECR, VPC, STS)}
