"""Structural checks: the document has the policy language's shape (elements, types, required parts)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from alicloud_gov.policy.checks.context import CheckContext, StatementElements
from alicloud_gov.policy.checks.registry import Hit, check, register_external
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import POLICY_ELEMENTS, STATEMENT_ELEMENTS, JsonNode, Kind
from alicloud_gov.policy.parse import MAX_ANALYSED_VALUES
from alicloud_gov.spec.names import MAX_POLICY_DOCUMENT_LENGTH as IDENTITY_POLICY_QUOTA
from alicloud_gov.spec.names import MAX_SESSION_POLICY_LENGTH as SESSION_POLICY_QUOTA

LIST_ELEMENTS = ("Action", "NotAction", "Resource", "NotResource")
# Kind's members as module constants: looking up ``Kind.X`` costs several times a global in the loops below.
_ARRAY = Kind.ARRAY
_NULL = Kind.NULL
_OBJECT = Kind.OBJECT
_STRING = Kind.STRING
_CONTAINERS = (_OBJECT, _ARRAY)
_NOT_VALUES = (_OBJECT, _ARRAY, _NULL)  # what a condition value may not be
_KIND_NAMES = {kind: f"a {kind.value}" for kind in Kind} | {
    _OBJECT: "an object",
    _ARRAY: "an array",
    _NULL: "null",
}

register_external(
    "JSON_SYNTAX_ERROR",
    Severity.ERROR,
    "The document is not valid JSON",
    "The text cannot be read as JSON (RFC 8259: double-quoted strings and keys, no trailing commas, no comments). "
    "The finding points at the first offending character.",
)


def _root_object(ctx: CheckContext) -> JsonNode | None:
    root = ctx.policy.root
    return root if root is not None and root.kind is _OBJECT else None


def _kind_name(node: JsonNode) -> str:
    return _KIND_NAMES[node.kind]


@check("MISSING_VERSION", Severity.ERROR, "The policy has no Version")
def missing_version(ctx: CheckContext) -> Iterator[Hit]:
    """A policy document must state ``"Version": "1"``, the only version of the RAM policy language."""
    root = _root_object(ctx)
    if root is not None and root.get("Version") is None:
        yield Hit('The policy has no "Version" element.', root, 'Add "Version": "1".')


@check("INVALID_VERSION", Severity.ERROR, "The policy Version is not 1")
def invalid_version(ctx: CheckContext) -> Iterator[Hit]:
    """``Version`` must be the string ``"1"``; RAM knows no other policy language version."""
    version = ctx.policy.version
    if version is not None and version.is_string and version.text != "1":
        yield Hit(f'Version "{version.text}" is not valid; the only policy version is "1".', version, 'Use "1".')


@check("MISSING_STATEMENT", Severity.ERROR, "The policy has no Statement")
def missing_statement(ctx: CheckContext) -> Iterator[Hit]:
    """A policy document needs a ``Statement`` element (one statement object or a list of them)."""
    root = _root_object(ctx)
    if root is not None and root.get("Statement") is None:
        yield Hit('The policy has no "Statement" element.', root, 'Add "Statement": [{"Effect": ..., ...}].')


_ELEMENT_NAMES: dict[tuple[str, ...], frozenset[str]] = {
    allowed: frozenset(allowed) for allowed in (POLICY_ELEMENTS, STATEMENT_ELEMENTS)
}
_ELEMENTS_BY_LOWER: dict[tuple[str, ...], dict[str, str]] = {
    allowed: {name.lower(): name for name in allowed} for allowed in _ELEMENT_NAMES
}


def _unknown_keys(node: JsonNode, allowed: tuple[str, ...], where: str) -> Iterator[Hit]:
    names = _ELEMENT_NAMES[allowed]
    if all(member.key in names for member in node.members):
        return
    by_lower = _ELEMENTS_BY_LOWER[allowed]
    for member in node.members:
        if member.key in names:
            continue
        proper = by_lower.get(member.key.lower())
        hint = f'Element names are case-sensitive: write "{proper}".' if proper else f"Use only {', '.join(allowed)}."
        yield Hit(
            f'"{member.key}" is not a valid element of {where}.',
            member.value,
            hint,
            key_position=(member.key_line, member.key_column),
        )


@check("INVALID_POLICY_ELEMENT", Severity.ERROR, "An element the policy language does not have")
def invalid_policy_element(ctx: CheckContext) -> Iterator[Hit]:
    """The document is not a JSON object, or it (or a statement) has an element the RAM policy language does not
    define, such as a misspelt or wrongly capitalised name (``"action"``), or ``NotPrincipal``; or a key appears
    twice in one object (only the last would count)."""
    root = ctx.policy.root
    if root is None:
        return
    if root.kind is not _OBJECT:
        yield Hit(f"A policy must be a JSON object, not {_kind_name(root)}.", root, '{"Version": "1", "Statement": []}')
        return
    yield from _unknown_keys(root, POLICY_ELEMENTS, "a policy")
    names = _ELEMENT_NAMES[STATEMENT_ELEMENTS]
    for statement in ctx.statements:
        for member in statement.node.members:
            if member.key not in names:
                yield from _unknown_keys(statement.node, STATEMENT_ELEMENTS, "a statement")
                break
    yield from _repeated_keys(root)


def _repeated_keys(root: JsonNode) -> Iterator[Hit]:
    """Keys that appear twice in one object: JSON readers keep only the last, silently dropping the first.

    Objects in the order of a depth-first walk of the tree; only non-empty objects and arrays are visited.
    """
    stack = [root]
    while stack:
        node = stack.pop()
        members = node.members
        if not members:
            stack.extend([e for e in reversed(node.elements) if e.members or e.elements])
            continue
        stack.extend([m.value for m in reversed(members) if m.value.members or m.value.elements])
        if len(members) == 1 or len({member.key for member in members}) == len(members):
            continue
        seen: set[str] = set()
        for member in members:
            if member.key in seen:
                yield Hit(
                    f'"{member.key}" appears more than once in the same object; only the last one counts.',
                    member.value,
                    "Merge the values into one element.",
                    key_position=(member.key_line, member.key_column),
                )
            seen.add(member.key)


@check("MISSING_EFFECT", Severity.ERROR, "A statement has no Effect")
def missing_effect(ctx: CheckContext) -> Iterator[Hit]:
    """Every statement needs ``"Effect": "Allow"`` or ``"Effect": "Deny"``."""
    for elements in ctx.statement_elements:
        if elements.effect is None:
            statement = elements.statement
            yield Hit(f"Statement {statement.index} has no Effect.", statement.node, 'Add "Effect": "Allow" or "Deny".')


@check("INVALID_EFFECT", Severity.ERROR, "Effect is neither Allow nor Deny")
def invalid_effect(ctx: CheckContext) -> Iterator[Hit]:
    """``Effect`` must be exactly ``Allow`` or ``Deny`` (case-sensitive)."""
    for elements in ctx.statement_elements:
        effect = elements.effect
        if effect is not None and effect.is_string and effect.text not in ("Allow", "Deny"):
            proper = {"allow": "Allow", "deny": "Deny"}.get(effect.text.strip().lower())
            fix = f'Write "{proper}".' if proper else 'Use "Allow" or "Deny".'
            yield Hit(f'Effect "{effect.text}" is not valid; use "Allow" or "Deny".', effect, fix)


@check("MISSING_ACTION", Severity.ERROR, "A statement has neither Action nor NotAction")
def missing_action(ctx: CheckContext) -> Iterator[Hit]:
    """Every statement must name the actions it applies to with ``Action`` (or ``NotAction``)."""
    for elements in ctx.statement_elements:
        if elements.action is None and elements.not_action is None:
            statement = elements.statement
            yield Hit(
                f"Statement {statement.index} has no Action.", statement.node, 'Add "Action": ["<service>:<Api>"].'
            )


@check("MISSING_RESOURCE", Severity.ERROR, "An identity policy statement has neither Resource nor NotResource")
def missing_resource(ctx: CheckContext) -> Iterator[Hit]:
    """Statements of identity (custom and session) policies must name resources with ``Resource`` (ARNs or
    ``*``). Trust policies have no Resource: the role itself is the resource."""
    if ctx.is_trust:
        return
    for elements in ctx.statement_elements:
        if elements.resource is None and elements.not_resource is None:
            statement = elements.statement
            yield Hit(
                f"Statement {statement.index} has no Resource.",
                statement.node,
                'Add "Resource": "*" or the ARNs the actions apply to.',
            )


@check("UNSUPPORTED_ELEMENT_COMBINATION", Severity.ERROR, "Elements that cannot appear together")
def unsupported_element_combination(ctx: CheckContext) -> Iterator[Hit]:
    """A statement may have ``Action`` or ``NotAction`` but not both, ``Resource`` or ``NotResource`` but not both;
    a trust policy statement (one with ``Principal``) takes no ``Resource``/``NotResource``."""
    for elements in ctx.statement_elements:
        index = elements.statement.index
        if elements.action is not None and elements.not_action is not None:
            yield Hit(
                f"Statement {index} has both Action and NotAction.", elements.not_action, "Keep only one of Action."
            )
        if elements.resource is not None and elements.not_resource is not None:
            yield Hit(
                f"Statement {index} has both Resource and NotResource.",
                elements.not_resource,
                "Keep only one of Resource.",
            )
        if ctx.is_trust:
            for name, node in (("Resource", elements.resource), ("NotResource", elements.not_resource)):
                if node is not None:
                    yield Hit(
                        f"Statement {index} of a trust policy has {name}; the role is the only resource.",
                        node,
                        f"Remove {name}.",
                    )


def _list_elements(elements: StatementElements) -> tuple[JsonNode | None, ...]:
    """The values of a statement's :data:`LIST_ELEMENTS` (Action, NotAction, Resource, NotResource), in that order."""
    return (elements.action, elements.not_action, elements.resource, elements.not_resource)


def _type_problems(elements: StatementElements) -> Iterator[Hit]:
    if not _plain_well_typed(elements):
        yield from _plain_type_problems(elements)
    if elements.condition is not None:
        yield from _condition_type_problems(elements.condition)
    if elements.principal is not None:
        yield from _principal_type_problems(elements.principal)


def _plain_type_problems(elements: StatementElements) -> Iterator[Hit]:
    """Type problems of Sid, Effect and the list elements."""
    for name, node in (("Sid", elements.sid), ("Effect", elements.effect)):
        if node is not None and node.kind is not _STRING:
            yield Hit(f"{name} must be a string, not {_kind_name(node)}.", node)
    for name, node in zip(LIST_ELEMENTS, _list_elements(elements), strict=True):
        if node is None or node.kind is _STRING:
            continue
        if node.kind is not _ARRAY:
            yield Hit(f"{name} must be a string or an array of strings, not {_kind_name(node)}.", node)
            continue
        for entry in node.elements:
            if entry.kind is not _STRING:
                yield Hit(f"Entries of {name} must be strings, not {_kind_name(entry)}.", entry)


def _condition_type_problems(condition: JsonNode | None) -> Iterator[Hit]:
    if condition is None:
        return
    if condition.kind is not _OBJECT:
        yield Hit(f"Condition must be an object of operators, not {_kind_name(condition)}.", condition)
        return
    for operator in condition.members:
        block = operator.value
        if block.kind is not _OBJECT:
            yield Hit(
                f"The value of operator {operator.key} must be an object of keys, not {_kind_name(block)}.", block
            )
            continue
        for key in block.members:
            for value in key.value.items():
                if value.kind in _NOT_VALUES:
                    yield Hit(f"Condition values of {key.key} must be strings, numbers or booleans.", value)


def _principal_type_problems(principal: JsonNode | None) -> Iterator[Hit]:
    if principal is None or principal.is_string:
        return
    if principal.kind is not _OBJECT:
        yield Hit(f'Principal must be an object such as {{"RAM": [...]}}, not {_kind_name(principal)}.', principal)
        return
    for member in principal.members:
        kind = member.value.kind
        if kind is _STRING:
            continue
        if kind is not _ARRAY:
            yield Hit(f"Principal {member.key} must be a string or an array of strings.", member.value)
            continue
        for entry in member.value.elements:
            if entry.kind is not _STRING:
                yield Hit(f"Entries of Principal {member.key} must be strings, not {_kind_name(entry)}.", entry)


def _plain_well_typed(elements: StatementElements) -> bool:
    """True when :func:`_plain_type_problems` has nothing to report (the usual case: string Sid and Effect,
    Action/Resource strings or arrays of strings)."""
    for node in (elements.sid, elements.effect):
        if node is not None and node.kind is not _STRING:
            return False
    for node in _list_elements(elements):
        if node is not None and node.kind is not _STRING:
            if node.kind is not _ARRAY:
                return False
            for entry in node.elements:
                if entry.kind is not _STRING:
                    return False
    return True


@check("DATA_TYPE_MISMATCH", Severity.ERROR, "An element has the wrong JSON type")
def data_type_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    """An element's value has a JSON type the policy language does not allow: ``Version`` as a number,
    ``Statement`` entries that are not objects, ``Action``/``Resource`` entries that are not strings, a
    ``Condition`` that is not an object of operators, condition values that are objects or null."""
    version = ctx.policy.version
    if version is not None and not version.is_string:
        yield Hit(f'Version must be the string "1", not {_kind_name(version)}.', version, 'Write "Version": "1".')
    node = ctx.policy.statement_node
    if node is not None:
        if node.kind not in _CONTAINERS:
            yield Hit(f"Statement must be an object or an array of objects, not {_kind_name(node)}.", node)
        for entry in node.elements:
            if entry.kind is not _OBJECT:
                yield Hit(f"Each statement must be an object, not {_kind_name(entry)}.", entry)
    for elements in ctx.statement_elements:
        if elements.condition is None and elements.principal is None:
            if not _plain_well_typed(elements):
                yield from _plain_type_problems(elements)
        else:
            yield from _type_problems(elements)


@check("EMPTY_ARRAY", Severity.SUGGESTION, "An empty array where values are expected")
def empty_array(ctx: CheckContext) -> Iterator[Hit]:
    """An empty ``Statement``, ``Action``, ``Resource``, ``Principal`` or condition value array matches nothing:
    the statement (or the whole policy) has no effect. Remove it or fill it in."""
    node = ctx.policy.statement_node
    if node is not None and node.kind is _ARRAY and not node.elements and not ctx.policy.is_partial(node.path):
        yield Hit("Statement is an empty array: the policy grants and denies nothing.", node)
    for elements in ctx.statement_elements:
        for position, value in enumerate(_list_elements(elements)):
            if value is not None and value.kind is _ARRAY and not value.elements:
                name = LIST_ELEMENTS[position]
                yield Hit(f"{name} is an empty array: statement {elements.statement.index} matches nothing.", value)
        principal = elements.principal
        if principal is not None:
            for member in principal.members:
                if member.value.kind is _ARRAY and not member.value.elements:
                    yield Hit(f"Principal {member.key} is an empty array.", member.value)
        condition = elements.condition
        if condition is not None:
            for operator in condition.members:
                for key in operator.value.members:
                    if key.value.kind is _ARRAY and not key.value.elements:
                        yield Hit(f"Condition {operator.key} {key.key} has no values: it never holds.", key.value)


def compact_length(ctx: CheckContext) -> int:
    """Length in characters of the document as compact JSON (what the provider sends to RAM); of the analysed part
    only when the document was truncated (then the whole is longer)."""
    root = ctx.policy.root
    if root is None:
        return 0
    return len(json.dumps(root.to_python(), separators=(",", ":"), ensure_ascii=False))


@check("POLICY_SIZE_EXCEEDS_QUOTA", Severity.ERROR, "The policy document is longer than RAM accepts")
def policy_size_exceeds_quota(ctx: CheckContext) -> Iterator[Hit]:
    """A custom policy document may hold at most 6,144 characters (RAM limits page: "The number of characters that
    a custom policy can contain"; a session policy passed to AssumeRole 2,048), counted on the compact JSON the
    provider sends. Split the policy or use wildcards."""
    quota = SESSION_POLICY_QUOTA if ctx.policy_type == "session" else IDENTITY_POLICY_QUOTA
    text = ctx.policy.text
    if text is not None and len(text) <= quota // 2:
        return  # compacting never more than doubles a document's length
    length = compact_length(ctx)
    if length > quota:
        size = f"at least {length}" if ctx.policy.truncated_at is not None else str(length)
        yield Hit(
            f"The policy is {size} characters as compact JSON; the quota is {quota}.",
            ctx.policy.root,
            "Split it into several policies, or replace long action lists by wildcards.",
        )


@check("ANALYSIS_TRUNCATED", Severity.ERROR, "The document is too large to analyse in full")
def analysis_truncated(ctx: CheckContext) -> Iterator[Hit]:
    """The checker analyses a bounded number of JSON values per document, and compares entries for redundancy
    within a bounded number of steps (both far more than RAM's 6,144-character limit allows, so only a document
    RAM rejects anyway gets here). What lies beyond was read for its JSON syntax only: nothing is reported about
    it, so this error stands for it and the run fails rather than look clean. The finding points at the first
    value not analysed; a statement only partly read is not analysed either."""
    # Runs after every other check (this module registers last), so it sees what they left incomplete.
    cut = ctx.policy.truncated_at
    fix = f"Split the document: RAM accepts at most {IDENTITY_POLICY_QUOTA:,} characters per custom policy."
    if cut is not None:
        container = _deepest_before(ctx.policy.root, cut)
        yield Hit(
            f"The document holds more than {MAX_ANALYSED_VALUES:,} JSON values; from {cut[:200]} on it was read "
            "for JSON syntax only and not analysed.",
            JsonNode(_NULL, cut),
            fix,
            key_position=(container.line, container.column) if container is not None else None,
        )
    for note in ctx.incomplete:
        yield Hit(f"The document is too large to analyse in full: {note}.", ctx.policy.root, fix)


def _deepest_before(root: JsonNode | None, cut: str) -> JsonNode | None:
    """The deepest node of the tree whose path leads to ``cut`` (where the finding is placed)."""
    node, found = root, root
    while node is not None:
        found = node
        children = [m.value for m in node.members] + list(node.elements)
        node = next((c for c in reversed(children) if cut.startswith((c.path + ".", c.path + "["))), None)
    return found
