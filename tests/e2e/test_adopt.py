"""``alicloud-gov adopt`` on a messy account in the emulator, then the real Pulumi CLI: ``pulumi import --file``
of the written import.json and ``pulumi preview --expect-no-changes`` of the written program, with the component-shaped
sets declared as ResourceGroupAccess and CrossAccountAccess (issue 13, item 2)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from emulator_helpers import ACME_UID, PARTNER_UID, configure_provider, root_cloud, settle

from alicloud_gov.cli.main import cli
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject

sys.path.insert(0, str(Path(__file__).parents[1]))
from messy_account import build


def test_adopting_a_messy_account_imports_and_previews_clean(
    tmp_path: Path, cloud_emulator: RunningEmulator, pulumi_project: Callable[..., PulumiProject]
) -> None:
    built = build(root_cloud(cloud_emulator), root_cloud(cloud_emulator, PARTNER_UID))
    settle(cloud_emulator)  # the seeded account readable (a no-op without the realistic profile)
    account = cloud_emulator.account(ACME_UID)
    env = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": account.access_key_id,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": account.access_key_secret,
    }
    out = tmp_path / "adopted"
    result = CliRunner().invoke(cli, ["adopt", str(out), "--endpoint", cloud_emulator.endpoint], env=env)
    assert result.exit_code == 0, result.output
    assert f"role {built.service_linked_role}: service-linked" in result.output
    assert "the account's default group" in result.output

    resources = json.loads((out / "import.json").read_text())["resources"]
    by_type: dict[str, int] = {}
    for item in resources:
        by_type[item["type"].rsplit(":", 1)[1]] = by_type.get(item["type"].rsplit(":", 1)[1], 0) + 1
    assert by_type["RamUser"] == 50 and by_type["RamGroup"] == 10 and by_type["RamPolicy"] == 31
    assert by_type["RamRole"] == 20 and by_type["ResourceGroup"] == 5 and by_type["EcrGrant"] == 1
    assert by_type["RamGroupMembership"] == 60 and by_type["PolicyAttachment"] == 58 + 16 + 3
    assert by_type["ResourceGroupAccess"] == 1 and by_type["CrossAccountAccess"] == 5  # vendor-audit, 4 partner roles
    source = (out / "__main__.py").read_text()
    assert 'gov.ResourceGroupAccess(\n    "ml-shared-access",' in source
    assert 'gov.CrossAccountAccess(\n    "vendor-audit",' in source

    project = pulumi_project("adopted", (out / "__main__.py").read_text())
    configure_provider(project, cloud_emulator)
    (project.directory / "import.json").write_text((out / "import.json").read_text())
    project.run("import", "--file", "import.json", "--yes", "--non-interactive", "--generate-code=false")
    project.run("preview", "--expect-no-changes", "--non-interactive")
