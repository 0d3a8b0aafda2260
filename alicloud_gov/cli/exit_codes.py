"""The exit codes of every ``alicloud-gov`` command: the one table, documented in README.md ("Exit codes").

Each command has an :class:`enum.IntEnum` of its outcomes, made ``@unique`` so that no two outcomes of one
command can share a code. Codes every command shares are defined once here: success is 0, a usage error (bad
option, missing or unreadable path, unknown ``--ignore`` code) is 64 (``EX_USAGE`` of BSD's sysexits.h, so it
never meets a command's own outcomes), an interrupt is 130 (128 + SIGINT, as shells report it). ``check`` and
``simulate`` keep the linter convention (1: the answer is "no", 2: the command could not answer); ``plan`` keeps
terraform's ``-detailed-exitcode`` (1: error, 2: changes) and adds 3 for new access, 4 for access it cannot judge.
"""

from __future__ import annotations

from enum import IntEnum, unique

OK = 0
"""Success: nothing to report (clean, no change, every question allowed)."""
USAGE = 64
"""A usage error, in every command: the command line or a path on it is wrong; nothing was checked."""
INTERRUPTED = 130
"""Interrupted (Ctrl-C), in every command."""


@unique
class CheckExit(IntEnum):
    """``alicloud-gov check``."""

    OK = OK
    FINDINGS = 1
    """A finding at or above ``--fail-on``."""
    ERROR = 2
    """The check could not run: the program raised, the project or stack cannot be read, an internal error."""
    USAGE = USAGE
    INTERRUPTED = INTERRUPTED


@unique
class PlanExit(IntEnum):
    """``alicloud-gov plan``."""

    NO_CHANGES = OK
    ERROR = 1
    """The plan could not be made: the program raised, no such stack, the state cannot be read."""
    CHANGES = 2
    """Resource changes, and (with ``--deny-new-access``) nobody gains access."""
    NEW_ACCESS = 3
    """With ``--deny-new-access``: a principal gains access."""
    UNKNOWN_ACCESS = 4
    """With ``--deny-new-access``: no gain found, but a grant's meaning is unknown before apply (fails closed)."""
    USAGE = USAGE
    INTERRUPTED = INTERRUPTED


@unique
class SimulateExit(IntEnum):
    """``alicloud-gov simulate``."""

    OK = OK
    DENIED = 1
    """At least one question is answered "may not"."""
    ERROR = 2
    """The stack file or the deployed state cannot be read or is malformed, or an internal error."""
    USAGE = USAGE
    INTERRUPTED = INTERRUPTED


@unique
class EmulatorExit(IntEnum):
    """``alicloud-gov emulator`` (stopped with Ctrl-C or SIGTERM: 0)."""

    OK = OK
    ERROR = 2
    """The emulator could not start (port taken, state file unusable) or failed."""
    USAGE = USAGE


@unique
class PolicyPackExit(IntEnum):
    """``alicloud-gov policy-pack``."""

    OK = OK
    ERROR = 2
    """The pack could not be written."""
    USAGE = USAGE
    INTERRUPTED = INTERRUPTED


@unique
class AdoptExit(IntEnum):
    """``alicloud-gov adopt``."""

    OK = OK
    ERROR = 2
    """The account could not be read (credentials, endpoint, a call refused) or the program not written."""
    USAGE = USAGE
    INTERRUPTED = INTERRUPTED


@unique
class MigrateExit(IntEnum):
    """``alicloud-gov migrate``."""

    OK = OK
    ERROR = 2
    """The source is not a stack export or terraform state, or cannot be read."""
    USAGE = USAGE
    INTERRUPTED = INTERRUPTED


EXIT_CODES: dict[str, type[IntEnum]] = {
    "check": CheckExit,
    "plan": PlanExit,
    "simulate": SimulateExit,
    "emulator": EmulatorExit,
    "policy-pack": PolicyPackExit,
    "adopt": AdoptExit,
    "migrate": MigrateExit,
}
"""Every command's outcomes, by command name."""


def error_code(command: str | None) -> int:
    """The code ``command`` exits with when it cannot do its job (an error, not an outcome); 2 when unknown."""
    outcomes = EXIT_CODES.get(command or "")
    error = getattr(outcomes, "ERROR", None) if outcomes is not None else None
    return int(error) if error is not None else int(CheckExit.ERROR)
