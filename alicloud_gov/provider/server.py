"""Entry point of the ``pulumi-resource-alicloud-gov`` plugin executable."""

from __future__ import annotations

import sys

from pulumi.provider.experimental.server import main as serve

from alicloud_gov import __version__
from alicloud_gov.provider.provider import AlicloudGovProvider


def main() -> None:
    """Serve the provider over gRPC for the Pulumi engine (prints the port, then blocks)."""
    serve(sys.argv[1:], __version__, AlicloudGovProvider())


if __name__ == "__main__":
    main()
