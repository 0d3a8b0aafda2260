#!/usr/bin/env bash
# The access-governance gates of examples/ci, one subcommand per step. access-governance.yml runs them in GitHub
# Actions, tests/e2e/test_ci_example.py runs the same workflow steps against the emulator. Copy this file to
# .github/access-governance/ci.sh (the path the workflow calls).
#
#   ci.sh check            alicloud-gov check --stack, SARIF for code scanning        no credentials, no passphrase
#   ci.sh offline-preview  pulumi preview + CrossGuard pack on a throwaway backend    no credentials, no passphrase
#   ci.sh oidc-token       the job's OIDC token from GitHub, into ALIBABA_CLOUD_OIDC_TOKEN_FILE
#   ci.sh preview          pulumi preview --refresh + CrossGuard pack, the stack's backend   OIDC role, passphrase
#   ci.sh plan             alicloud-gov plan --refresh --deny-new-access                     OIDC role, passphrase
#
# Environment: PROJECT_DIR (the Pulumi project), STACK (the stack the pull request would change); SARIF_FILE
# (check's output, default alicloud-gov.sarif); PACK_DIR (default $RUNNER_TEMP/alicloud-gov-pack); ACCESS_APPROVED
# (plan: "true" lets a change that gives a principal new access pass).
set -euo pipefail

# alicloud-gov's exit codes: the table in README.md ("Exit codes"), alicloud_gov/cli/exit_codes.py. The test
# checks that these numbers are that table's.
CHECK_OK=0
CHECK_FINDINGS=1
CHECK_ERROR=2
PLAN_NO_CHANGES=0
PLAN_ERROR=1
PLAN_CHANGES=2
PLAN_NEW_ACCESS=3
USAGE=64

OIDC_AUDIENCE=sts.aliyuncs.com # the client id of the OIDC provider declared in RAM
ACCESS_KEY_VARIABLES='^(ALIBABA_CLOUD|ALICLOUD|ALIBABACLOUD)_(ACCESS_KEY|SECRET_KEY|SECURITY_TOKEN)'
# Every AccessKey family the credential chain reads (an AccessKey in the environment comes before OIDC).

say() { printf 'ci.sh %s: %s\n' "$COMMAND" "$*" >&2; }

refuse() { # refuse NAME_PATTERN WHY: stop when a variable whose name matches is set (even empty)
  local found
  found=$(env | cut -d= -f1 | grep -E "$1" | sort | tr '\n' ' ' || true)
  if [ -n "$found" ]; then
    say "refusing to run with ${found% }set: $2"
    exit "$USAGE"
  fi
}

no_credentials() { # the jobs that run the pull request's program with nothing to steal
  refuse "$ACCESS_KEY_VARIABLES|^ALIBABA_CLOUD_(OIDC_TOKEN_FILE|ROLE_ARN)$|^PULUMI_(CONFIG_PASSPHRASE|CONFIG_PASSPHRASE_FILE|ACCESS_TOKEN)$" \
    "this job runs the pull request's own program, so it gets no cloud credentials and no state passphrase"
}

oidc_only() { # the jobs that log in: with the role's short-lived credentials, never a long-lived AccessKey
  refuse "$ACCESS_KEY_VARIABLES" "this job logs in with OIDC (an AccessKey in the environment would win)"
  local name
  for name in ALIBABA_CLOUD_ROLE_ARN ALIBABA_CLOUD_OIDC_PROVIDER_ARN ALIBABA_CLOUD_OIDC_TOKEN_FILE; do
    if [ -z "${!name:-}" ]; then
      say "$name is not set: the job logs in with OIDC (docs/ci.md)"
      exit "$USAGE"
    fi
  done
  if [ ! -s "$ALIBABA_CLOUD_OIDC_TOKEN_FILE" ]; then
    say "no token in $ALIBABA_CLOUD_OIDC_TOKEN_FILE: run 'ci.sh oidc-token' first"
    exit "$USAGE"
  fi
}

pack_dir() { printf '%s' "${PACK_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/alicloud-gov-pack}"; }

cmd_check() {
  no_credentials
  local sarif="${SARIF_FILE:-alicloud-gov.sarif}" code=0
  alicloud-gov check "$PROJECT_DIR" --stack "$STACK" --format sarif --output "$sarif" || code=$?
  case "$code" in
    "$CHECK_OK") say "no finding at or above --fail-on" ;;
    "$CHECK_FINDINGS") say "findings at or above --fail-on: see code scanning (or $sarif)" ;;
    "$CHECK_ERROR") say "the check could not run (the program raised, or the stack cannot be read)" ;;
    "$USAGE") say "usage error: a wrong path or option" ;;
    *) say "unexpected exit $code" ;;
  esac
  return "$code"
}

cmd_offline_preview() {
  no_credentials
  local scratch pack
  scratch=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/alicloud-gov-offline.XXXXXX")
  pack=$(pack_dir)
  cp -R "$PROJECT_DIR/." "$scratch/project"
  # The stack file without what only the real backend can decrypt: its salt or key, and its secret values,
  # which become placeholders (as `check` gives the program when it has no passphrase).
  local secrets
  secrets=$(python3 - "$scratch/project/Pulumi.$STACK.yaml" <<'PY'
import sys

import yaml

path = sys.argv[1]
with open(path, encoding="utf-8") as stream:
    settings = yaml.safe_load(stream) or {}
for key in ("encryptionsalt", "encryptedkey", "secretsprovider"):
    settings.pop(key, None)
config = settings.get("config") or {}
secret = sorted(k for k, v in config.items() if isinstance(v, dict) and "secure" in v)
for key in secret:
    del config[key]
with open(path, "w", encoding="utf-8") as stream:
    yaml.safe_dump(settings, stream, sort_keys=False)
print("\n".join(secret))
PY
  )
  export PULUMI_BACKEND_URL="file://$scratch/state" PULUMI_CONFIG_PASSPHRASE="offline-$RANDOM-$RANDOM"
  mkdir -p "$scratch/state"
  alicloud-gov policy-pack "$pack" >/dev/null
  (
    cd "$scratch/project"
    pulumi stack init "$STACK" --non-interactive >/dev/null
    local key
    while IFS= read -r key; do
      [ -n "$key" ] && pulumi config set --secret --stack "$STACK" "$key" "offline-placeholder"
    done <<<"$secrets"
    pulumi preview --stack "$STACK" --non-interactive --diff --policy-pack "$pack"
  ) || {
    local code=$?
    say "the preview failed (a mandatory policy is violated, or the program failed): exit $code"
    return "$code"
  }
}

cmd_oidc_token() {
  local name
  for name in ACTIONS_ID_TOKEN_REQUEST_URL ACTIONS_ID_TOKEN_REQUEST_TOKEN; do
    if [ -z "${!name:-}" ]; then
      say "$name is not set: the job needs 'permissions: id-token: write'"
      exit "$USAGE"
    fi
  done
  : "${ALIBABA_CLOUD_OIDC_TOKEN_FILE:?the job sets ALIBABA_CLOUD_OIDC_TOKEN_FILE}"
  local written="$ALIBABA_CLOUD_OIDC_TOKEN_FILE.new"
  (
    umask 077
    curl --silent --show-error --fail --max-time 30 \
      --header "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \
      "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=$OIDC_AUDIENCE" |
      python3 -c 'import json, sys; sys.stdout.write(json.load(sys.stdin)["value"])' >"$written"
  )
  mv "$written" "$ALIBABA_CLOUD_OIDC_TOKEN_FILE"
  say "wrote the job's OIDC token (audience $OIDC_AUDIENCE) to $ALIBABA_CLOUD_OIDC_TOKEN_FILE"
}

cmd_preview() {
  oidc_only
  local pack
  pack=$(pack_dir)
  alicloud-gov policy-pack "$pack" >/dev/null
  (cd "$PROJECT_DIR" && pulumi preview --stack "$STACK" --non-interactive --diff --refresh --policy-pack "$pack") || {
    local code=$?
    say "the preview failed (a mandatory policy is violated, or the stack cannot be read): exit $code"
    return "$code"
  }
}

cmd_plan() {
  oidc_only
  local code=0
  alicloud-gov plan "$PROJECT_DIR" --stack "$STACK" --refresh --deny-new-access || code=$?
  case "$code" in
    "$PLAN_NO_CHANGES" | "$PLAN_CHANGES") return 0 ;;
    "$PLAN_NEW_ACCESS")
      if [ "${ACCESS_APPROVED:-false}" = true ]; then
        say "a principal gains access: approved by the pull request's access-approved label"
        return 0
      fi
      say "a principal gains access: a reviewer adds the access-approved label to accept it"
      return "$code"
      ;;
    "$PLAN_ERROR") say "the plan could not be made (no such stack, the program raised, the state cannot be read)" ;;
    "$USAGE") say "usage error: a wrong path or option" ;;
    *) say "unexpected exit $code" ;;
  esac
  return "$code"
}

COMMAND="${1:-}"
: "${PROJECT_DIR:?set PROJECT_DIR to the Pulumi project}" "${STACK:?set STACK to the stack to check}"
case "$COMMAND" in
  check) cmd_check ;;
  offline-preview) cmd_offline_preview ;;
  oidc-token) cmd_oidc_token ;;
  preview) cmd_preview ;;
  plan) cmd_plan ;;
  *)
    COMMAND=usage
    say "usage: ci.sh check | offline-preview | oidc-token | preview | plan"
    exit "$USAGE"
    ;;
esac
