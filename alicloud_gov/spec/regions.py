"""The public Alibaba Cloud region ids, and a did-you-mean for a misspelled one.

Source: terraform-provider-alicloud, ``alicloud/connectivity/regions.go`` (``ValidRegions``, the list its
provider checks a configured region against unless ``skip_region_validation`` is set), as of its
2026-08 main branch. A region that opened later is accepted with the provider setting
``skipRegionValidation`` (or ``ALICLOUD_SKIP_REGION_VALIDATION=true``), as in Terraform.
"""

from __future__ import annotations

import difflib

REGIONS: frozenset[str] = frozenset(
    {
        # mainland China
        "cn-hangzhou",
        "cn-qingdao",
        "cn-beijing",
        "cn-shenzhen",
        "cn-hongkong",
        "cn-shanghai",
        "cn-zhangjiakou",
        "cn-huhehaote",
        "cn-chengdu",
        "cn-heyuan",
        "cn-wulanchabu",
        "cn-guangzhou",
        "cn-nanjing",
        "cn-fuzhou",
        "cn-zhongwei",
        # Americas
        "us-west-1",
        "us-east-1",
        "us-southeast-1",
        "na-south-1",
        # Asia Pacific
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ap-southeast-8",
        "ap-south-1",
        # Middle East and Europe
        "me-east-1",
        "me-central-1",
        "eu-central-1",
        "eu-west-1",
        "rus-west-1",
        # government and finance clouds
        "cn-north-2-gov-1",
        "cn-shenzhen-finance-1",
        "cn-szfinance",
        "cn-shenzhen-finance",
        "cn-shanghai-finance-1-pub",
        "cn-shanghai-finance-1",
        "cn-hangzhou-finance",
        "cn-hzfinance",
        "cn-hzjbp",
        "cn-beijing-finance-1",
        "cn-beijing-finance-1-pub",
    }
)
"""Every region id the provider accepts without ``skipRegionValidation``."""


def is_known_region(region: str) -> bool:
    """Whether ``region`` is one of :data:`REGIONS`."""
    return region in REGIONS


def closest_regions(region: str, limit: int = 3) -> list[str]:
    """Known region ids that look like ``region`` (a typo's likely intent), best first; may be empty."""
    return difflib.get_close_matches(region.strip().lower(), sorted(REGIONS), n=limit, cutoff=0.7)


def unknown_region_message(region: str) -> str:
    """Why ``region`` is refused, with a did-you-mean when a known id is close."""
    close = closest_regions(region, limit=1)
    hint = f"did you mean {close[0]!r}?" if close else "e.g. 'cn-hangzhou'"
    return f"{region!r} is not a known Alibaba Cloud region ({hint})"
