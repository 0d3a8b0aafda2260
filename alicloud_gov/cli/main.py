"""The ``alicloud-gov`` command line: one group, each subcommand in its own module.

Subcommands are imported only when invoked, so ``alicloud-gov --help`` and the
fast paths (``check`` on a few documents) do not pay for the emulator or Pulumi.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from alicloud_gov import __version__
from alicloud_gov.cli.command import GuardedMain

# name -> ("module", "attribute", "one-line help shown by --help")
SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("alicloud_gov.cli.check", "check", "Validate policy documents or a Pulumi project offline."),
    "simulate": ("alicloud_gov.cli.simulate", "simulate", "Answer 'may PRINCIPAL do ACTION on RESOURCE'."),
    "plan": ("alicloud_gov.cli.plan", "plan", "Show what an apply would change and each principal's access delta."),
    "emulator": ("alicloud_gov.cli.emulator", "emulator", "Serve the local, wire-compatible Alibaba Cloud."),
    "policy-pack": ("alicloud_gov.cli.policy_pack", "policy_pack", "Write the CrossGuard pack for pulumi preview."),
    "adopt": ("alicloud_gov.cli.adopt", "adopt", "Read an existing account into a program and import.json."),
    "migrate": (
        "alicloud_gov.cli.migrate",
        "migrate_command",
        "Turn a pulumi-alicloud stack export or terraform state into a program and import.json.",
    ),
}


class LazyGroup(GuardedMain, click.Group):
    """A click group whose subcommands are imported on first use, with the shared options and exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Names of every subcommand, sorted."""
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return the subcommand called ``cmd_name``."""
        entry = SUBCOMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attribute, _ = entry
        module = importlib.import_module(module_name)
        command: click.Command = getattr(module, attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: Any) -> None:
        """List subcommands with their short help without importing them."""
        rows = [(name, SUBCOMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alicloud-gov")
def cli() -> None:
    """Access governance for Alibaba Cloud as code: check, plan and simulate RAM access offline.

    Exit codes: README.md, "Exit codes" (a usage error is 64 in every command).
    """


def main() -> None:
    """Console-script entry point."""
    cli()


if __name__ == "__main__":
    main()
