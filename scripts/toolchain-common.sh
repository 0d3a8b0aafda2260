# shellcheck shell=bash
# Shared by scripts/pulumi-toolchain.sh and scripts/pulumi-language-yaml.sh (sourced, not run).
# Before sourcing, set LOG_NAME (the prefix of every line) and BIN (the project's build folder).

STARTED=$SECONDS

log() { echo "==> $LOG_NAME: $*"; }
fail() {
	echo "==> $LOG_NAME: ERROR: $*" >&2
	exit 1
}
elapsed() { echo "$((SECONDS - STARTED))s"; }
trap 'echo "==> $LOG_NAME: ERROR: failed at line $LINENO after $(elapsed); see the output above" >&2' ERR

# PATH without this project's own build folder, so "found on PATH" means the machine's own binary.
ambient_path() {
	local dir out=()
	IFS=: read -r -a dirs <<<"${PATH:-}"
	for dir in "${dirs[@]}"; do
		[[ -n "$dir" && "$(cd "$dir" 2>/dev/null && pwd)" != "$BIN" ]] && out+=("$dir")
	done
	local IFS=:
	echo "${out[*]}"
}

# Go's output without per-module progress and the notice about an upstream dependency's retracted version.
quiet_go() {
	grep -vE '^go: (downloading|added|upgraded|finding) |retracted by module author|latest unretracted version|^\s+go get .*@latest$' ||
		true
}
