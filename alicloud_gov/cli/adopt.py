"""``alicloud-gov adopt DIR``: read an existing account into a Pulumi Python program and ``import.json``.

Credentials and endpoint as the provider takes them: ``--endpoint`` (or ``ALICLOUD_GOV_ENDPOINT``),
``--region`` (or ``ALIBABA_CLOUD_REGION_ID`` / ``ALICLOUD_REGION``), ``--profile`` (an aliyun CLI profile) or
the default chain (``ALIBABA_CLOUD_ACCESS_KEY_ID``..., :mod:`alicloud_gov.cloud.credentials`).
"""

from __future__ import annotations

from pathlib import Path

import click

from alicloud_gov.adopt.account import TYPES, Filter, read_account
from alicloud_gov.adopt.writer import write_program
from alicloud_gov.cli.command import Command, fail
from alicloud_gov.cli.exit_codes import AdoptExit
from alicloud_gov.cloud import Cloud, CloudConfig, CloudError, ProfileCredentials

_HEADER = "The RAM, ResourceManager and ECR entities of account {uid}, read by alicloud-gov adopt."


@click.command("adopt", cls=Command)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--endpoint", help="Send every call to this host, e.g. 127.0.0.1:8080 for the emulator.")
@click.option("--region", help="The region (default: ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION, cn-hangzhou).")
@click.option("--profile", help="An aliyun CLI profile to take credentials from (default: the credentials chain).")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="KEY=VALUE",
    help=f"prefix=NAME-PREFIX, resource-group=ID|NAME or type=KIND ({', '.join(TYPES)}). Repeatable.",
)
@click.option("--project", help="The Pulumi project name (default: the directory's name).")
@click.option("--force", is_flag=True, help="Overwrite __main__.py, Pulumi.yaml and import.json in DIR.")
def adopt(
    directory: Path,
    endpoint: str | None,
    region: str | None,
    profile: str | None,
    filters: tuple[str, ...],
    project: str | None,
    force: bool,
) -> int:
    """Write a program declaring an existing account's RAM users, groups, memberships, roles, custom policies,
    attachments (account and resource-group scope), resource groups and ECR grants, and its import.json.

    Then, in DIR: pulumi stack init, set alicloud-gov:endpoint / region as for any stack,
    pulumi import --file import.json --yes --generate-code=false, and pulumi preview shows no change.
    System defaults (the default resource group, service-linked roles, system policies) are left out and listed.
    """
    try:
        wanted = Filter.parse(filters)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    existing = [name for name in ("__main__.py", "Pulumi.yaml", "import.json") if (directory / name).exists()]
    if existing and not force:
        raise click.UsageError(f"{directory} already has {', '.join(existing)} (--force overwrites)")
    overrides: dict[str, object] = {}
    if endpoint:
        overrides["endpoint"] = endpoint
    if region:
        overrides["region"] = region
    if profile:
        overrides["credentials"] = ProfileCredentials(profile)
    try:
        cloud = Cloud(CloudConfig.from_env(None, **overrides))
        uid = str(cloud.caller_identity().get("AccountId", ""))
        result = read_account(cloud, wanted, progress=lambda line: click.echo(line, err=True))
    except (CloudError, ValueError) as error:
        fail(str(error))
    header = _HEADER.format(uid=uid or "(unknown)")
    write_program(directory, result.declarations, project=project or directory.resolve().name, header=header)
    imported = sum(1 for item in result.declarations if item.import_id is not None)
    click.echo(f"wrote {directory / '__main__.py'}: {len(result.declarations)} resources, {imported} to import")
    if result.skipped:
        click.echo(f"left out ({len(result.skipped)}):")
        for line in result.skipped:
            click.echo(f"  {line}")
    click.echo(f"next: cd {directory} && pulumi import --file import.json --yes --generate-code=false")
    return int(AdoptExit.OK)
