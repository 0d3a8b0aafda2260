"""Two of issue 14's items with the real Pulumi CLI: ``pulumi import`` of an id that does not exist (item 3), and a
resource group whose wait for ``OK`` outlasts the user's ``customTimeouts`` create (items 9 and 13).

terraform-provider-alicloud is the reference for the second: resource_alicloud_resource_manager_resource_group.go
sets the id right after CreateResourceGroup, then waits for ``OK`` within the create timeout; a failed wait keeps
the group in its state. Pulumi's counterpart is the initialization failure: the ``up`` fails, the state keeps the
resource with its id, and the next ``up`` resumes it instead of creating a second group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from alibabacloud_resourcemanager20200331 import models as rm_models
from alibabacloud_resourcemanager20200331.client import Client as RmClient

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject
from tests.e2e.emulator_helpers import ACME_UID, EMPTY, configure_provider, leftovers, root_cloud

EMPTY_PROGRAM = """
import alicloud_gov  # noqa: F401  (the provider plugin is the one under test; nothing is declared)
"""

GROUP = "slow-rg"
PARTIAL_PROGRAM = f"""
import pulumi
import alicloud_gov as gov

timeout = pulumi.Config().require("waitFor")
gov.ResourceGroup(
    "{GROUP}",
    name="{GROUP}",
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create=timeout, update=timeout)),
)
"""
CREATING_MS = 20_000
"""How long a new group stays ``Creating`` (and reads lag writes) in the first ``up``: far past its timeout."""
SHORT_TIMEOUT = "3s"
LONG_TIMEOUT = "10m"


def _resources(project: PulumiProject) -> list[dict[str, Any]]:
    """The stack's resources of this provider, from ``pulumi stack export``."""
    deployment = project.export_state().get("deployment") or {}
    return [r for r in deployment.get("resources") or [] if str(r.get("type", "")).startswith("alicloud-gov:index:")]


def _groups_named(
    emulator: RunningEmulator, name: str
) -> list[rm_models.ListResourceGroupsResponseBodyResourceGroupsResourceGroup]:
    """The account's resource groups called ``name``, read with the official ResourceManager SDK."""
    client = RmClient(emulator.root_config(ACME_UID))
    body = client.list_resource_groups(rm_models.ListResourceGroupsRequest(name=name, page_size=100)).body
    return [group for group in body.resource_groups.resource_group if group.name == name]


def test_import_of_a_missing_id_fails_naming_it_and_leaves_nothing_in_state(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("import-missing", EMPTY_PROGRAM)
    configure_provider(project, cloud_emulator)
    for type_token, name, missing_id in (
        ("alicloud-gov:index:RamUser", "ghost", "no-such-user"),
        ("alicloud-gov:index:ResourceGroup", "ghost-rg", "rg-doesnotexist0001"),
    ):
        result = project.run(
            "import", type_token, name, missing_id, "--yes", "--non-interactive", "--generate-code=false", check=False
        )
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert f"cannot import {missing_id!r}" in output, output
        assert "1 imported" not in output, output
        assert _resources(project) == [], f"{type_token} {missing_id} left in the stack's state"
    assert leftovers(root_cloud(cloud_emulator)) == EMPTY


def test_group_wait_outlasting_custom_timeout_is_kept_and_the_next_up_converges(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("partial-rg", PARTIAL_PROGRAM)
    configure_provider(project, cloud_emulator)
    profile = cloud_emulator.emulator.faults.config
    cloud_emulator.set_faults(replace(profile, consistency_delay_ms=CREATING_MS))
    project.set_config("waitFor", SHORT_TIMEOUT)

    failed = project.run("up", "--yes", "--skip-preview", "--non-interactive", check=False)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0, output
    [created] = _groups_named(cloud_emulator, GROUP)
    assert f"created as {created.id}" in output, output
    [kept] = _resources(project)
    assert (kept["type"], kept["id"]) == ("alicloud-gov:index:ResourceGroup", created.id)
    assert kept.get("initErrors"), kept  # Pulumi's record of an initialization failure

    project.set_config("waitFor", LONG_TIMEOUT)
    project.up()
    [group] = _groups_named(cloud_emulator, GROUP)
    assert (group.id, group.status) == (created.id, "OK")
    [resumed] = _resources(project)
    assert resumed["id"] == created.id and not resumed.get("initErrors")
    assert resumed["outputs"]["status"] == "OK"

    cloud_emulator.set_faults(profile)
    project.destroy()
    assert leftovers(root_cloud(cloud_emulator)) == EMPTY
