"""The Pulumi SDK internals the package relies on: all present in the installed SDK, used from one module only,
named when one goes missing, and the SDK pinned to the range these tests ran against."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.version import Version
from pulumi.runtime import rpc

from alicloud_gov import pulumi_internals
from alicloud_gov.pulumi_internals import SdkDrift

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "alicloud_gov"

PRIVATE_USE = re.compile(
    r"pulumi\.runtime\.(?:settings|stack|rpc|_\w+)|from pulumi\.runtime import [^\n]*\b(?:rpc|settings|stack)\b"
    r"|from pulumi\.output import|\bSETTINGS\b|\brpc\._|_special_\w+|_GRPC_\w+|setattr\(\w*Servicer"
)
"""How a use of the SDK's internals reads in source: private modules and names, the run settings, rpc helpers."""


def test_every_hook_is_present_in_the_installed_sdk() -> None:
    assert pulumi_internals.problems() == []


def test_only_pulumi_internals_touches_the_sdk_internals() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "pulumi_internals.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE_USE.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []


def test_a_missing_attribute_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(rpc, "_special_secret_sig")
    assert any("pulumi.runtime.rpc._special_secret_sig" in problem for problem in pulumi_internals.problems())
    with pytest.raises(SdkDrift, match=r"pulumi\.runtime\.rpc\._special_secret_sig .*alicloud_gov/pulumi_internals"):
        pulumi_internals.secret_value({"value": "x"})


def test_a_changed_shape_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi.provider.experimental.server import ProviderServicer

    monkeypatch.setattr(ProviderServicer, "Create", lambda self, request, context: None)
    assert any("ProviderServicer.Create" in problem for problem in pulumi_internals.problems())
    with pytest.raises(SdkDrift, match=r"ProviderServicer\.Create"):
        pulumi_internals.servicer_wrapping(("Create",), lambda method: method)


def test_the_hooks_behave_as_the_package_expects() -> None:
    from pulumi.output import Unknown

    assert pulumi_internals.is_unknown(Unknown()) and pulumi_internals.is_unknown(pulumi_internals.wire_unknown())
    assert not pulumi_internals.is_unknown("a value")
    wrapped = {rpc._special_sig_key: rpc._special_secret_sig, "value": "s3cret"}
    assert pulumi_internals.secret_value(wrapped) == (True, "s3cret")
    assert pulumi_internals.secret_value({"value": "plain"}) == (False, None)
    options = dict(pulumi_internals.grpc_channel_options())
    assert options["grpc.max_receive_message_length"] > 4 * 1024 * 1024  # the SDK raises the 4 MiB default


def test_the_sdk_is_pinned_to_the_tested_minor_versions() -> None:
    """pyproject.toml allows only the SDK minor versions these tests ran against (a new one is tried on purpose)."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    [pin] = [Requirement(text) for text in dependencies if Requirement(text).name == "pulumi"]
    installed = Version(version("pulumi"))
    assert installed in pin.specifier, (str(pin.specifier), str(installed))
    uppers = [Version(spec.version) for spec in pin.specifier if spec.operator == "<"]
    assert uppers and uppers[0].major == installed.major and uppers[0].minor <= installed.minor + 2, str(pin)
