"""The located policy model: JSON values that remember where they came from.

:func:`alicloud_gov.policy.parse.parse_policy` builds these from text (with line,
column and JSON path of every value) or from an already-decoded mapping (paths only).
Checks read the model and point their findings at the exact offending value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from alicloud_gov.policy.findings import Finding

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # matched with fullmatch: "$" would accept a final "\n"


class Kind(str, Enum):
    """The JSON type of a :class:`JsonNode`."""

    OBJECT = "object"
    ARRAY = "array"
    STRING = "string"
    NUMBER = "number"
    BOOL = "boolean"
    NULL = "null"


def child_path(parent: str, key: str | int) -> str:
    """JSON path of ``key`` under ``parent``: ``$.Statement[0]``, ``$.Condition['acs:SourceIp']``."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return parent + member_suffix(key)


_SUFFIXES: dict[str, str] = {}  # member_suffix's memo: policies repeat a few dozen keys thousands of times
SUFFIX_MEMO_SIZE = 4096  # the memo is emptied when it reaches this many keys
SUFFIX_MEMO_KEY_LENGTH = 128  # longer keys are not memoised (they are rare, and would hold memory)


def member_suffix(key: str) -> str:
    """What :func:`child_path` appends for object key ``key``: ``.Effect``, ``['acs:SourceIp']`` (memoised)."""
    suffix = _SUFFIXES.get(key)
    if suffix is None:
        if _IDENTIFIER.fullmatch(key):
            suffix = f".{key}"
        else:
            escaped = key.replace("\\", "\\\\").replace("'", "\\'")
            suffix = f"['{escaped}']"
        if len(key) <= SUFFIX_MEMO_KEY_LENGTH:
            if len(_SUFFIXES) >= SUFFIX_MEMO_SIZE:
                _SUFFIXES.clear()
            _SUFFIXES[key] = suffix
    return suffix


@dataclass(frozen=True, slots=True)
class Member:
    """One ``"key": value`` pair of a JSON object, with the key's own position."""

    key: str
    value: JsonNode
    key_line: int | None = None
    key_column: int | None = None


@dataclass(frozen=True, slots=True)
class JsonNode:
    """A JSON value with its position (1-based line/column; None when decoded from a mapping) and path."""

    kind: Kind
    path: str
    line: int | None = None
    column: int | None = None
    scalar: str | int | float | bool | None = None
    members: tuple[Member, ...] = ()
    elements: tuple[JsonNode, ...] = ()

    def get(self, key: str) -> JsonNode | None:
        """The value of ``key`` in an object (the last one if repeated); None if absent or not an object."""
        found: JsonNode | None = None
        for member in self.members:
            if member.key == key:
                found = member.value
        return found

    def member(self, key: str) -> Member | None:
        """The last member called ``key``, or None."""
        found: Member | None = None
        for member in self.members:
            if member.key == key:
                found = member
        return found

    @property
    def is_string(self) -> bool:
        """True for a JSON string."""
        return self.kind is Kind.STRING

    @property
    def text(self) -> str:
        """The string value ('' for non-strings)."""
        scalar = self.scalar
        return scalar if isinstance(scalar, str) else ""

    def to_python(self) -> Any:
        """The plain Python value (dict/list/str/int/float/bool/None)."""
        if self.kind is Kind.OBJECT:
            return {m.key: m.value.to_python() for m in self.members}
        if self.kind is Kind.ARRAY:
            return [e.to_python() for e in self.elements]
        return self.scalar

    def items(self) -> tuple[JsonNode, ...]:
        """A single value or an array as a tuple of nodes (the policy language's "one value = one-element list")."""
        if self.kind is Kind.ARRAY:
            return self.elements
        return (self,)

    def strings(self) -> list[JsonNode]:
        """The string nodes among :meth:`items` (others are a DATA_TYPE_MISMATCH, reported separately)."""
        if self.kind is Kind.ARRAY:
            return [node for node in self.elements if node.kind is Kind.STRING]
        return [self] if self.kind is Kind.STRING else []


# The parser makes tens of thousands of nodes per second. A frozen dataclass's __init__ sets each field through
# object.__setattr__; these two fill a new instance's slots through the slots' own setters instead (about 30% less
# per node, measured), giving the same immutable value: equal, hashable and printed as the dataclass's own.
_new_instance = object.__new__
_set_kind, _set_path, _set_line, _set_column, _set_scalar, _set_members, _set_elements = (
    JsonNode.__dict__[name].__set__ for name in ("kind", "path", "line", "column", "scalar", "members", "elements")
)
_set_key, _set_value, _set_key_line, _set_key_column = (
    Member.__dict__[name].__set__ for name in ("key", "value", "key_line", "key_column")
)


def make_node(
    kind: Kind,
    path: str,
    line: int | None,
    column: int | None,
    scalar: str | int | float | bool | None,
    members: tuple[Member, ...],
    elements: tuple[JsonNode, ...],
) -> JsonNode:
    """``JsonNode(kind, path, line, column, scalar, members, elements)``, built more cheaply (for the parser)."""
    node: JsonNode = _new_instance(JsonNode)
    _set_kind(node, kind)
    _set_path(node, path)
    _set_line(node, line)
    _set_column(node, column)
    _set_scalar(node, scalar)
    _set_members(node, members)
    _set_elements(node, elements)
    return node


def make_member(key: str, value: JsonNode, key_line: int | None, key_column: int | None) -> Member:
    """``Member(key, value, key_line, key_column)``, built more cheaply (for the parser)."""
    member: Member = _new_instance(Member)
    _set_key(member, key)
    _set_value(member, value)
    _set_key_line(member, key_line)
    _set_key_column(member, key_column)
    return member


# Elements of a statement, by their exact (case-sensitive) names.
STATEMENT_ELEMENTS = ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "Condition")
POLICY_ELEMENTS = ("Version", "Statement")


@dataclass(frozen=True)
class Statement:
    """One statement of a policy (an object under ``Statement``).

    Its elements are looked up once, when it is made (checks read them hundreds of thousands of times per thousand
    documents): ``effect``, ``action``, ``not_action``, ``resource``, ``not_resource``, ``principal`` and
    ``condition`` hold those elements' values (exact spelling; the last one if repeated; None when absent),
    ``effect_text`` is Effect as text ('' when absent or not a string) and ``is_allow`` is True when it is exactly
    Allow. Equality, hashing and repr use ``index`` and ``node`` only, as they are all the rest derives from.
    """

    index: int
    node: JsonNode
    effect: JsonNode | None = field(init=False, repr=False, compare=False)
    action: JsonNode | None = field(init=False, repr=False, compare=False)
    not_action: JsonNode | None = field(init=False, repr=False, compare=False)
    resource: JsonNode | None = field(init=False, repr=False, compare=False)
    not_resource: JsonNode | None = field(init=False, repr=False, compare=False)
    principal: JsonNode | None = field(init=False, repr=False, compare=False)
    condition: JsonNode | None = field(init=False, repr=False, compare=False)
    effect_text: str = field(init=False, repr=False, compare=False)
    is_allow: bool = field(init=False, repr=False, compare=False)
    _elements: dict[str, JsonNode] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        elements = {member.key: member.value for member in self.node.members}
        effect = elements.get("Effect")
        effect_text = effect.text if effect is not None else ""
        # One update of the frozen instance's attribute dict instead of ten object.__setattr__ calls.
        self.__dict__.update(
            _elements=elements,
            effect=effect,
            action=elements.get("Action"),
            not_action=elements.get("NotAction"),
            resource=elements.get("Resource"),
            not_resource=elements.get("NotResource"),
            principal=elements.get("Principal"),
            condition=elements.get("Condition"),
            effect_text=effect_text,
            is_allow=effect_text == "Allow",
        )

    @property
    def path(self) -> str:
        """JSON path of the statement object."""
        return self.node.path

    def element(self, name: str) -> JsonNode | None:
        """The value of element ``name`` (exact spelling; the last one if repeated), or None."""
        return self._elements.get(name)

    def action_strings(self) -> list[JsonNode]:
        """String entries of Action (empty when Action is absent)."""
        node = self.action
        return node.strings() if node is not None else []

    def resource_strings(self) -> list[JsonNode]:
        """String entries of Resource (empty when Resource is absent)."""
        node = self.resource
        return node.strings() if node is not None else []


@dataclass(frozen=True)
class ParsedPolicy:
    """A parsed policy document: the located tree, its statements and any syntax findings.

    ``root`` is None when the text is not valid JSON (then ``syntax_findings`` says why).
    ``truncated_at`` is the JSON path of the first value read for its syntax but left out of ``root``
    (a document too large to analyse in full); None when ``root`` holds everything.
    """

    text: str | None
    root: JsonNode | None
    syntax_findings: tuple[Finding, ...] = ()
    lines: tuple[str, ...] = field(default=(), repr=False)
    truncated_at: str | None = None

    @property
    def ok(self) -> bool:
        """True when the document parsed as JSON."""
        return self.root is not None

    @property
    def version(self) -> JsonNode | None:
        """The Version value, if the root is an object that has one."""
        return self.root.get("Version") if self.root is not None else None

    @property
    def statement_node(self) -> JsonNode | None:
        """The Statement value (an object or an array), if present."""
        return self.root.get("Statement") if self.root is not None else None

    @cached_property
    def statements(self) -> tuple[Statement, ...]:
        """Every statement object (a single object counts as one; non-objects are skipped).

        In a truncated document, a statement only partly read (the one holding ``truncated_at``) is left out.
        """
        node = self.statement_node
        if node is None:
            return ()
        candidates = node.elements if node.kind is Kind.ARRAY else (node,)
        return tuple(
            Statement(i, n) for i, n in enumerate(candidates) if n.kind is Kind.OBJECT and not self.is_partial(n.path)
        )

    def is_partial(self, path: str) -> bool:
        """True when the value at ``path`` was only partly read (it holds ``truncated_at``)."""
        cut = self.truncated_at
        return cut is not None and (cut == path or cut.startswith((path + ".", path + "[")))

    def source_line(self, line: int | None) -> str | None:
        """The text of 1-based ``line`` of the document, or None."""
        if line is None or line < 1 or line > len(self.lines):
            return None
        return self.lines[line - 1]

    def walk(self) -> Iterator[JsonNode]:
        """Every node of the tree, depth first."""
        stack = [self.root] if self.root is not None else []
        while stack:
            node = stack.pop()
            yield node
            # Members' values, then elements, go out in order: pushed last to first (a leaf pushes nothing).
            if node.elements:
                stack.extend(reversed(node.elements))
            if node.members:
                stack.extend([member.value for member in reversed(node.members)])
