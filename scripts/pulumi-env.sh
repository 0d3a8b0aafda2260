# shellcheck shell=bash
# Source this file to run Pulumi offline the way the project does (same rules as alicloud_gov/toolchain.py):
#
#   source scripts/pulumi-env.sh        # then: pulumi stack select dev --create; pulumi preview
#
# Sets PULUMI_HOME (<state>/pulumi-home), the file backend (PULUMI_BACKEND_URL=file://<state>),
# the secrets passphrase (a non-empty PULUMI_CONFIG_PASSPHRASE or a PULUMI_CONFIG_PASSPHRASE_FILE is kept; else
# PULUMI_CONFIG_PASSPHRASE_FILE=<state>/passphrase, random, mode 0600, made by alicloud_gov.toolchain: never an
# empty passphrase), update checks and plugin downloads off, and PATH with the venv's bin (python,
# pulumi-resource-alicloud-gov) and .tools/bin (the CLI `make toolchain` built) in front.
# The state folder is $ALICLOUD_GOV_STATE_DIR, else <repo>/.state. Prints nothing; returns 1 without a CLI.

_alicloud_gov_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_alicloud_gov_state="${ALICLOUD_GOV_STATE_DIR:-$_alicloud_gov_root/.state}"
mkdir -p "$_alicloud_gov_state/pulumi-home"
_alicloud_gov_state="$(cd "$_alicloud_gov_state" && pwd)"

export PULUMI_HOME="$_alicloud_gov_state/pulumi-home"
export PULUMI_BACKEND_URL="file://$_alicloud_gov_state"
if [[ -z "${PULUMI_CONFIG_PASSPHRASE-}" ]]; then
	# Pulumi prefers PULUMI_CONFIG_PASSPHRASE, even empty, over the file.
	unset PULUMI_CONFIG_PASSPHRASE
	if [[ -z "${PULUMI_CONFIG_PASSPHRASE_FILE-}" ]]; then
		if ! _alicloud_gov_file="$("$_alicloud_gov_root/.venv/bin/python" -c \
			'import sys; from alicloud_gov.toolchain import default_passphrase_file; print(default_passphrase_file(sys.argv[1]))' \
			"$_alicloud_gov_state")"; then
			echo "pulumi-env: cannot create the state folder's passphrase file; run \`make setup\` first" >&2
			return 1 2>/dev/null || exit 1
		fi
		export PULUMI_CONFIG_PASSPHRASE_FILE="$_alicloud_gov_file"
		unset _alicloud_gov_file
	fi
fi
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
unset PULUMI_ACCESS_TOKEN

# .tools/bin only when it holds a complete build (the toolchain script builds there when PATH has no usable CLI).
_alicloud_gov_front="$_alicloud_gov_root/.venv/bin"
if [[ -x "$_alicloud_gov_root/.tools/bin/pulumi" && -x "$_alicloud_gov_root/.tools/bin/pulumi-language-python" ]]; then
	_alicloud_gov_front="$_alicloud_gov_front:$_alicloud_gov_root/.tools/bin"
fi
case ":$PATH:" in
*":$_alicloud_gov_front:"*) ;;
*) export PATH="$_alicloud_gov_front:$PATH" ;;
esac
unset _alicloud_gov_root _alicloud_gov_state _alicloud_gov_front

if ! command -v pulumi >/dev/null 2>&1; then
	echo "pulumi-env: no Pulumi CLI found; run \`make toolchain\`" >&2
	return 1 2>/dev/null || exit 1
fi
