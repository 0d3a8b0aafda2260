"""The provider plugin's manifest: the ``pulumi-plugin.json`` this package ships next to its code.

Pulumi's language hosts read it from an installed package to learn which resource plugin a program needs (name,
version) and where to download it (``server``, the same value as the schema's ``pluginDownloadURL``). The source
tree's copy has no ``server``; ``scripts/dist.py`` writes one into the wheel it builds when given a download URL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

MANIFEST_FILE = "pulumi-plugin.json"
"""The manifest's file name inside the ``alicloud_gov`` package (Pulumi's PulumiPluginJSON)."""


@dataclass(frozen=True)
class PluginManifest:
    """What the manifest says: the plugin's name and version, and its download server when one is set."""

    name: str
    version: str
    server: str | None


def plugin_manifest() -> PluginManifest:
    """Read the package's ``pulumi-plugin.json``."""
    text = resources.files("alicloud_gov").joinpath(MANIFEST_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return PluginManifest(name=data["name"], version=data["version"], server=data.get("server") or None)
