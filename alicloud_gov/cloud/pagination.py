"""List calls across pages, for the three protocols Alibaba Cloud uses.

- ``marker`` (RAM): send ``MaxItems`` and the previous ``Marker``; stop when ``IsTruncated`` is false.
- ``page`` (ResourceManager, VPC): send ``PageNumber``/``PageSize``; stop on a short or empty page or once
  ``TotalCount`` items were seen.
- ``token`` (ExpressConnectRouter): send ``MaxResults`` and the previous ``NextToken``; stop when none comes back.

``items`` is a dotted path into the body (``"Users.User"``, ``"ResourceGroups.ResourceGroup"``,
``"EcrGrantedInstanceList"``); a missing path is an empty page, and a single object where a list is
expected (XML-shaped JSON) counts as a one-item list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

__all__ = ["extract_items", "paginate"]

Caller = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]

#: Safety stop: a service that keeps returning the same marker would otherwise loop forever.
MAX_PAGES = 10_000


def extract_items(body: Mapping[str, Any], path: str) -> list[Any]:
    """The list at dotted ``path`` in ``body`` (``[]`` when absent; a lone object becomes ``[obj]``)."""
    node: Any = body
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return []
        node = node[key]
    if node is None:
        return []
    return list(node) if isinstance(node, list) else [node]


def paginate(
    call: Caller,
    action: str,
    params: Mapping[str, Any] | None,
    *,
    items: str,
    style: Literal["marker", "page", "token"],
    page_size: int,
) -> Iterator[Any]:
    """Yield every item of a list API, calling ``call(action, params)`` once per page, lazily."""
    base = dict(params or {})
    if style == "marker":
        yield from _by_marker(call, action, base, items, page_size)
    elif style == "page":
        yield from _by_page(call, action, base, items, page_size)
    else:
        yield from _by_token(call, action, base, items, page_size)


def _by_marker(call: Caller, action: str, base: dict[str, Any], items: str, size: int) -> Iterator[Any]:
    marker: str | None = base.pop("Marker", None)
    for _ in range(MAX_PAGES):
        page = {**base, "MaxItems": base.get("MaxItems", size)}
        if marker:
            page["Marker"] = marker
        body = call(action, page)
        yield from extract_items(body, items)
        next_marker = body.get("Marker")
        if not _truthy(body.get("IsTruncated")) or not next_marker or next_marker == marker:
            return
        marker = str(next_marker)


def _by_page(call: Caller, action: str, base: dict[str, Any], items: str, size: int) -> Iterator[Any]:
    number = int(base.pop("PageNumber", 1))
    size = int(base.pop("PageSize", size))
    seen = 0
    for _ in range(MAX_PAGES):
        body = call(action, {**base, "PageNumber": number, "PageSize": size})
        page = extract_items(body, items)
        yield from page
        seen += len(page)
        total = body.get("TotalCount")
        if not page or len(page) < size or (total is not None and seen >= int(total)):
            return
        number += 1


def _by_token(call: Caller, action: str, base: dict[str, Any], items: str, size: int) -> Iterator[Any]:
    token: str | None = base.pop("NextToken", None)
    for _ in range(MAX_PAGES):
        page = {**base, "MaxResults": base.get("MaxResults", size)}
        if token:
            page["NextToken"] = token
        body = call(action, page)
        yield from extract_items(body, items)
        next_token = body.get("NextToken")
        if not next_token or next_token == token:
            return
        token = str(next_token)


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")
