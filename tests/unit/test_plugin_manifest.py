"""The plugin manifest (pulumi-plugin.json) agrees with the package, and its server is the schema's download URL."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import pytest

from alicloud_gov import __version__
from alicloud_gov.spec import schema
from alicloud_gov.spec.plugin import PluginManifest, plugin_manifest
from alicloud_gov.spec.tokens import PACKAGE
from alicloud_gov.toolchain import repo_root

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


@pytest.fixture
def fresh_schema() -> Iterator[None]:
    """package_schema is cached per version: clear it around a test that changes the manifest it reads."""
    schema.package_schema.cache_clear()
    yield
    schema.package_schema.cache_clear()


def test_the_manifest_names_the_package_and_its_version() -> None:
    manifest = plugin_manifest()
    root = repo_root()
    assert root is not None
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert (manifest.name, manifest.version) == (PACKAGE, __version__)
    assert project["version"] == __version__


def test_the_source_manifest_has_no_download_server_so_the_schema_has_no_download_url(fresh_schema: None) -> None:
    assert plugin_manifest().server is None
    assert "pluginDownloadURL" not in json.loads(schema.package_schema(__version__))


def test_a_release_manifest_server_is_the_schema_plugin_download_url(
    fresh_schema: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://downloads.example.com/alicloud-gov/v${VERSION}"
    monkeypatch.setattr(schema, "plugin_manifest", lambda: PluginManifest(PACKAGE, __version__, url))
    assert json.loads(schema.package_schema(__version__))["pluginDownloadURL"] == url
