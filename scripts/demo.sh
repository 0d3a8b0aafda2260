#!/usr/bin/env bash
# `make demo`: the main job end to end on the local emulator; offline, no credentials.
#
#   1. start the emulator (two demo accounts: acme 1000000000000001, partner 2000000000000002)
#   2. alicloud-gov check   the quick-start stack (Pulumi.yaml at the repo root), offline
#   3. pulumi preview / up  through the alicloud-gov provider plugin
#   4. pulumi preview       again: no changes (the diff engine shows no false change)
#   5. an edit: the partner account's side is added; alicloud-gov plan shows each principal's access delta,
#      pulumi preview shows the same creates; then up
#   6. alicloud-gov simulate answers "may the partner's operator assume the role" from the deployed stack
#   7. pulumi destroy       and the emulator is empty again
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
STACK=demo
export ALICLOUD_GOV_STATE_DIR="$ROOT/.state/demo"
rm -rf "$ALICLOUD_GOV_STATE_DIR" "$ROOT/Pulumi.$STACK.yaml"
mkdir -p "$ALICLOUD_GOV_STATE_DIR"
# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh
export PATH="$ROOT/.venv/bin:$PATH"

bold() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }
note() { printf '\033[2m    %s\033[0m\n' "$*"; }

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ENDPOINT="127.0.0.1:$PORT"
EMULATOR_LOG="$ALICLOUD_GOV_STATE_DIR/emulator.log"

cleanup() {
	if [[ -n "${EMULATOR_PID:-}" ]]; then kill "$EMULATOR_PID" 2>/dev/null || true; fi
	rm -f "$ROOT/Pulumi.$STACK.yaml"
}
trap cleanup EXIT

bold "toolchain"
pulumi version
alicloud-gov --version

bold "starting the emulator on $ENDPOINT"
alicloud-gov emulator --port "$PORT" --data "$ALICLOUD_GOV_STATE_DIR/emulator.db" --profile realistic >"$EMULATOR_LOG" 2>&1 &
EMULATOR_PID=$!
for _ in $(seq 1 100); do
	if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null; then break; fi
	sleep 0.1
done
note "log: $EMULATOR_LOG; profile realistic: resource groups and ECR links pass through transitional states, reads lag writes"

bold "alicloud-gov check . (the program under Pulumi's mocks: no engine, no cloud, no credentials)"
alicloud-gov check . --trusted-account 2000000000000002

bold "configuring stack '$STACK' for the emulator (account acme)"
pulumi stack init "$STACK" >/dev/null
note "secrets are encrypted with ${PULUMI_CONFIG_PASSPHRASE_FILE:-your PULUMI_CONFIG_PASSPHRASE} (never an empty passphrase)"
pulumi config set alicloud-gov:endpoint "$ENDPOINT"
pulumi config set alicloud-gov:accessKeyId LTAI5tAcmeRootKey0001
pulumi config set --secret alicloud-gov:accessKeySecret AcmeRootSecret0001demo
pulumi config set partnerAccountId 2000000000000002

bold "pulumi preview"
pulumi preview --non-interactive --diff

bold "pulumi up"
pulumi up --yes --non-interactive --skip-preview

bold "pulumi preview again: nothing to change"
pulumi preview --non-interactive --expect-no-changes

bold "an edit: deploy the partner's side too (a user in account partner allowed to assume the role)"
pulumi config set partnerAccessKeyId LTAI5tPartnerRootKey02
pulumi config set --secret partnerAccessKeySecret PartnerRootSecret02demo
note "alicloud-gov plan: the changes and each principal's permission delta (exit 2 = changes)"
# Exit codes (README.md, "Exit codes"): 0 no change, 2 changes, 3 new access, 1 error, 64 usage error; only
# 2 is what this step expects, so an error or a usage error stops the demo instead of passing for changes.
set +e
alicloud-gov plan . --stack "$STACK"
plan_exit=$?
set -e
[[ $plan_exit -eq 2 ]] || { echo "expected plan to report changes (exit 2), got $plan_exit" >&2; exit 1; }
pulumi preview --non-interactive --diff
pulumi up --yes --non-interactive --skip-preview

bold "alicloud-gov simulate: may the partner's operator assume the role? (read from the deployed stack)"
ROLE_ARN="$(pulumi stack output partnerRoleArn)"
alicloud-gov simulate . --stack "$STACK" --principal "acs:ram::2000000000000002:user/netops-operator" \
	--action sts:AssumeRole --resource "$ROLE_ARN"
note "and alice, in account acme, may she create a VPC? (no: only read access at account scope)"
set +e
alicloud-gov simulate . --stack "$STACK" --principal "user:alice@1000000000000001" --action vpc:CreateVpc \
	--resource "acs:vpc:cn-hangzhou:1000000000000001:vpc/*"
sim_exit=$?
set -e
[[ $sim_exit -eq 1 ]] || { echo "expected simulate to deny (exit 1), got $sim_exit" >&2; exit 1; }

bold "pulumi destroy"
pulumi destroy --yes --non-interactive --skip-preview
pulumi stack rm --yes "$STACK" >/dev/null

bold "done: everything ran offline against the emulator"
