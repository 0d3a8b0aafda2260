"""What every ``alicloud-gov`` command shares: the exit-code table applied to every way a run can end,
``--no-color`` and ``--debug``.

click exits 2 on a usage error and lets any other exception escape as a traceback; here a usage error exits
:data:`~alicloud_gov.cli.exit_codes.USAGE`, a failure exits the command's own ``ERROR`` code with one line on
standard error (the traceback too with ``--debug``), and Ctrl-C exits
:data:`~alicloud_gov.cli.exit_codes.INTERRUPTED`. Commands are declared with ``@click.command(cls=Command)``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import click

from alicloud_gov.cli.exit_codes import INTERRUPTED, USAGE, error_code

PROGRAM = "alicloud-gov"
_NO_COLOR = "alicloud_gov.no_color"
_DEBUG = "alicloud_gov.debug"


class CommandError(click.ClickException):
    """A failure reported in one line (``alicloud-gov COMMAND: message``); exits the command's ERROR code."""

    def __init__(self, message: str, command: str | None = None, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.command = command
        self.code = exit_code if exit_code is not None else error_code(command)
        """The exit code (click's ``exit_code`` is a class attribute)."""

    def show(self, file: Any = None) -> None:
        """Write the one-line message to standard error."""
        prefix = f"{PROGRAM} {self.command}" if self.command else PROGRAM
        click.echo(f"{prefix}: {self.format_message()}", err=True)


def fail(message: str, *, exit_code: int | None = None) -> NoReturn:
    """Stop the running command with ``message`` and its ERROR code (or ``exit_code``)."""
    context = click.get_current_context(silent=True)
    raise CommandError(message, context.command.name if context is not None else None, exit_code)


def colour_off() -> bool:
    """True when ``--no-color`` was given or ``NO_COLOR`` is set to anything but the empty string (no-color.org)."""
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.meta.get(_NO_COLOR)) or bool(os.environ.get("NO_COLOR"))


def _remember(key: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def store(context: click.Context, parameter: click.Parameter, value: bool) -> None:
        if value:
            context.meta[key] = True

    return store


def shared_options() -> list[click.Parameter]:
    """``--no-color`` and ``--debug``, accepted by the group and by every command."""
    return [
        click.Option(
            ["--no-color"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_remember(_NO_COLOR),
            help="No colour in the output (also when NO_COLOR is set).",
        ),
        click.Option(
            ["--debug"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_remember(_DEBUG),
            help="On an unexpected error, print the traceback too.",
        ),
    ]


def _broken_pipe(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno == errno.EPIPE


def invoke_guarded(command: click.Command, context: click.Context, invoke: Callable[[click.Context], Any]) -> Any:
    """Run ``invoke(context)``; a click error other than a usage error, or any unexpected exception, becomes a
    :class:`CommandError` with the command's ERROR code (the traceback printed first with ``--debug``)."""
    try:
        return invoke(context)
    except (CommandError, click.UsageError, click.exceptions.Exit, click.Abort):
        raise
    except click.ClickException as error:
        raise CommandError(error.format_message(), command.name) from error
    except Exception as error:
        if _broken_pipe(error):
            raise
        if context.meta.get(_DEBUG):
            click.echo("".join(traceback.format_exception(error)).rstrip(), err=True)
            hint = ""
        else:
            hint = " (run with --debug for the traceback)"
        message = f"unexpected error: {type(error).__name__}: {error}{hint}"
        raise CommandError(message, command.name) from error


def main_guarded(main: Callable[..., Any], name: str | None, standalone_mode: bool, **kwargs: Any) -> Any:
    """click's ``main`` with the exit-code table applied (see the module docstring)."""
    if not standalone_mode:
        return main(standalone_mode=False, **kwargs)
    try:
        result = main(standalone_mode=False, **kwargs)
    except click.UsageError as error:
        error.show()
        sys.exit(USAGE)
    except click.ClickException as error:
        error.show()
        sys.exit(error.code if isinstance(error, CommandError) else error_code(name))
    except click.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(INTERRUPTED)
    except OSError as error:
        if not _broken_pipe(error):
            raise
        with contextlib.suppress(OSError, ValueError):  # the reader went away: the exit's flush must not fail too
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(error_code(name))
    sys.exit(result if isinstance(result, int) and not isinstance(result, bool) else 0)


class GuardedMain(click.Command):
    """The shared options and click's ``main`` with the exit-code table applied, for commands and the group."""

    table_name: str | None = None
    """The command whose exit-code table applies (None: the group's, for usage errors before a command runs)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(shared_options())

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """click's ``main`` with the exit-code table applied."""
        return main_guarded(
            super().main,
            self.table_name,
            standalone_mode,
            args=args,
            prog_name=prog_name,
            complete_var=complete_var,
            **extra,
        )


class Command(GuardedMain):
    """A click command with the shared options and the exit-code table."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table_name = self.name

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; failures become one-line :class:`CommandError` s."""
        return invoke_guarded(self, ctx, super().invoke)
