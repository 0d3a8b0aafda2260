#!/usr/bin/env bash
# `make demo`: the main job end to end on the emulator, offline, no credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }

step "toolchain"
pulumi version
step "alicloud-gov --help"
alicloud-gov --help
