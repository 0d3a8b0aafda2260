#!/usr/bin/env bash
# Provide the Pulumi CLI and its Python language host for this project (`make toolchain`). Idempotent.
#
# 1. A Pulumi CLI on PATH is used when it is v3 >= 3.200 and `pulumi-language-python` sits next to it or on PATH.
# 2. Otherwise both are built from the Go module proxy into .tools/bin (an ignored folder):
#      - pulumi                        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at PULUMI_VERSION
#      - pulumi-language-python        this repo's scripts/pulumi-language-python/*.go, compiled against
#                                      github.com/pulumi/pulumi/sdk/v3 and (for code generation) pkg/v3 at the
#                                      same PULUMI_VERSION; both are required by the scratch module below
#      - pulumi-language-python-exec   the program runner shipped in the sdk/v3 module (mode 755, next to the host)
#      - pulumi-resource-pulumi-python the dynamic-provider launcher shipped in the sdk/v3 module, when present
#    Pairing note: Pulumi's own language host module is not served by the Go module proxy (every version of
#    github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 answers "not available"), so the host is
#    this project's own small implementation on top of the sdk/v3 libraries, built at the CLI's version.
# 3. A warm machine reuses the build: .tools/bin/.toolchain-stamp records what was built.
# 4. Then scripts/pulumi-language-yaml.sh (when present) provides the language host for YAML programs.
#
# Options: --rebuild ignores both the PATH CLI and the stamp; --print-pins prints the two pins and stops.
# Environment: PULUMI_VERSION (default: the pin), GOMODCACHE / GOCACHE as usual for Go.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The pins live once, in alicloud_gov/toolchain.py (PULUMI_VERSION, MIN_PULUMI_MINOR); read them from there.
toolchain_constant() {
	sed -n "s/^$1 = \"\{0,1\}\([0-9.]*\)\"\{0,1\}\$/\1/p" "$ROOT/alicloud_gov/toolchain.py"
}
PINNED_VERSION="$(toolchain_constant PULUMI_VERSION)"
MIN_PATH_MINOR="$(toolchain_constant MIN_PULUMI_MINOR)"
if [[ -z "$PINNED_VERSION" || -z "$MIN_PATH_MINOR" ]]; then
	echo "pulumi-toolchain: cannot read PULUMI_VERSION and MIN_PULUMI_MINOR from alicloud_gov/toolchain.py" >&2
	exit 1
fi
PULUMI_VERSION="${PULUMI_VERSION:-$PINNED_VERSION}"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin"
SCRATCH="$TOOLS/go-build"
HOST_DIR="$ROOT/scripts/pulumi-language-python"
HOST_SOURCE="$HOST_DIR/main.go"
STAMP="$BIN/.toolchain-stamp"
LOG_NAME=toolchain
# shellcheck source=scripts/toolchain-common.sh
source "$ROOT/scripts/toolchain-common.sh"

REBUILD=0
FORWARDED=()
for arg in "$@"; do
	case "$arg" in
	--rebuild)
		REBUILD=1
		FORWARDED+=(--rebuild)
		;;
	--print-pins)
		echo "PULUMI_VERSION=$PULUMI_VERSION MIN_PULUMI_MINOR=$MIN_PATH_MINOR"
		exit 0
		;;
	-h | --help)
		sed -n '2,18p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	*) fail "unknown option: $arg (supported: --rebuild, --print-pins)" ;;
	esac
done

# The CLI is in place: hand over to the companion script for YAML programs' language host, then stop.
finish() {
	if [[ -f "$ROOT/scripts/pulumi-language-yaml.sh" ]]; then
		bash "$ROOT/scripts/pulumi-language-yaml.sh" "${FORWARDED[@]}"
	fi
	exit 0
}

# Prints "MAJOR MINOR" of a pulumi binary, or nothing when it does not answer like a v3 CLI.
pulumi_version_of() {
	local text
	text="$(PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | head -n1)" || return 0
	[[ "$text" =~ ^v?([0-9]+)\.([0-9]+)\. ]] && echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
}

# What a build is made of: the CLI version and the language host's source files.
stamp_text() {
	echo "pulumi=v$PULUMI_VERSION language-host=$(cat "$HOST_DIR"/*.go | sha256sum | cut -c1-16)"
}

# 1. A recent enough CLI (with a Python language host) on PATH.
if [[ $REBUILD == 0 ]]; then
	SEARCH_PATH="$(ambient_path)"
	if ambient="$(PATH="$SEARCH_PATH" command -v pulumi)"; then
		read -r major minor <<<"$(pulumi_version_of "$ambient")" || true
		langhost=""
		if [[ -x "$(dirname "$ambient")/pulumi-language-python" ]]; then
			langhost="$(dirname "$ambient")/pulumi-language-python"
		else
			langhost="$(PATH="$SEARCH_PATH" command -v pulumi-language-python || true)"
		fi
		if [[ "${major:-0}" == 3 && "${minor:-0}" -ge $MIN_PATH_MINOR && -n "$langhost" ]]; then
			log "using pulumi v$major.$minor from PATH ($ambient) with $langhost ($(elapsed))"
			finish
		fi
		log "pulumi on PATH ($ambient, version ${major:-?}.${minor:-?}) is not usable:" \
			"need v3.$MIN_PATH_MINOR+ and pulumi-language-python; using v$PULUMI_VERSION in .tools/bin instead"
	fi
fi

[[ -f "$HOST_SOURCE" ]] || fail "missing $HOST_SOURCE"

# 2. A previous build that still matches.
WANTED="$(stamp_text)"
if [[ $REBUILD == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$WANTED" ]] &&
	[[ -x "$BIN/pulumi" && -x "$BIN/pulumi-language-python" && -x "$BIN/pulumi-language-python-exec" ]]; then
	log "pulumi v$PULUMI_VERSION already built in .tools/bin ($(elapsed))"
	finish
fi

if ! command -v go >/dev/null 2>&1; then
	fail "neither a Pulumi CLI (v3.$MIN_PATH_MINOR or newer, with pulumi-language-python) nor Go is installed." \
		"Install one of: the Pulumi CLI (https://www.pulumi.com/docs/install/), or Go 1.25+ (then rerun" \
		"\`make toolchain\` to build Pulumi v$PULUMI_VERSION into .tools/bin)."
fi

# 3. Build from the Go module proxy in a scratch module (dependencies' replace directives do not apply there).
log "building pulumi v$PULUMI_VERSION and the Python language host into .tools/bin (cold: several minutes)"
export GOFLAGS="-mod=mod -buildvcs=false"
LDFLAGS="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
mkdir -p "$BIN" "$SCRATCH/langhost"
rm -f "$SCRATCH"/langhost/*.go
cp "$HOST_DIR"/*.go "$SCRATCH/langhost/"
cd "$SCRATCH"
if [[ ! -f go.mod ]] || ! grep -q "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION" go.mod; then
	rm -f go.mod go.sum
	go mod init example.invalid/alicloud-gov-toolchain >/dev/null 2>&1
	log "resolving modules ($(elapsed))"
	go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" 2>&1 | quiet_go
	go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" \
		2>&1 | quiet_go
	grep -q "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION" go.mod ||
		fail "could not resolve github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION from the Go module proxy"
fi
log "compiling pulumi ($(elapsed))"
GOBIN="$BIN" go install -ldflags "$LDFLAGS" tool 2>&1 | quiet_go
log "compiling pulumi-language-python ($(elapsed))"
go build -ldflags "$LDFLAGS" -o "$BIN/pulumi-language-python" ./langhost 2>&1 | quiet_go

SDK_DIR="$(go list -m -f '{{.Dir}}' "github.com/pulumi/pulumi/sdk/v3")"
[[ -f "$SDK_DIR/python/cmd/pulumi-language-python-exec" ]] ||
	fail "the sdk/v3 module at $SDK_DIR has no python/cmd/pulumi-language-python-exec"
# The module cache drops exec bits: install with mode 755.
install -m 755 "$SDK_DIR/python/cmd/pulumi-language-python-exec" "$BIN/pulumi-language-python-exec"
if [[ -f "$SDK_DIR/python/dist/pulumi-resource-pulumi-python" ]]; then
	install -m 755 "$SDK_DIR/python/dist/pulumi-resource-pulumi-python" "$BIN/pulumi-resource-pulumi-python"
fi

built="$("$BIN/pulumi" version)"
[[ "$built" == "v$PULUMI_VERSION" ]] || fail "built pulumi reports version '$built', expected v$PULUMI_VERSION"
"$BIN/pulumi-language-python" -version >/dev/null || fail "the built language host does not start"
echo "$WANTED" >"$STAMP"
log "built pulumi $built and pulumi-language-python in .tools/bin ($(elapsed))"
finish
