"""Fixtures for end-to-end tests that drive the real Pulumi CLI, offline, on a per-test file backend.

Use ``pulumi_project`` to get a factory that writes a Python Pulumi project into a temporary folder, points its
runtime at this repository's virtualenv and creates a stack on a private file backend::

    def test_something(pulumi_project):
        project = pulumi_project("demo", PROGRAM_SOURCE)
        project.set_config("greeting", "hi")
        steps = project.preview()["steps"]
        project.up()
        assert project.outputs()["label"] == "box-one"

There is no skip: without a Pulumi CLI (``make toolchain``) these tests fail with a message saying so.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from alicloud_gov.emulator.faults import FaultConfig
from alicloud_gov.emulator.profile import profile_from_env
from alicloud_gov.emulator.testing import RunningEmulator, start_emulator
from alicloud_gov.toolchain import PulumiProject, pulumi_env, select_stack, write_python_project
from tests.e2e.emulator_helpers import (
    ACME_UID,
    PARTNER_UID,
    leftovers,
    network_ids,
    root_cloud,
    settle,
    settle_delay_ms,
)

DEFAULT_STACK = "test"
E2E_PROFILE: str | None = "realistic"
"""The emulator profile of the e2e tier unless ALICLOUD_GOV_EMULATOR_PROFILE says otherwise (``none``: off)."""
SOAK_FAULTS_ENV = "ALICLOUD_GOV_SOAK_FAULTS"
"""JSON FaultConfig fields (``make soak``) injected while a pulumi command runs, over the profile: the engine's
provider meets throttling, 5xx and lost responses; the test's own SDK calls and checks do not."""
SOAK_REPORT_ENV = "ALICLOUD_GOV_SOAK_REPORT"
"""A JSON-lines file (``make soak``): after each test, what each account still holds, read through the SDK."""


@pytest.fixture
def pulumi_state_dir(tmp_path: Path) -> Path:
    """A private file backend (and PULUMI_HOME inside it) for one test."""
    state = tmp_path / "state"
    state.mkdir()
    return state


@pytest.fixture
def pulumi_environment(pulumi_state_dir: Path) -> dict[str, str]:
    """The offline Pulumi environment for one test; fails (never skips) when no Pulumi CLI is available."""
    return pulumi_env(pulumi_state_dir)


@pytest.fixture
def pulumi_project(tmp_path: Path, pulumi_environment: dict[str, str]) -> Callable[..., PulumiProject]:
    """Factory: ``pulumi_project(name, program, stack="test", **write_python_project_kwargs)``.

    Writes the project under the test's temporary folder, then creates and selects the stack.
    """

    def create(name: str, program: str, stack: str = DEFAULT_STACK, **kwargs: Any) -> PulumiProject:
        directory = write_python_project(tmp_path / "projects" / name, name, program, **kwargs)
        select_stack(stack, cwd=directory, env=pulumi_environment)
        return PulumiProject(directory=directory, env=pulumi_environment, stack=stack)

    return create


@pytest.fixture
def cloud_emulator(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningEmulator]:
    """A private emulator for one test (the engine's provider plugin reaches it over loopback HTTP), with the
    tier's profile (:data:`E2E_PROFILE`, or the one ALICLOUD_GOV_EMULATOR_PROFILE names)."""
    profile = profile_from_env(E2E_PROFILE) or FaultConfig()
    with start_emulator(faults=profile) as running:
        soak_faults = os.environ.get(SOAK_FAULTS_ENV)
        during = FaultConfig.from_mapping(json.loads(soak_faults), profile) if soak_faults else None
        report = os.environ.get(SOAK_REPORT_ENV)
        made_by_pulumi: set[str] | None = set() if report else None
        if settle_delay_ms(profile) or during is not None or report:
            _settle_around_pulumi(monkeypatch, running, during, made_by_pulumi)
        yield running
        if report:
            running.set_faults(profile)
            settle(running)  # past reads lagging the deletes
            clouds = {uid: root_cloud(running, uid) for uid in (ACME_UID, PARTNER_UID)}
            # VPCs and ECRs the test made itself (no example makes one) are fixtures, not leaks.
            fixtures = set().union(*(network_ids(cloud) for cloud in clouds.values())) - (made_by_pulumi or set())
            left = {uid: leftovers(cloud, fixtures) for uid, cloud in clouds.items()}
            with open(report, "a", encoding="utf-8") as stream:
                stream.write(json.dumps({"test": request.node.nodeid, "leftovers": left}) + "\n")


def _settle_around_pulumi(
    monkeypatch: pytest.MonkeyPatch,
    running: RunningEmulator,
    during: FaultConfig | None,
    made_by_pulumi: set[str] | None = None,
) -> None:
    """Each pulumi command starts and ends on a settled cloud: the test's own writes are visible to the provider
    and the provider's to the test's checks, while inside the command reads lag writes (the profile) and, with
    ``during`` (``make soak``), throttling, 5xx and lost responses hit the engine's provider only. With
    ``made_by_pulumi``, the VPC and ECR ids that appeared during a command are added to it."""
    original = PulumiProject.run
    commands = itertools.count()

    def network() -> set[str]:
        return set().union(*(network_ids(root_cloud(running, uid)) for uid in (ACME_UID, PARTNER_UID)))

    def run(self: PulumiProject, *args: str, check: bool = True) -> Any:
        quiet = running.emulator.faults.config
        settle(running)
        before = network() if made_by_pulumi is not None else set()
        if during is not None:
            running.set_faults(replace(during, seed=during.seed * 1000 + next(commands)))  # new dice per command
        try:
            return original(self, *args, check=check)
        finally:
            running.set_faults(quiet)
            settle(running)
            if made_by_pulumi is not None:
                made_by_pulumi.update(network() - before)

    monkeypatch.setattr(PulumiProject, "run", run)
