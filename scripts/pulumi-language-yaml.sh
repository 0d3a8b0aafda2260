#!/usr/bin/env bash
# Provide pulumi-language-yaml, the language host for Pulumi YAML programs (`make toolchain`). Idempotent.
#
# 1. When scripts/pulumi-toolchain.sh chose a Pulumi installation on PATH (nothing built in .tools/bin) and that
#    installation ships pulumi-language-yaml next to its `pulumi`, that host is used (same release as the CLI).
# 2. Otherwise the host is built into .tools/bin (an ignored folder), next to the CLI of scripts/pulumi-toolchain.sh:
#    scripts/pulumi-language-yaml/main.go serves github.com/pulumi/pulumi-yaml/pkg/server at YAML_VERSION (from
#    the Go module proxy), loading schemas through the engine and adding the Link RPC that `pulumi package add`
#    needs and that server lacks (see the comment at the top of main.go). pulumi-converter-yaml, from the same
#    module, is built next to it for `pulumi convert --from yaml`.
#    It builds in its own scratch module (.tools/go-build-yaml) at the Pulumi SDK version pulumi-yaml's go.mod
#    requires: pulumi-yaml v1.25.0 does not compile against the newer pkg/v3 the CLI is built from.
# 3. A warm machine reuses the build: .tools/bin/.language-yaml-stamp records what was built.
#
# Options: --rebuild ignores both the PATH binary and the stamp. Environment: YAML_VERSION (default below),
# GOMODCACHE / GOCACHE as usual for Go.
set -euo pipefail

YAML_VERSION="${YAML_VERSION:-1.25.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin"
SCRATCH="$TOOLS/go-build-yaml"
STAMP="$BIN/.language-yaml-stamp"
HOST_SOURCE="$ROOT/scripts/pulumi-language-yaml/main.go"
MODULE="github.com/pulumi/pulumi-yaml"
LOG_NAME=language-yaml
# shellcheck source=scripts/toolchain-common.sh
source "$ROOT/scripts/toolchain-common.sh"

REBUILD=0
for arg in "$@"; do
	case "$arg" in
	--rebuild) REBUILD=1 ;;
	-h | --help)
		sed -n '2,15p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	*) fail "unknown option: $arg (supported: --rebuild)" ;;
	esac
done

# Go's progress lines, without the per-module noise.
# 1. The Pulumi installation on PATH that the toolchain uses, with its own YAML language host.
if [[ $REBUILD == 0 && ! -x "$BIN/pulumi" ]] && ambient="$(PATH="$(ambient_path)" command -v pulumi)" &&
	[[ -x "$(dirname "$ambient")/pulumi-language-yaml" ]]; then
	log "using $(dirname "$ambient")/pulumi-language-yaml from PATH ($(elapsed))"
	exit 0
fi

[[ -f "$HOST_SOURCE" ]] || fail "missing $HOST_SOURCE"

# 2. A previous build that still matches.
WANTED="pulumi-yaml=v$YAML_VERSION host=$(sha256sum "$HOST_SOURCE" | cut -c1-16) converter=1"
if [[ $REBUILD == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$WANTED" && -x "$BIN/pulumi-language-yaml" ]] &&
	[[ -x "$BIN/pulumi-converter-yaml" ]]; then
	log "pulumi-language-yaml v$YAML_VERSION already built in .tools/bin ($(elapsed))"
	exit 0
fi

if ! command -v go >/dev/null 2>&1; then
	fail "pulumi-language-yaml is not on PATH and Go is not installed. Install Go 1.24+ and rerun" \
		"\`make toolchain\` to build pulumi-language-yaml v$YAML_VERSION into .tools/bin."
fi

# 3. Build from the Go module proxy in a scratch module.
log "building pulumi-language-yaml v$YAML_VERSION into .tools/bin (cold: a few minutes)"
export GOFLAGS="-mod=mod -buildvcs=false"
mkdir -p "$BIN" "$SCRATCH/host"
cp "$HOST_SOURCE" "$SCRATCH/host/main.go"
cd "$SCRATCH"
if [[ ! -f go.mod ]] || ! grep -q "$MODULE v$YAML_VERSION" go.mod; then
	rm -f go.mod go.sum
	go mod init example.invalid/alicloud-gov-language-yaml >/dev/null 2>&1
	log "resolving modules ($(elapsed))"
	go get "$MODULE@v$YAML_VERSION" 2>&1 | quiet_go
	grep -q "$MODULE v$YAML_VERSION" go.mod || fail "could not resolve $MODULE@v$YAML_VERSION from the Go module proxy"
fi
log "compiling pulumi-language-yaml ($(elapsed))"
go build -ldflags "-X $MODULE/pkg/version.Version=v$YAML_VERSION" -o "$BIN/pulumi-language-yaml" ./host 2>&1 |
	quiet_go
# The YAML converter of the same module, for `pulumi convert --from yaml`.
log "compiling pulumi-converter-yaml ($(elapsed))"
go build -o "$BIN/pulumi-converter-yaml" "$MODULE/cmd/pulumi-converter-yaml" 2>&1 | quiet_go
built="$("$BIN/pulumi-language-yaml" -version)"
[[ "$built" == "v$YAML_VERSION" ]] || fail "built pulumi-language-yaml reports version '$built', expected v$YAML_VERSION"

echo "$WANTED" >"$STAMP"
log "built pulumi-language-yaml v$YAML_VERSION in .tools/bin ($(elapsed))"
