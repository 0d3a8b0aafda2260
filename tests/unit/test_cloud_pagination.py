"""Pagination: RAM markers, ResourceManager/VPC page numbers, ECR next tokens; item extraction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from alicloud_gov.cloud.pagination import extract_items, paginate

USERS = [{"UserName": f"u{i}"} for i in range(7)]


class Recorder:
    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.requests: list[dict[str, Any]] = []

    def __call__(self, action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
        self.requests.append(dict(params))
        return self.answer(dict(params))  # type: ignore[no-any-return,unused-ignore]


def test_extract_items_handles_xml_shaped_json() -> None:
    assert extract_items({"Users": {"User": [1, 2]}}, "Users.User") == [1, 2]
    assert extract_items({"Users": {"User": {"UserName": "a"}}}, "Users.User") == [{"UserName": "a"}]
    assert extract_items({"Users": {}}, "Users.User") == []
    assert extract_items({"EcrGrantedInstanceList": [3]}, "EcrGrantedInstanceList") == [3]
    assert extract_items({"Users": None}, "Users.User") == []


def test_marker_pagination() -> None:
    def answer(params: dict[str, Any]) -> dict[str, Any]:
        start = int(params.get("Marker", "0"))
        size = int(params["MaxItems"])
        page = USERS[start : start + size]
        more = start + size < len(USERS)
        return {"Users": {"User": page}, "IsTruncated": more, **({"Marker": str(start + size)} if more else {})}

    call = Recorder(answer)
    assert list(paginate(call, "ListUsers", {}, items="Users.User", style="marker", page_size=3)) == USERS
    assert call.requests == [{"MaxItems": 3}, {"MaxItems": 3, "Marker": "3"}, {"MaxItems": 3, "Marker": "6"}]


def test_marker_pagination_stops_on_a_repeated_marker() -> None:
    call = Recorder(lambda params: {"Users": {"User": [1]}, "IsTruncated": True, "Marker": "same"})
    assert list(paginate(call, "ListUsers", {}, items="Users.User", style="marker", page_size=1)) == [1, 1]


def test_page_number_pagination_uses_total_count() -> None:
    def answer(params: dict[str, Any]) -> dict[str, Any]:
        n, size = params["PageNumber"], params["PageSize"]
        page = USERS[(n - 1) * size : n * size]
        return {"ResourceGroups": {"ResourceGroup": page}, "TotalCount": len(USERS), "PageNumber": n}

    call = Recorder(answer)
    got = list(
        paginate(
            call,
            "ListResourceGroups",
            {"Status": "OK"},
            items="ResourceGroups.ResourceGroup",
            style="page",
            page_size=3,
        )
    )
    assert got == USERS
    assert [r["PageNumber"] for r in call.requests] == [1, 2, 3]
    assert all(r["Status"] == "OK" and r["PageSize"] == 3 for r in call.requests)


def test_page_number_pagination_stops_when_total_reached_on_a_full_page() -> None:
    call = Recorder(lambda p: {"Items": {"Item": [1, 2]}, "TotalCount": 4})
    assert list(paginate(call, "X", {}, items="Items.Item", style="page", page_size=2)) == [1, 2, 1, 2]
    assert len(call.requests) == 2


def test_token_pagination() -> None:
    def answer(params: dict[str, Any]) -> dict[str, Any]:
        start = int(params.get("NextToken", "0"))
        size = params["MaxResults"]
        end = start + size
        return {"EcrGrantedInstanceList": USERS[start:end], **({"NextToken": str(end)} if end < len(USERS) else {})}

    call = Recorder(answer)
    got = list(
        paginate(
            call,
            "DescribeInstanceGrantedToExpressConnectRouter",
            {"EcrId": "ecr-1"},
            items="EcrGrantedInstanceList",
            style="token",
            page_size=4,
        )
    )
    assert got == USERS
    assert call.requests == [{"EcrId": "ecr-1", "MaxResults": 4}, {"EcrId": "ecr-1", "MaxResults": 4, "NextToken": "4"}]


def test_pagination_is_lazy() -> None:
    pages: list[int] = []

    def answer(params: dict[str, Any]) -> dict[str, Any]:
        pages.append(1)
        return {"Users": {"User": [1, 2]}, "IsTruncated": True, "Marker": str(len(pages))}

    call = Recorder(answer)
    iterator = paginate(call, "ListUsers", {}, items="Users.User", style="marker", page_size=2)
    assert next(iterator) == 1
    assert len(call.requests) == 1


@given(total=st.integers(min_value=0, max_value=40), size=st.integers(min_value=1, max_value=9))
def test_every_style_yields_each_item_exactly_once(total: int, size: int) -> None:
    items = list(range(total))

    def marker(params: dict[str, Any]) -> dict[str, Any]:
        start = int(params.get("Marker", 0))
        end = start + params["MaxItems"]
        return {"L": {"I": items[start:end]}, "IsTruncated": end < total, "Marker": str(end)}

    def page(params: dict[str, Any]) -> dict[str, Any]:
        start = (params["PageNumber"] - 1) * params["PageSize"]
        return {"L": {"I": items[start : start + params["PageSize"]]}, "TotalCount": total}

    def token(params: dict[str, Any]) -> dict[str, Any]:
        start = int(params.get("NextToken", 0))
        end = start + params["MaxResults"]
        return {"L": {"I": items[start:end]}, "NextToken": str(end) if end < total else ""}

    for style, answer in (("marker", marker), ("page", page), ("token", token)):
        call = Recorder(answer)
        assert list(paginate(call, "List", {}, items="L.I", style=style, page_size=size)) == items  # type: ignore[arg-type]
        assert len(call.requests) <= total // size + 1
