"""The checks' shared analyses and memos: action entries resolved once per catalogue, per-document views,
remembered condition value readings."""

from __future__ import annotations

import pytest

from alicloud_gov.policy.catalog import ActionInfo, Catalog, load_catalog
from alicloud_gov.policy.catalog.model import ServiceInfo
from alicloud_gov.policy.checks import context
from alicloud_gov.policy.checks.conditions import value_problem
from alicloud_gov.policy.checks.context import ActionStatus, CheckContext, resolve_action
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.model import JsonNode, Kind
from alicloud_gov.policy.parse import parse_policy

DOCUMENT = """{"Version": "1", "Statement": [
  {"Effect": "Allow", "Action": ["vpc:CreateVpc", "ecs:RunInstances", "vpc:CreateVpc"], "Resource": "*"},
  {"Effect": "Deny", "NotAction": "vpc:CreateVpc", "Resource": "*"}]}"""


def tiny_catalog() -> Catalog:
    """A catalogue that knows only vpc:CreateVpc."""
    action = ActionInfo("vpc", "CreateVpc", "Write", (), (), True, "test")
    return Catalog([action], [], [], [ServiceInfo("vpc", "VPC", False, ("test",))])


def context_of(text: str, catalog: Catalog) -> CheckContext:
    return CheckContext(parse_policy(text), "identity", "account", CheckConfig(), catalog)


def test_each_catalogue_has_its_own_resolutions() -> None:
    full, tiny = load_catalog(), tiny_catalog()
    assert resolve_action(full, "ecs:RunInstances")[2] == ActionStatus.OK
    assert resolve_action(tiny, "ecs:RunInstances")[2] == ActionStatus.UNKNOWN_SERVICE
    assert resolve_action(full, "ecs:RunInstances")[2] == ActionStatus.OK  # the tiny catalogue's answer stayed its own
    (info,) = resolve_action(tiny, "vpc:CreateVpc")[3]
    assert info.source == "test"


def test_a_repeated_text_resolves_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = context._resolve

    def counting(catalog: Catalog, text: str) -> context.Resolution:
        calls.append(text)
        return real(catalog, text)

    monkeypatch.setattr(context, "_resolve", counting)
    catalog = tiny_catalog()
    refs = context_of(DOCUMENT, catalog).action_refs
    refs_again = context_of(DOCUMENT, catalog).action_refs
    assert sorted(calls) == ["ecs:RunInstances", "vpc:CreateVpc"]
    assert refs == refs_again
    assert [(r.statement.index, r.element, r.text, r.status) for r in refs] == [
        (0, "Action", "vpc:CreateVpc", ActionStatus.OK),
        (0, "Action", "ecs:RunInstances", ActionStatus.UNKNOWN_SERVICE),
        (0, "Action", "vpc:CreateVpc", ActionStatus.OK),
        (1, "NotAction", "vpc:CreateVpc", ActionStatus.OK),
    ]


def test_the_memo_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context, "_RESOLUTION_LIMIT", 2)
    catalog = tiny_catalog()
    for text in ("vpc:A", "vpc:B", "vpc:C"):
        resolve_action(catalog, text)
    assert list(context._resolutions(catalog)) == ["vpc:C"]


def test_a_long_text_is_resolved_but_not_remembered() -> None:
    catalog = tiny_catalog()
    long_text = "vpc:" + "A" * 300
    assert resolve_action(catalog, long_text)[2] == ActionStatus.UNKNOWN_ACTION
    assert long_text not in context._resolutions(catalog)


def test_remembered_value_readings_tell_true_from_one() -> None:
    true, one = JsonNode(Kind.BOOL, "$", scalar=True), JsonNode(Kind.NUMBER, "$", scalar=1)
    for _ in range(2):  # the second round reads from the memo
        assert value_problem("Numeric", one) is None
        assert value_problem("Numeric", true) == "a boolean is not a number"
    assert value_problem("IPAddress", JsonNode(Kind.STRING, "$", scalar="10.0.0." + "1" * 300)) is not None


def test_refs_are_indexed_and_statuses_listed() -> None:
    ctx = context_of(DOCUMENT, tiny_catalog())
    first, second = ctx.statements
    assert [r.text for r in ctx.refs_of(first)] == ["vpc:CreateVpc", "ecs:RunInstances", "vpc:CreateVpc"]
    assert ctx.refs_of(second) == [] and [r.element for r in ctx.refs_of(second, "NotAction")] == ["NotAction"]
    assert ctx.action_statuses == {ActionStatus.OK, ActionStatus.UNKNOWN_SERVICE}
    with pytest.raises(AttributeError):
        first_ref = ctx.action_refs[0]
        first_ref.status = ActionStatus.ANY  # type: ignore[misc]


def test_a_shared_view_is_computed_once_per_document() -> None:
    calls: list[CheckContext] = []

    def view(ctx: CheckContext) -> int:
        calls.append(ctx)
        return len(ctx.statements)

    ctx, other = context_of(DOCUMENT, tiny_catalog()), context_of(DOCUMENT, tiny_catalog())
    assert ctx.shared(view) == ctx.shared(view) == other.shared(view) == 2
    assert len(calls) == 2 and calls[0] is ctx and calls[1] is other


def test_statement_elements_are_the_statements_element_values() -> None:
    text = (
        '{"Version": "1", "Statement": [{"Sid": "a", "Effect": "Allow", "Action": "x:Y", "Action": "vpc:CreateVpc"}]}'
    )
    ctx = context_of(text, tiny_catalog())
    (elements,) = ctx.statement_elements
    statement = ctx.statements[0]
    assert elements.statement is statement
    assert elements.action is statement.element("Action") and elements.action.text == "vpc:CreateVpc"
    assert (elements.sid.text, elements.effect.text) == ("a", "Allow")
    assert elements.resource is elements.not_action is elements.principal is elements.condition is None
    assert ctx.statement_elements is ctx.statement_elements
