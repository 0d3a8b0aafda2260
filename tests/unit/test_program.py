"""Running a Pulumi program under mocks: what it declares, what is unknown, how failures read."""

from __future__ import annotations

import gc
import logging
import sys
import warnings
from pathlib import Path

import pytest

from alicloud_gov.plan import UNKNOWN
from alicloud_gov.program import ProgramError, run_program

PROGRAMS = Path(__file__).parent.parent / "data" / "programs"


def test_declared_resources_providers_config_and_unknowns() -> None:
    program = run_program(PROGRAMS / "partner", stack="dev")
    assert program.project == "partner-demo"
    role = program.of_type("RamRole")[0]
    assert role.inputs["trustedAccounts"] == ["2000000000000002"]  # from Pulumi.dev.yaml
    assert role.provider is None
    policy = program.of_type("RamPolicy")[0]
    assert policy.provider == "partner"
    assert policy.inputs["document"] is UNKNOWN  # built from the role's ARN: known only after apply
    assert policy.unknown_inputs() == ["document"]
    provider = program.providers()["partner"]
    assert provider.inputs["accessKeySecret"] == "s"  # secret wrapper unwrapped
    assert role.inputs.get("description") == "[secret]"  # a secure config value: present, not decrypted


def test_config_override_and_missing_required_config() -> None:
    program = run_program(PROGRAMS / "partner", stack="dev", config={"partner-demo:partnerAccount": "3000000000000003"})
    assert program.of_type("RamRole")[0].inputs["trustedAccounts"] == ["3000000000000003"]
    with pytest.raises(ProgramError, match="partnerAccount"):
        run_program(PROGRAMS / "partner", stack="other")


def test_program_failure_and_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProgramError, match="boom in the program"):
        run_program(PROGRAMS / "broken")
    with pytest.raises(ProgramError, match=r"no Pulumi\.yaml"):
        run_program(tmp_path)
    (tmp_path / "Pulumi.yaml").write_text("name: x\nruntime: nodejs\n")
    with pytest.raises(ProgramError, match="only Python and YAML programs"):
        run_program(tmp_path)


RAISES_WITH_PENDING_WORK = """
import json
import alicloud_gov.resources as gov

role = gov.RamRole("ops", trusted_accounts=["2000000000000002"])
gov.RamPolicy("p", document=role.arn.apply(lambda arn: json.dumps({"Version": "1", "Statement": []})))
raise RuntimeError("late failure")
"""


def test_a_run_leaves_no_event_loop_or_task_behind(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each run's event loops (its own and its worker threads') are drained and closed: nothing pending is
    destroyed later, no loop is left unclosed, and none fails in ``__del__`` (``Invalid file descriptor: -1``)."""
    (tmp_path / "Pulumi.yaml").write_text("name: raises\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(RAISES_WITH_PENDING_WORK)
    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda hook: unraisable.append(f"{hook.exc_type}: {hook.exc_value}"))
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG, logger="asyncio"):
        warnings.simplefilter("always")
        for _ in range(2):
            run_program(PROGRAMS / "partner", stack="dev")
            with pytest.raises(ProgramError, match="late failure"):
                run_program(tmp_path)
        gc.collect()
    problems = [str(w.message) for w in caught if "event loop" in str(w.message) or "never awaited" in str(w.message)]
    problems += [
        r.getMessage() for r in caplog.records if "destroyed" in r.getMessage() or "descriptor" in r.getMessage()
    ]
    assert problems + unraisable == []
