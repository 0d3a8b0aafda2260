"""Build the installable provider plugin (``make dist``): the wheel, a wheelhouse and the Pulumi plugin archive.

Writes into ``dist/`` (or ``--dist-dir``):

- ``alicloud_gov-<V>-py3-none-any.whl``: the package;
- ``wheels/``: that wheel and every dependency as wheels for this platform and Python (a wheelhouse for
  ``pip install --no-index --find-links dist/wheels alicloud-gov``);
- ``pulumi-resource-alicloud-gov-v<V>-<os>-<arch>.tar.gz`` (Pulumi's plugin asset name, so a folder of these
  serves as a ``pluginDownloadURL``) holding the launcher ``pulumi-resource-alicloud-gov`` (scripts/plugin_launcher.py),
  ``wheels/`` and ``requirements.txt`` (exact versions); plus ``<archive>.sha256``.

``pulumi plugin install resource alicloud-gov <V> --file <archive>`` installs it. The wheel is built from a staged
copy of the tree, so the checkout is left untouched; with ``ALICLOUD_GOV_PLUGIN_DOWNLOAD_URL`` (or
``--plugin-download-url``) set, the staged ``pulumi-plugin.json`` gets that ``server``, which the schema serves as
``pluginDownloadURL``. Dependency wheels are cached in ``dist/.cache/wheels`` and reused offline; ``--refresh``
resolves them again from the package index. Idempotent: a rerun rebuilds the same files (the archive's
members carry fixed owners and times).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # the tomli backport, a dependency on Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "scripts" / "plugin_launcher.py"
MANIFEST = Path("alicloud_gov") / "pulumi-plugin.json"
DOWNLOAD_URL_VARIABLE = "ALICLOUD_GOV_PLUGIN_DOWNLOAD_URL"
STAGED = ("pyproject.toml", "README.md", "alicloud_gov")
GO_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
"""Machine names as Python reports them, to Go's GOARCH, which Pulumi puts in plugin asset names."""
WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)-.+\.whl$")


def log(message: str) -> None:
    """One progress line on stderr."""
    print(f"==> {message}", file=sys.stderr, flush=True)


def project_version() -> str:
    """The version in pyproject.toml, checked against ``alicloud_gov.__version__`` and the plugin manifest."""
    version = str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])
    init = (ROOT / "alicloud_gov" / "__init__.py").read_text()
    found = re.search(r'^__version__ = "([^"]+)"$', init, re.MULTILINE)
    manifest = json.loads((ROOT / MANIFEST).read_text())["version"]
    versions = {
        "pyproject.toml": version,
        "alicloud_gov/__init__.py": found and found.group(1),
        str(MANIFEST): manifest,
    }
    if len(set(versions.values())) != 1:
        sys.exit(f"dist: the version differs between files: {versions}")
    return version


def platform_tag() -> tuple[str, str]:
    """This machine's (os, arch) as Pulumi names them in plugin assets (``linux``/``darwin``, ``amd64``/``arm64``)."""
    system = platform.system().lower()
    machine = platform.machine().lower()
    if system not in {"linux", "darwin"} or machine not in GO_ARCH:
        sys.exit(f"dist: unsupported platform {system}/{machine} (the launcher runs on Linux and macOS)")
    return system, GO_ARCH[machine]


def pip(*args: str, on_failure: str = "show") -> bool:
    """Run pip of this interpreter; True on success. Its output is held back and shown on stderr only when it
    fails, unless ``on_failure`` is ``"hide"`` (an attempt whose failure is expected and handled)."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 and on_failure == "show":
        sys.stderr.write(result.stdout + result.stderr)
    return result.returncode == 0


def stage_source(stage: Path, download_url: str | None) -> None:
    """Copy the package sources into ``stage``, with the download server written into the staged manifest."""
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in STAGED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, stage / name, ignore=ignore)
        else:
            shutil.copy2(source, stage / name)
    manifest = json.loads((stage / MANIFEST).read_text())
    manifest.pop("server", None)
    if download_url:
        manifest["server"] = download_url
    (stage / MANIFEST).write_text(json.dumps(manifest) + "\n")


def build_wheel(stage: Path, dist: Path, version: str) -> Path:
    """Build the package's wheel from the staged sources into ``dist``."""
    wheel = dist / f"alicloud_gov-{version}-py3-none-any.whl"
    wheel.unlink(missing_ok=True)
    log(f"building {wheel.name}")
    if not pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(stage)) or not wheel.is_file():
        sys.exit("dist: building the wheel failed")
    return wheel


def vendor(wheel: Path, cache: Path, wheelhouse: Path, refresh: bool) -> None:
    """Fill ``wheelhouse`` with ``wheel`` and exactly its dependency closure, resolved through ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    links = ["--find-links", str(cache), "--wheel-dir", str(cache)]
    if refresh or not pip("wheel", "--quiet", "--no-index", *links, str(wheel), on_failure="hide"):
        log("resolving the dependencies from the package index (cached in the dist folder afterwards)")
        if not pip("wheel", "--quiet", *links, str(wheel)):
            sys.exit("dist: building the dependency wheels failed")
    shutil.rmtree(wheelhouse, ignore_errors=True)
    if not pip(
        "wheel", "--quiet", "--no-index", "--find-links", str(cache), "--wheel-dir", str(wheelhouse), str(wheel)
    ):
        sys.exit("dist: collecting the dependency closure failed")


def requirements(wheelhouse: Path) -> str:
    """The exact versions of the wheelhouse, alicloud-gov first, as a pip requirements file."""
    pins = []
    for path in sorted(wheelhouse.glob("*.whl")):
        match = WHEEL_NAME.match(path.name)
        if match is None:
            sys.exit(f"dist: not a wheel file name: {path.name}")
        pins.append(f"{match['name'].replace('_', '-').lower()}=={match['version']}")
    pins.sort(key=lambda pin: (not pin.startswith("alicloud-gov=="), pin))
    return (
        "# The exact versions the plugin's virtualenv installs (written by scripts/dist.py).\n" + "\n".join(pins) + "\n"
    )


def _entry(name: str, size: int, mode: int) -> tarfile.TarInfo:
    """A tar member with fixed owner and time, so equal inputs give equal archives."""
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, mode, int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_archive(archive: Path, wheelhouse: Path, pins: str) -> None:
    """Write the plugin archive: launcher, requirements and wheels at its root."""
    files: list[tuple[str, bytes, int]] = [
        ("pulumi-resource-alicloud-gov", LAUNCHER.read_bytes(), 0o755),
        ("requirements.txt", pins.encode(), 0o644),
    ]
    files += [(f"wheels/{path.name}", path.read_bytes(), 0o644) for path in sorted(wheelhouse.glob("*.whl"))]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        folder = _entry("wheels", 0, 0o755)
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        for name, data, mode in files:
            tar.addfile(_entry(name, len(data), mode), io.BytesIO(data))
    with archive.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as zipped:
        zipped.write(buffer.getvalue())
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    archive.with_name(archive.name + ".sha256").write_text(f"{digest}  {archive.name}\n")


def main(argv: list[str] | None = None) -> None:
    """Build the wheel, the wheelhouse and the plugin archive; print the archive's path on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist-dir", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--plugin-download-url", default=os.environ.get(DOWNLOAD_URL_VARIABLE) or None)
    parser.add_argument("--refresh", action="store_true", help="resolve dependency wheels from the index again")
    options = parser.parse_args(argv)

    version = project_version()
    system, arch = platform_tag()
    dist = options.dist_dir.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    cache = ROOT / "dist" / ".cache" / "wheels"
    stage = ROOT / "dist" / ".cache" / f"stage-{os.getpid()}"
    try:
        stage_source(stage, options.plugin_download_url)
        wheel = build_wheel(stage, dist, version)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    wheelhouse = dist / "wheels"
    vendor(wheel, cache, wheelhouse, options.refresh)
    archive = dist / f"pulumi-resource-alicloud-gov-v{version}-{system}-{arch}.tar.gz"
    write_archive(archive, wheelhouse, requirements(wheelhouse))
    log(f"{archive.name}: {archive.stat().st_size / 1e6:.1f} MB, {len(list(wheelhouse.glob('*.whl')))} wheels")
    log(f"install it with: pulumi plugin install resource alicloud-gov {version} --file {archive}")
    print(archive)


if __name__ == "__main__":
    main()
