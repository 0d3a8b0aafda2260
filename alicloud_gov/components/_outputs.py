"""Component outputs that resolve only once the component's children exist."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import pulumi

T = TypeVar("T")


def once_created(children: Sequence[pulumi.Resource], value: pulumi.Input[T]) -> pulumi.Output[T]:
    """``value`` as an Output that waits for every child, so dependants see what exists, not what is declared."""
    ready: pulumi.Output[Any] = pulumi.Output.all(*(child.urn for child in children))
    return ready.apply(lambda _: pulumi.Output.from_input(value))
