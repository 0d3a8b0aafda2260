"""Parse a policy document into the located model, never raising.

A small recursive-descent JSON reader (RFC 8259: no comments, no trailing commas)
that records the line, column and JSON path of every value and of every object key.
Malformed input gives a ``JSON_SYNTAX_ERROR`` finding at the first offending character
instead of an exception. Most documents never reach it: plain valid JSON is decoded by the
standard library's C decoder and located in one pass over its tokens (:func:`_fast_read`),
which builds the very tree the reader would.

Reading is linear in the text. Only the first :data:`MAX_ANALYSED_VALUES` values become located
nodes: past that, array elements (and, past twice that, object members) are still read for their
JSON syntax, by the standard library's C decoder, but left out of the tree, and
:attr:`ParsedPolicy.truncated_at` names the first one left out. The checker reports that as a finding
(``ANALYSIS_TRUNCATED``); RAM's own limit (6,144 characters) allows a few thousand values at most.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Mapping
from itertools import accumulate, repeat
from operator import sub
from typing import Any

from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.model import (
    JsonNode,
    Kind,
    Member,
    ParsedPolicy,
    child_path,
    make_member,
    make_node,
    member_suffix,
)

JSON_SYNTAX_ERROR = "JSON_SYNTAX_ERROR"
MAX_DEPTH = 128  # policies nest four levels; deeper input is rejected, not recursed into
MAX_ANALYSED_VALUES = 50_000  # values kept in the located tree; a 6,144-character policy holds at most ~3,100
MAX_INTEGER_DIGITS = 4000  # longer integers are out of range (Python converts at most 4,300 digits to text)
_MEMBER_CAP = 2 * MAX_ANALYSED_VALUES  # object members keep being read a while longer (Version after Statement)
_INTEGER_LIMIT = 10**MAX_INTEGER_DIGITS

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_NEWLINE = re.compile("\n")
_PLAIN_RUN = re.compile(r'[^"\\\x00-\x1f]+')
_PLAIN_STRING = re.compile(r'"([^"\\\x00-\x1f]*)"')  # a string without escapes, read in one match
_WHITESPACE_RUN = re.compile(r"[ \t\n\r]*")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class JsonSyntaxError(Exception):
    """Raised inside the reader only; turned into a finding by :func:`parse_json`."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


_SKIMMER = json.JSONDecoder(parse_constant=_reject_constant)


class _Unusual(Exception):
    """Raised inside the fast reader only: the tree nests deeper than the full reader reads (see :func:`_located`)."""


class _OutOfRange(ValueError):
    """A JSON number the model cannot hold (:func:`_number`)."""


def _number(literal: str) -> int | float:
    """The value of JSON number ``literal``, as both readers decode it.

    An integer of at most :data:`MAX_INTEGER_DIGITS` digits is an int; anything else is a float, and
    :class:`_OutOfRange` is raised when that is infinite (as every longer integer is).
    """
    integer = "." not in literal and "e" not in literal and "E" not in literal
    if integer and len(literal.lstrip("-")) <= MAX_INTEGER_DIGITS:
        return int(literal)
    number = float(literal)
    if math.isinf(number):
        raise _OutOfRange(literal[:20])
    return number


# Objects decode to tuples of (key, value) pairs (repeated keys kept, in order), arrays to lists.
_DECODER = json.JSONDecoder(
    object_pairs_hook=tuple, parse_int=_number, parse_float=_number, parse_constant=_reject_constant
)
# In valid JSON, each value and each key in document order: a string, '{', '[', a number or a literal, each taken
# with the whitespace and punctuation after it (so that every match starts where the last one ended: faster).
_TOKEN = re.compile(r'(?:"[^"\\]*(?:\\.[^"\\]*)*"|[{\[]|-?[0-9][0-9.eE+-]*|true|false|null)[ \t\n\r:,\]}]*', re.DOTALL)
_START = re.Match.start
_PLUS_ONE = (1).__add__
_SCALAR_KINDS = {str: Kind.STRING, int: Kind.NUMBER, float: Kind.NUMBER, bool: Kind.BOOL, type(None): Kind.NULL}


class _Reader:
    """Reads one JSON text, tracking offsets; positions are computed from line starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
        self.values = 0  # located nodes made so far
        self.truncated_at: str | None = None  # JSON path of the first value read but not kept

    def skim(self, path: str) -> None:
        """Read the value at the current position for its syntax only (C speed); it is not kept."""
        if self.truncated_at is None:
            self.truncated_at = path
        try:
            _, self.pos = _SKIMMER.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as error:
            raise JsonSyntaxError(error.pos, error.msg.lower()) from None
        except (ValueError, RecursionError) as error:
            raise JsonSyntaxError(self.pos, f"value cannot be read ({str(error)[:80]})") from None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def skip_whitespace(self) -> None:
        """Advance past JSON whitespace."""
        self.pos = _WHITESPACE_RUN.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def describe(self, offset: int) -> str:
        """The character at ``offset`` for an error message (or "end of input")."""
        if offset >= len(self.text):
            return "end of input"
        return repr(self.text[offset])

    def document(self) -> JsonNode:
        """Read the whole text as one JSON value with nothing but whitespace after it."""
        self.skip_whitespace()
        node = self.value("$", 0)
        self.skip_whitespace()
        if self.pos < len(self.text):
            raise JsonSyntaxError(self.pos, f"unexpected {self.describe(self.pos)} after the end of the document")
        return node

    def value(self, path: str, depth: int) -> JsonNode:
        """Read any JSON value at the current position; ``path`` is its JSON path."""
        if depth > MAX_DEPTH:
            raise JsonSyntaxError(self.pos, f"nesting deeper than {MAX_DEPTH} levels")
        if self.pos >= len(self.text):
            raise JsonSyntaxError(self.pos, "unexpected end of input, expected a value")
        start = self.pos
        line, column = self.position(start)
        ch = self.text[start]
        self.values += 1
        if ch == "{":
            return self.object(path, depth, line, column)
        if ch == "[":
            return self.array(path, depth, line, column)
        if ch == '"':
            return JsonNode(Kind.STRING, path, line, column, scalar=self.string())
        for word, kind, scalar in (("true", Kind.BOOL, True), ("false", Kind.BOOL, False), ("null", Kind.NULL, None)):
            if self.text.startswith(word, start):
                self.pos = start + len(word)
                return JsonNode(kind, path, line, column, scalar=scalar)
        match = _NUMBER.match(self.text, start)
        if match and match.end() > start:
            self.pos = match.end()
            literal = match.group()
            try:
                number = _number(literal)
            except _OutOfRange:
                raise JsonSyntaxError(start, f"number {literal[:20]} is out of range") from None
            return JsonNode(Kind.NUMBER, path, line, column, scalar=number)
        if ch == "'":
            raise JsonSyntaxError(start, 'strings must use double quotes (")')
        raise JsonSyntaxError(start, f"unexpected {self.describe(start)}, expected a value")

    def object(self, path: str, depth: int, line: int, column: int) -> JsonNode:
        """Read an object (the current character is ``{``), keeping each key's position."""
        self.pos += 1
        members: list[Member] = []
        self.skip_whitespace()
        if self.peek() == "}":
            self.pos += 1
            return JsonNode(Kind.OBJECT, path, line, column)
        while True:
            self.skip_whitespace()
            if self.peek() != '"':
                hint = " (trailing comma?)" if self.peek() == "}" else ""
                raise JsonSyntaxError(self.pos, f"expected a quoted key, found {self.describe(self.pos)}{hint}")
            key_line, key_column = self.position(self.pos)
            key = self.string()
            self.skip_whitespace()
            if self.peek() != ":":
                raise JsonSyntaxError(self.pos, f"expected ':' after key {key!r}, found {self.describe(self.pos)}")
            self.pos += 1
            self.skip_whitespace()
            if self.values >= _MEMBER_CAP:
                self.skim(child_path(path, key))
            else:
                value = self.value(child_path(path, key), depth + 1)
                members.append(Member(key, value, key_line, key_column))
            self.skip_whitespace()
            ch = self.peek()
            if ch == ",":
                self.pos += 1
                continue
            if ch == "}":
                self.pos += 1
                return JsonNode(Kind.OBJECT, path, line, column, members=tuple(members))
            raise JsonSyntaxError(self.pos, f"expected ',' or '}}' in object, found {self.describe(self.pos)}")

    def array(self, path: str, depth: int, line: int, column: int) -> JsonNode:
        """Read an array (the current character is ``[``)."""
        self.pos += 1
        elements: list[JsonNode] = []
        skimmed = 0
        self.skip_whitespace()
        if self.peek() == "]":
            self.pos += 1
            return JsonNode(Kind.ARRAY, path, line, column)
        while True:
            self.skip_whitespace()
            if self.peek() == "]":
                raise JsonSyntaxError(self.pos, "unexpected ']' (trailing comma?)")
            if skimmed or self.values >= MAX_ANALYSED_VALUES:
                self.skim(child_path(path, len(elements)) if self.truncated_at is None else path)
                skimmed += 1
            else:
                elements.append(self.value(child_path(path, len(elements)), depth + 1))
            self.skip_whitespace()
            ch = self.peek()
            if ch == ",":
                self.pos += 1
                continue
            if ch == "]":
                self.pos += 1
                return JsonNode(Kind.ARRAY, path, line, column, elements=tuple(elements))
            raise JsonSyntaxError(self.pos, f"expected ',' or ']' in array, found {self.describe(self.pos)}")

    def peek(self) -> str:
        """The current character, or "" at the end."""
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def string(self) -> str:
        """Read a string (the current character is ``"``) and return its decoded value."""
        text = self.text
        start = self.pos
        plain = _PLAIN_STRING.match(text, start)
        if plain:
            self.pos = plain.end()
            return plain.group(1)
        self.pos += 1
        chunks: list[str] = []
        while True:
            if self.pos >= len(text):
                raise JsonSyntaxError(start, "unterminated string")
            run = _PLAIN_RUN.match(text, self.pos)
            if run:
                chunks.append(run.group())
                self.pos = run.end()
                continue
            ch = text[self.pos]
            if ch == '"':
                self.pos += 1
                return "".join(chunks)
            if ch == "\\":
                chunks.append(self.escape())
                continue
            raise JsonSyntaxError(self.pos, f"control character {ch!r} must be escaped in a string")

    def escape(self) -> str:
        """Decode the escape sequence at the current backslash (incl. UTF-16 surrogate pairs)."""
        text = self.text
        code = text[self.pos + 1 : self.pos + 2]
        if code in _ESCAPES:
            self.pos += 2
            return _ESCAPES[code]
        if code == "u":
            first = self.hex4(self.pos + 2)
            self.pos += 6
            if 0xD800 <= first < 0xDC00 and text.startswith("\\u", self.pos):
                second = self.hex4(self.pos + 2)
                if 0xDC00 <= second < 0xE000:
                    self.pos += 6
                    return chr(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            return chr(first)
        raise JsonSyntaxError(self.pos, f"invalid escape sequence \\{code}" if code else "unterminated string")

    def hex4(self, offset: int) -> int:
        """The four hex digits at ``offset`` as a number."""
        digits = self.text[offset : offset + 4]
        if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise JsonSyntaxError(offset, "\\u must be followed by four hex digits")
        return int(digits, 16)


def parse_json(
    text: str, *, file: str | None = None, resource: str | None = None
) -> tuple[JsonNode | None, Finding | None]:
    """Parse ``text`` into a located tree, or return (None, JSON_SYNTAX_ERROR finding). Never raises."""
    root, finding, _ = _read(text, file, resource)
    return root, finding


def _fast_read(text: str) -> JsonNode | None:
    """The located tree of a plain, valid JSON text read at C speed; None when :class:`_Reader` must read it.

    The standard library's decoder checks the syntax and decodes every value; one regular-expression pass then
    finds where each value and key starts (they are its tokens, in the order a depth-first walk meets them).
    Anything the full reader treats specially (a syntax error, a byte order mark, nesting deeper than
    :data:`MAX_DEPTH`, a number out of range (:func:`_number`), NaN or Infinity) gives None, so the full reader
    reports it with its own message, position or truncation; so do more than :data:`MAX_ANALYSED_VALUES` values
    and keys together, a little before the full reader would truncate. The tree built here is the one it would build.
    """
    if text.startswith("\ufeff"):
        return None
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError):  # a syntax error, NaN or Infinity, a number out of range: ValueErrors
        return None
    starts = list(map(_START, _TOKEN.finditer(text)))
    if len(starts) > MAX_ANALYSED_VALUES:
        return None
    # 1-based line and column of each token, computed in C loops: a line starts after each newline, and the
    # column is the offset past the character before that start.
    line_starts = list(accumulate(map(_PLUS_ONE, map(len, text.split("\n"))), initial=0))
    rows = list(map(bisect.bisect_right, repeat(line_starts), starts))
    column_bases = [0]
    column_bases += map(sub, line_starts, repeat(1))
    columns = map(sub, starts, map(column_bases.__getitem__, rows))
    positions = zip(rows, columns, strict=True)
    try:
        root = _located(value, "$", 0, positions.__next__)
    except (_Unusual, StopIteration):
        return None
    if next(positions, None) is not None:  # every token is a value or a key: none is left over
        return None
    return root


def _located(value: Any, path: str, depth: int, position: Callable[[], tuple[int, int]]) -> JsonNode:
    """The node of decoded ``value`` at ``path``; ``position()`` gives its, then its keys' and values', positions.

    Scalars inside a container are made in its loop (a call less per value, most of a policy's values).
    """
    line, column = position()
    kind = _SCALAR_KINDS.get(type(value))
    if kind is not None:  # a document that is a single scalar
        return make_node(kind, path, line, column, value, (), ())
    if value and depth >= MAX_DEPTH:  # its values would nest deeper than the full reader reads
        raise _Unusual(path)
    if type(value) is tuple:
        members = []
        for key, item in value:
            key_line, key_column = position()
            item_path = path + member_suffix(key)
            kind = _SCALAR_KINDS.get(type(item))
            if kind is None:
                node = _located(item, item_path, depth + 1, position)
            else:
                item_line, item_column = position()
                node = make_node(kind, item_path, item_line, item_column, item, (), ())
            members.append(make_member(key, node, key_line, key_column))
        return make_node(Kind.OBJECT, path, line, column, None, tuple(members), ())
    elements = []
    for index, item in enumerate(value):
        item_path = child_path(path, index)
        kind = _SCALAR_KINDS.get(type(item))
        if kind is None:
            elements.append(_located(item, item_path, depth + 1, position))
        else:
            item_line, item_column = position()
            elements.append(make_node(kind, item_path, item_line, item_column, item, (), ()))
    return make_node(Kind.ARRAY, path, line, column, None, (), tuple(elements))


def _read(text: str, file: str | None, resource: str | None) -> tuple[JsonNode | None, Finding | None, str | None]:
    """(tree, syntax finding, path of the first value left out of the tree)."""
    root = _fast_read(text)
    if root is not None:
        return root, None, None
    reader = _Reader(text)
    try:
        if text.startswith("\ufeff"):
            reader.pos = 1
        return reader.document(), None, reader.truncated_at
    except JsonSyntaxError as error:
        line, column = reader.position(min(error.offset, len(text)))
        return None, _syntax_finding(error.message, line, column, file, resource), None
    except RecursionError:
        return None, _syntax_finding("document nests too deeply", 1, 1, file, resource), None


def _syntax_finding(message: str, line: int, column: int, file: str | None, resource: str | None) -> Finding:
    return Finding(
        code=JSON_SYNTAX_ERROR,
        severity=Severity.ERROR,
        message=f"Invalid JSON: {message} (line {line}, column {column}).",
        file=file,
        resource=resource,
        json_path="$",
        line=line,
        column=column,
        suggestion='Fix the JSON syntax; a policy is a JSON object such as {"Version": "1", "Statement": [...]}.',
    )


class UnreadableValue(ValueError):
    """A decoded value the located model cannot hold (nested too deeply, an integer out of range)."""


def node_from_python(value: Any, path: str = "$", depth: int = 0) -> JsonNode:
    """Build an unlocated tree from decoded JSON (a Mapping, list, str, number, bool or None).

    Raises :class:`UnreadableValue` for nesting deeper than :data:`MAX_DEPTH` or an integer of more than
    :data:`MAX_INTEGER_DIGITS` digits (the limits the text reader applies); :func:`parse_policy` turns that into
    a finding.
    """
    if depth > MAX_DEPTH:
        raise UnreadableValue(f"nesting deeper than {MAX_DEPTH} levels at {path[:200]}")
    if isinstance(value, Mapping):
        members = tuple(
            Member(str(key), node_from_python(item, child_path(path, str(key)), depth + 1))
            for key, item in value.items()
        )
        return JsonNode(Kind.OBJECT, path, members=members)
    if isinstance(value, (list, tuple)):
        elements = tuple(node_from_python(item, child_path(path, i), depth + 1) for i, item in enumerate(value))
        return JsonNode(Kind.ARRAY, path, elements=elements)
    if isinstance(value, bool):
        return JsonNode(Kind.BOOL, path, scalar=value)
    if isinstance(value, int) and not -_INTEGER_LIMIT < value < _INTEGER_LIMIT:
        raise UnreadableValue(f"integer of more than {MAX_INTEGER_DIGITS} digits at {path[:200]} is out of range")
    if isinstance(value, (int, float)):
        return JsonNode(Kind.NUMBER, path, scalar=value)
    if value is None:
        return JsonNode(Kind.NULL, path)
    return JsonNode(Kind.STRING, path, scalar=str(value))


def parse_policy(
    source: str | bytes | Mapping[str, Any], *, file: str | None = None, resource: str | None = None
) -> ParsedPolicy:
    """Parse a policy document (JSON text, UTF-8 bytes or a decoded mapping) into a :class:`ParsedPolicy`.

    Never raises: a document that is not JSON yields ``root=None`` and a JSON_SYNTAX_ERROR finding.
    """
    if isinstance(source, Mapping):
        try:
            return ParsedPolicy(text=None, root=node_from_python(source))
        except (UnreadableValue, RecursionError) as error:
            finding = _syntax_finding(str(error) or "document nests too deeply", 1, 1, file, resource)
            return ParsedPolicy(text=None, root=None, syntax_findings=(finding,))
    if isinstance(source, (bytes, bytearray)):
        try:
            source = bytes(source).decode("utf-8")
        except UnicodeDecodeError as error:
            finding = _syntax_finding(f"the document is not UTF-8 ({error.reason})", 1, 1, file, resource)
            return ParsedPolicy(text=None, root=None, syntax_findings=(finding,))
    if not isinstance(source, str):
        finding = _syntax_finding(f"expected JSON text, got {type(source).__name__}", 1, 1, file, resource)
        return ParsedPolicy(text=None, root=None, syntax_findings=(finding,))
    root, syntax_error, truncated_at = _read(source, file, resource)
    lines = tuple(source.splitlines())
    if syntax_error is not None:
        return ParsedPolicy(text=source, root=None, syntax_findings=(syntax_error,), lines=lines)
    return ParsedPolicy(text=source, root=root, lines=lines, truncated_at=truncated_at)
