"""``alicloud-gov migrate SOURCE --out DIR``: a pulumi-alicloud stack export or a terraform state -> an
alicloud-gov program, its ``import.json``, and the commands that make the old state forget what moved.

Offline: the source file is read, nothing else; no cloud call, no credentials. Steps: docs/migrating.md.
"""

from __future__ import annotations

from pathlib import Path

import click

from alicloud_gov.adopt.migrate import Migration, migrate
from alicloud_gov.adopt.old_state import StateFileError, read_state
from alicloud_gov.adopt.writer import write_program
from alicloud_gov.cli.command import Command, fail
from alicloud_gov.cli.exit_codes import MigrateExit

FORGET_FILE = "forget-old-state.sh"
"""The script, written next to the program, with the commands that make the old state forget the moved resources."""
_OUTPUTS = ("__main__.py", "Pulumi.yaml", "import.json", FORGET_FILE)
_HEADER = "The access resources of {source}, migrated from {tool} by alicloud-gov migrate."


def _forget_script(result: Migration, source: str) -> str:
    old = "the old Pulumi project, its stack selected" if result.tool == "pulumi" else "the terraform configuration"
    lines = [
        "#!/bin/sh",
        f"# Migrated from {source}. Run in {old},",
        "# after `pulumi import --file import.json` and a clean `pulumi preview` in the new program.",
        "# Each command edits the old state only: no cloud call, nothing is deleted or revoked. Dependents first.",
        "set -e",
        *result.forget_commands(),
    ]
    return "\n".join(lines) + "\n"


@click.command("migrate", cls=Command)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "directory",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the program into.",
)
@click.option("--project", help="The Pulumi project name (default: the folder's name).")
@click.option("--force", is_flag=True, help=f"Overwrite {', '.join(_OUTPUTS)} in the folder.")
def migrate_command(source: Path, directory: Path, project: str | None, force: bool) -> int:
    """Write the alicloud-gov program and import ids for the RAM, ResourceManager and ECR resources of SOURCE.

    SOURCE: `pulumi stack export` of a pulumi-alicloud stack, a terraform state file (terraform.tfstate,
    `terraform state pull`) or `terraform show -json` output. Other resources stay with their provider and are
    listed. Then, in the folder: pulumi stack init, pulumi import --file import.json --generate-code=false,
    pulumi preview (no change), and forget-old-state.sh in the old project (docs/migrating.md).
    """
    existing = [name for name in _OUTPUTS if (directory / name).exists()]
    if existing and not force:
        raise click.UsageError(f"{directory} already has {', '.join(existing)} (--force overwrites)")
    try:
        state = read_state(source)
    except UnicodeDecodeError as error:
        fail(f"{source}: not a text file ({error.reason})")
    except OSError as error:
        fail(f"{source}: cannot read it ({error.strerror})")
    except StateFileError as error:
        fail(f"{source}: {error}")
    result = migrate(state)
    header = _HEADER.format(source=source.name, tool="pulumi-alicloud" if result.tool == "pulumi" else "terraform")
    write_program(directory, result.declarations, project=project or directory.resolve().name, header=header)
    script = directory / FORGET_FILE
    script.write_text(_forget_script(result, source.name), encoding="utf-8")
    script.chmod(0o755)
    click.echo(
        f"wrote {directory / '__main__.py'}: {len(result.declarations)} resources from {len(result.migrated)} "
        f"of {result.tool}'s, ids in {directory / 'import.json'}"
    )
    if result.left:
        click.echo(f"left to their provider ({len(result.left)}):")
        for left in result.left:
            click.echo(f"  {left.address}: {left.reason}")
    for note in result.notes:
        click.echo(f"note: {note}")
    click.echo(f"next: cd {directory} && pulumi import --file import.json --generate-code=false")
    click.echo(f"then, in the old project: sh {script} (forgets, never deletes)")
    return int(MigrateExit.OK)
