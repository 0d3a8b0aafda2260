"""The tooling's default secrets passphrase: never empty, so a stack's secrets need the state folder's key."""

from __future__ import annotations

from collections.abc import Callable

from alicloud_gov.toolchain import PulumiProject, run_pulumi

PROGRAM = """
import pulumi

pulumi.export("token", pulumi.Config().require_secret("token"))
"""

SECRET = "AcmeRootSecret0001-do-not-show"


def test_default_stack_secrets_do_not_decrypt_with_an_empty_passphrase(
    pulumi_project: Callable[..., PulumiProject],
) -> None:
    project = pulumi_project("passphrase-default", PROGRAM)
    project.set_config("token", SECRET, secret=True)
    project.up()
    # With the tooling's environment the secret reads back...
    assert project.outputs(show_secrets=True)["token"] == SECRET
    # ...and with an empty passphrase (the old default) neither the config nor the state decrypts.
    empty = {k: v for k, v in project.env.items() if k != "PULUMI_CONFIG_PASSPHRASE_FILE"}
    empty["PULUMI_CONFIG_PASSPHRASE"] = ""
    for args in (["config", "get", "token"], ["stack", "export", "--show-secrets"]):
        result = run_pulumi(args, cwd=project.directory, env=empty, check=False)
        assert result.returncode != 0, f"`pulumi {' '.join(args)}` decrypted with an empty passphrase"
        assert SECRET not in result.stdout + result.stderr
        assert "passphrase" in result.stderr.lower()
