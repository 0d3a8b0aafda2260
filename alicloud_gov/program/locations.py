"""Where a program declared each resource: the user's source line, captured as the resource is constructed.

Pulumi registers resources asynchronously, after their constructors return, so the line that declared one is
read while it is constructed (:func:`alicloud_gov.pulumi_internals.on_resource_construction`) and handed to the
registration later by type and name (:meth:`DeclarationSites.take`). The line is, in order of preference:

* the one a declarer names with :func:`declaring` (the YAML program's line of the resource);
* the innermost frame on the stack in a file of the project's folder that is neither this package's nor the
  Pulumi SDK's nor an installed package's (for a component's children: the user's line that created the
  component, since the component's own code is this package's);
* the parent resource's line (a child constructed later, inside an ``apply``).

:func:`place_findings` then puts each project finding on the line of the resource it names.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import inspect
import linecache
import os
import sys
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from alicloud_gov import pulumi_internals
from alicloud_gov.plan.access import ResourceRecord, SourceLocation
from alicloud_gov.policy.findings import Finding

_DECLARING: contextvars.ContextVar[SourceLocation | None] = contextvars.ContextVar("declaring", default=None)
_ATTRIBUTE = "_alicloud_gov_declared_at"
_PACKAGE_DIR = str(Path(__file__).resolve().parents[1]) + os.sep
_INSTALLED = (f"{os.sep}site-packages{os.sep}", f"{os.sep}dist-packages{os.sep}")


@contextlib.contextmanager
def declaring(location: SourceLocation | None) -> Iterator[None]:
    """Resources constructed inside this block (and their children) were declared at ``location``."""
    token = _DECLARING.set(location)
    try:
        yield
    finally:
        _DECLARING.reset(token)


def _column(file: str, line: int, byte_offset: int | None) -> int | None:
    """The 1-based code-point column of a UTF-8 ``byte_offset`` into ``line`` of ``file``."""
    if byte_offset is None:
        return None
    text = linecache.getline(file, line)
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")) + 1 if text else None


def frame_location(frame: FrameType, line: int | None = None) -> SourceLocation:
    """The file, line and column (the start of the expression being evaluated, where Python knows it) of ``frame``."""
    file = frame.f_code.co_filename
    number = line or frame.f_lineno or 1
    positions = getattr(inspect.getframeinfo(frame, context=0), "positions", None)  # Python 3.11+
    offset = positions.col_offset if positions is not None and positions.lineno == number else None
    return SourceLocation(file, number, _column(file, number, offset))


class DeclarationSites:
    """The declaring line of every resource a program constructs, for the registrations that follow."""

    def __init__(self, directory: Path) -> None:
        self.prefix = str(Path(directory).resolve()) + os.sep
        import pulumi

        self._sdk = str(Path(pulumi.__file__).resolve().parent) + os.sep
        self._sites: dict[tuple[str, str], deque[SourceLocation | None]] = defaultdict(deque)

    def is_users(self, file: str) -> bool:
        """True for a file of the project's folder that no package (ours, the SDK, an installed one) owns."""
        return (
            file.startswith(self.prefix)
            and not file.startswith((_PACKAGE_DIR, self._sdk))
            and not any(part in file for part in _INSTALLED)
        )

    def user_frame(self, frame: FrameType | None) -> SourceLocation | None:
        """The location of the innermost user frame at or outside ``frame``."""
        while frame is not None:
            if self.is_users(frame.f_code.co_filename):
                return frame_location(frame)
            frame = frame.f_back
        return None

    def traceback_location(self, traceback: TracebackType | None) -> SourceLocation | None:
        """The innermost user frame of an exception's traceback (where the program raised), if any."""
        found = None
        while traceback is not None:
            if self.is_users(traceback.tb_frame.f_code.co_filename):
                found = frame_location(traceback.tb_frame, traceback.tb_lineno)
            traceback = traceback.tb_next
        return found

    def _constructed(self, resource: Any, type_token: str, name: str, opts: Any) -> None:
        parent = getattr(opts, "parent", None)
        location = _DECLARING.get() or self.user_frame(sys._getframe(1)) or getattr(parent, _ATTRIBUTE, None)
        with contextlib.suppress(AttributeError, TypeError):
            object.__setattr__(resource, _ATTRIBUTE, location)
        self._sites[(type_token, name)].append(location)

    @contextlib.contextmanager
    def capturing(self) -> Iterator[DeclarationSites]:
        """Record the declaring line of each resource constructed inside this block."""
        with pulumi_internals.on_resource_construction(self._constructed):
            yield self

    def take(self, type_token: str, name: str) -> SourceLocation | None:
        """The declaring line of the next registration of ``type_token`` ``name`` (construction order)."""
        queue = self._sites.get((type_token, name))
        return queue.popleft() if queue else None


def place_findings(findings: Iterable[Finding], records: Iterable[ResourceRecord]) -> list[Finding]:
    """Each finding that names a resource and has no line, on the line that declared the resource.

    A name shared by several registrations is placed at the first of this package's resources (then any) of
    that name. The finding's file becomes the declaring file.
    """
    sites: dict[str, SourceLocation] = {}
    for record in sorted(records, key=lambda r: not r.is_ours):
        if record.location is not None:
            sites.setdefault(record.name, record.location)
    placed = []
    for finding in findings:
        site = sites.get(finding.resource or "") if finding.line is None else None
        if site is not None:
            finding = dataclasses.replace(finding, file=site.file, line=site.line, column=site.column)
        placed.append(finding)
    return placed
