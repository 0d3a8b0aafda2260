"""``alicloud-gov policy-pack DIR``: write the CrossGuard pack folder for ``pulumi preview --policy-pack DIR``."""

from __future__ import annotations

from pathlib import Path

import click

from alicloud_gov.cli.command import Command, fail
from alicloud_gov.policy_pack.folder import write_pack


@click.command("policy-pack", cls=Command)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--virtualenv",
    type=click.Path(file_okay=False, path_type=Path),
    help="The environment the pack runs in (default: the one alicloud-gov is installed in).",
)
def policy_pack(directory: Path, virtualenv: Path | None) -> None:
    """Write a CrossGuard policy pack folder running alicloud-gov's checks.

    Then: pulumi preview --policy-pack DIR [--policy-pack-config levels.json], where levels.json sets an
    enforcement level per finding code, e.g. {"full-admin": "mandatory", "redundant-action": "disabled"}.
    """
    try:
        folder = write_pack(directory, virtualenv)
    except ValueError as error:
        fail(str(error))
    click.echo(f"wrote the alicloud-gov policy pack to {folder}")
    click.echo(f"use it with: pulumi preview --policy-pack {folder}")
