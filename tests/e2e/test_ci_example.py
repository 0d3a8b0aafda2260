"""The CI example (examples/ci) run the way GitHub Actions runs it, against the emulator, with the real Pulumi CLI.

The workflow file is parsed and each job's ``run:`` steps that call the gates script are executed as a runner
would: in a scratch checkout (the example project at ``infra/access``, the script at the path the workflow
names), with the environment the workflow gives the job (workflow, job and step ``env``, ``${{ }}`` expressions
resolved from a table of this test's values) plus what the runner itself sets (``RUNNER_TEMP``; the OIDC
request URL and token only for a job with ``id-token: write``, as GitHub does). The OIDC token comes from a local
stand-in for GitHub's token endpoint, signed with a key the emulator trusts (tests/oidc_helpers.py); the
preview and plan jobs have no AccessKey at all and log in with AssumeRoleWithOIDC.

The stack ``prod`` is deployed from the main branch with the account's root keys (an operator's ``pulumi up``,
outside the pipeline); then a pull request changes only ``Pulumi.prod.yaml``.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from alicloud_gov.cli import exit_codes
from alicloud_gov.cli.exit_codes import CheckExit, PlanExit
from alicloud_gov.cloud.credentials import ACCESS_KEY_FAMILIES
from alicloud_gov.emulator.services.sts.backend import KIND_STS_CREDENTIAL
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import find_pulumi, local_plugins_setting, venv_bin
from tests.e2e.emulator_helpers import ACME_UID
from tests.e2e.sarif_validation import errors as validator_errors
from tests.oidc_helpers import AUDIENCE, PROVIDER_ARN, create_github_provider, create_oidc_role, token

ROOT = Path(__file__).resolve().parents[2]
CI = ROOT / "examples" / "ci"
WORKFLOW_FILE = CI / "access-governance.yml"
GATES_SCRIPT = CI / "ci.sh"
EXAMPLE_PROJECT = CI / "infra" / "access"

REPOSITORY = "acme/infra"
ENVIRONMENT = "access-preview"
"""The GitHub environment the logging-in jobs name; GitHub's OIDC subject for them is built from it."""
ROLE = "ci-preview"
ROLE_ARN = f"acs:ram::{ACME_UID}:role/{ROLE}"
READ_ONLY = ("AliyunRAMReadOnlyAccess", "AliyunResourceManagerReadOnlyAccess")
RUN_ID = "4242"
PASSPHRASE = "correct horse battery staple"
REQUEST_TOKEN = "runtime-token-of-the-job"
SECRET_VALUE = "the-pagers-webhook-token"

ACCESS_KEY_NAME = re.compile(r"^(ALIBABA_?CLOUD|ALICLOUD)_.*(ACCESS_KEY|SECRET_KEY|SECURITY_TOKEN)")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
LABEL_EXPRESSION = "contains(github.event.pull_request.labels.*.name, 'access-approved')"


def workflow() -> dict[str, Any]:
    """The example workflow (PyYAML reads the key ``on`` as True)."""
    loaded: dict[str, Any] = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))
    return loaded


def job_env_names(flow: Mapping[str, Any], job: str) -> set[str]:
    """Every variable the workflow sets for ``job``: workflow, job and step ``env``."""
    names = set(flow.get("env") or {}) | set(flow["jobs"][job].get("env") or {})
    for step in flow["jobs"][job]["steps"]:
        names |= set(step.get("env") or {})
    return names


# -- the workflow's shape ---------------------------------------------------------------------------------------


def test_the_job_that_only_checks_has_nothing_to_steal() -> None:
    flow = workflow()
    triggers = flow[True]
    assert set(triggers) == {"pull_request"}, "never pull_request_target: it runs a fork's code with secrets"
    assert flow["permissions"] == {}, "nothing by default"
    assert "secrets." not in yaml.safe_dump(flow.get("env") or {}), "no secret at workflow level"
    check = flow["jobs"]["check"]
    assert "secrets." not in yaml.safe_dump(check)
    names = job_env_names(flow, "check")
    assert not {n for n in names if n.startswith(("ALIBABA", "ALICLOUD")) or "PASSPHRASE" in n or "TOKEN" in n}
    assert check["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    assert all(step.get("with", {}).get("persist-credentials") is False for step in _checkouts(check))


def test_the_jobs_that_log_in_use_oidc_and_secrets_only_at_step_level() -> None:
    flow = workflow()
    for name in ("preview", "plan"):
        job = flow["jobs"][name]
        assert job["needs"] == "check", "no credentials for a pull request the offline check rejects"
        assert job["permissions"] == {"contents": "read", "id-token": "write"}
        assert job["environment"] == ENVIRONMENT
        assert {"ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"} <= set(
            job["env"]
        )
        assert not {n for n in job_env_names(flow, name) if ACCESS_KEY_NAME.match(n)}, "no AccessKey, ever"
        assert "secrets." not in yaml.safe_dump(job["env"]), "secrets only at step level"
        for step in job["steps"]:
            if "secrets." in yaml.safe_dump(step):
                assert "secrets." not in yaml.safe_dump({k: v for k, v in step.items() if k != "env"}), step
        assert all(step.get("with", {}).get("persist-credentials") is False for step in _checkouts(job))


def _checkouts(job: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/checkout@")]


def test_the_gates_script_reads_the_cli_exit_code_table() -> None:
    """ci.sh spells the numbers out (a shell script cannot import the table); they must be the table's."""
    declared = dict(re.findall(r"^([A-Z_]+)=(\d+)$", GATES_SCRIPT.read_text(encoding="utf-8"), flags=re.M))
    tables = {"CHECK": CheckExit, "PLAN": PlanExit}
    assert declared, "ci.sh declares its exit codes"
    for name, number in declared.items():
        if name == "USAGE":
            assert int(number) == exit_codes.USAGE
            continue
        command, _, outcome = name.partition("_")
        assert int(number) == tables[command][outcome], name


def test_the_gates_script_refuses_any_access_key(tmp_path: Path) -> None:
    """Whatever AccessKey family the credential chain reads, the logging-in gates refuse to run with it."""
    for family in ACCESS_KEY_FAMILIES:
        for name in family:
            env = {"PATH": os.environ["PATH"], "PROJECT_DIR": ".", "STACK": "prod", name: "x"}
            for command in ("preview", "plan", "check", "offline-preview"):
                ran = subprocess.run(
                    ["bash", str(GATES_SCRIPT), command], env=env, capture_output=True, text=True, check=False
                )
                assert ran.returncode == exit_codes.USAGE, (name, command, ran.stderr)
                assert name in ran.stderr


# -- the pipeline, run -----------------------------------------------------------------------------------------


class _TokenEndpoint(http.server.BaseHTTPRequestHandler):
    """GitHub's ID-token endpoint as a job sees it: bearer request token in, ``{"value": JWT}`` out."""

    subject = ""
    asked: list[str] = []  # each server gets its own list (github_token_endpoint)

    def do_GET(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if self.headers.get("Authorization") != f"bearer {REQUEST_TOKEN}" or "api-version" not in query:
            self.send_error(401)
            return
        audience = query.get("audience", [""])[0]
        self.asked.append(audience)
        body = json.dumps({"count": 1, "value": token(sub=self.subject, aud=audience)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def github_token_endpoint() -> Iterator[tuple[str, list[str]]]:
    """``(ACTIONS_ID_TOKEN_REQUEST_URL, audiences asked for)`` of a local token endpoint for this repository's
    jobs in the access-preview environment (GitHub's subject: ``repo:<repo>:environment:<name>``)."""
    asked: list[str] = []
    handler = type("Handler", (_TokenEndpoint,), {"subject": f"repo:{REPOSITORY}:environment:{ENVIRONMENT}"})
    handler.asked = asked
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/token?api-version=2.0", asked
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class StepRun:
    """One ``run:`` step as the runner ran it."""

    name: str
    env: dict[str, str]
    returncode: int
    output: str


@dataclass
class Pipeline:
    """The example pipeline against one emulator: a state backend, the deployed prod stack, and a runner."""

    emulator: RunningEmulator
    root: Path
    token_url: str
    labels: list[str] = field(default_factory=list)

    @property
    def state(self) -> Path:
        """The stack's state backend (a file backend)."""
        return self.root / "state"

    def base_env(self, home: Path) -> dict[str, str]:
        """What a fresh runner's shell has: a PATH with Python (alicloud-gov installed) and the Pulumi CLI."""
        home.mkdir(parents=True, exist_ok=True)
        pulumi_dir = find_pulumi(os.environ.get("PATH", "")).parent
        return {
            "PATH": os.pathsep.join([str(venv_bin()), str(pulumi_dir), "/usr/bin", "/bin"]),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        }

    def checkout(self, name: str, edit: Callable[[Path], None] | None = None) -> Path:
        """A checkout of the repository: ``main``'s, changed by ``edit`` (a pull request's change)."""
        directory = self.root / name
        shutil.copytree(self.root / "main", directory)
        if edit is not None:
            edit(directory / "infra" / "access")
        return directory

    def expressions(self, job: str) -> dict[str, str]:
        """The values of the ``${{ }}`` expressions the workflow may use."""
        return {
            "vars.PULUMI_BACKEND_URL": f"file://{self.state}",
            "vars.ALIBABA_CLOUD_PREVIEW_ROLE_ARN": ROLE_ARN,
            "vars.ALIBABA_CLOUD_OIDC_PROVIDER_ARN": PROVIDER_ARN,
            "secrets.PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "runner.temp": str(self.runner_temp(job)),
            "github.run_id": RUN_ID,
            LABEL_EXPRESSION: "true" if "access-approved" in self.labels else "false",
        }

    def runner_temp(self, job: str) -> Path:
        """The job's RUNNER_TEMP."""
        path = self.root / "runners" / job / "temp"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def resolve(self, job: str, values: Mapping[str, Any] | None) -> dict[str, str]:
        """An ``env`` block with its expressions replaced (an expression the table lacks fails the test)."""
        table = self.expressions(job)

        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            assert expression in table, f"the test does not know ${{{{ {expression} }}}}"
            return table[expression]

        return {name: EXPRESSION.sub(value, str(text)) for name, text in (values or {}).items()}

    def run_job(self, checkout: Path, job: str, only: str | None = None) -> dict[str, StepRun]:
        """Run the job's gate steps (those calling ``$GATES``) in order, stopping at the first failure as a
        runner does; ``only``: just the step with that name."""
        flow = workflow()
        spec = flow["jobs"][job]
        env = self.base_env(self.root / "runners" / job / "home")
        env["RUNNER_TEMP"] = str(self.runner_temp(job))
        env["GITHUB_WORKSPACE"] = str(checkout)
        if (spec.get("permissions") or {}).get("id-token") == "write":
            env["ACTIONS_ID_TOKEN_REQUEST_URL"] = self.token_url
            env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = REQUEST_TOKEN
        env |= self.resolve(job, flow.get("env"))
        env |= self.resolve(job, spec.get("env"))
        results: dict[str, StepRun] = {}
        for step in spec["steps"]:
            if "$GATES" not in str(step.get("run", "")) or (only is not None and step.get("name") != only):
                continue
            step_env = env | self.resolve(job, step.get("env"))
            ran = subprocess.run(
                ["bash", "-e", "-c", step["run"]],
                cwd=checkout,
                env=step_env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            results[step["name"]] = StepRun(step["name"], step_env, ran.returncode, ran.stdout + ran.stderr)
            if ran.returncode != 0:
                break
        return results


def _write_main(root: Path, emulator: RunningEmulator) -> Path:
    """The main branch: the example project at infra/access, the gates at the path the workflow calls."""
    main = root / "main"
    project = main / "infra" / "access"
    shutil.copytree(EXAMPLE_PROJECT, project)
    settings = yaml.safe_load((project / "Pulumi.yaml").read_text())
    settings["runtime"] = {"name": "python", "options": {"virtualenv": sys.prefix}}  # the runner's Python
    settings["plugins"] = local_plugins_setting()
    (project / "Pulumi.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    stack_file = project / "Pulumi.prod.yaml"
    stack = yaml.safe_load(stack_file.read_text())
    stack["config"]["alicloud-gov:endpoint"] = emulator.endpoint  # the one difference from the real cloud
    stack_file.write_text(yaml.safe_dump(stack, sort_keys=False))
    gates = main / workflow()["env"]["GATES"]
    gates.parent.mkdir(parents=True)
    shutil.copy2(GATES_SCRIPT, gates)
    return main


def _deploy(pipeline: Pipeline) -> None:
    """The operator's ``pulumi up`` of main's prod stack, with the account's root keys (never the pipeline's)."""
    project = pipeline.root / "main" / "infra" / "access"
    account = pipeline.emulator.account(ACME_UID)
    env = pipeline.base_env(pipeline.root / "operator") | {
        "PULUMI_BACKEND_URL": f"file://{pipeline.state}",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": account.access_key_id,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": account.access_key_secret,
    }

    def pulumi(*args: str) -> None:
        ran = subprocess.run(
            ["pulumi", *args], cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert ran.returncode == 0, ran.stdout + ran.stderr

    pulumi("stack", "init", "prod", "--non-interactive")
    # A secret in the stack's config: the check job cannot decrypt it, the logging-in jobs can.
    pulumi("config", "set", "--secret", "--stack", "prod", "access:pagerToken", SECRET_VALUE)
    pulumi("up", "--yes", "--non-interactive", "--stack", "prod")


@pytest.fixture
def pipeline(cloud_emulator: RunningEmulator, tmp_path: Path, github_token_endpoint: tuple[str, list[str]]) -> Pipeline:
    """The deployed prod stack, the GitHub OIDC provider in RAM and a read-only role for the environment."""
    created = create_github_provider(cloud_emulator)
    assert created.arn == PROVIDER_ARN
    create_oidc_role(
        cloud_emulator, ROLE, subject=f"repo:{REPOSITORY}:environment:{ENVIRONMENT}", system_policies=READ_ONLY
    )
    (tmp_path / "state").mkdir()
    _write_main(tmp_path, cloud_emulator)
    running = Pipeline(cloud_emulator, tmp_path, github_token_endpoint[0])
    _deploy(running)
    return running


def _set_operator_actions(actions: list[str]) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        stack_file = project / "Pulumi.prod.yaml"
        stack = yaml.safe_load(stack_file.read_text())
        stack["config"]["access:operatorActions"] = actions
        stack_file.write_text(yaml.safe_dump(stack, sort_keys=False))

    return edit


def _declaring_line() -> int:
    """The line of the example program that declares the operators' policy."""
    lines = (EXAMPLE_PROJECT / "__main__.py").read_text().splitlines()
    (line,) = [number for number, text in enumerate(lines, 1) if "gov.RamPolicy(" in text]
    return line


def _oidc_sessions(emulator: RunningEmulator) -> set[str]:
    """The session names of every STS credential the role was issued."""
    records = emulator.emulator.store.list(ACME_UID, KIND_STS_CREDENTIAL)
    return {str(record["RoleSessionName"]) for record in records if record.get("RoleName") == ROLE}


def _no_access_key(step: StepRun) -> None:
    assert not [name for name in step.env if ACCESS_KEY_NAME.match(name)], step.name


def test_an_admin_grant_only_in_prod_fails_the_pipeline(
    pipeline: Pipeline, github_token_endpoint: tuple[str, list[str]], tmp_path: Path
) -> None:
    before = yaml.safe_load((pipeline.root / "main" / "infra" / "access" / "Pulumi.prod.yaml").read_text())
    admin = [*before["config"]["access:operatorActions"], "*:*"]
    pull_request = pipeline.checkout("pr-admin", _set_operator_actions(admin))

    # check: findings, in SARIF that places FULL_ADMIN on the program's declaring line, and the validator accepts.
    offline_name = "Preview with the CrossGuard pack, offline (a throwaway backend, everything a create)"
    checked = pipeline.run_job(pull_request, "check")
    step = checked["Check every policy the program declares, with the stack's own config"]
    assert step.returncode == CheckExit.FINDINGS, step.output
    assert not {n for n in step.env if n.startswith(("ALIBABA", "ALICLOUD")) or "PASSPHRASE" in n}
    assert offline_name not in checked, "a runner stops at the failed step"
    assert "secret config of stack prod" in step.output  # it could not decrypt: it has no passphrase
    sarif_file = pull_request / "alicloud-gov.sarif"
    run = json.loads(sarif_file.read_text())["runs"][0]
    (finding,) = [result for result in run["results"] if result["ruleId"] == "FULL_ADMIN"]
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "infra/access/__main__.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == _declaring_line()
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == pull_request.as_uri() + "/"
    assert validator_errors(sarif_file, tmp_path) == []

    # The offline CrossGuard preview (the check job's last step) fails on the same grant, still with no secrets.
    offline = pipeline.run_job(pull_request, "check", only=offline_name)[offline_name]
    assert offline.returncode != 0 and "full-admin" in offline.output and "mandatory" in offline.output

    # preview and plan (run by GitHub only after check passes): OIDC login, and each gate fails on its own.
    preview = pipeline.run_job(pull_request, "preview")
    assert preview["Get the job's OIDC token for Alibaba Cloud"].returncode == 0
    previewed = preview["Preview with the CrossGuard pack"]
    _no_access_key(previewed)
    assert previewed.returncode != 0 and "full-admin" in previewed.output, previewed.output
    assert "mandatory" in previewed.output

    plan = pipeline.run_job(pull_request, "plan")
    planned = plan["Permission delta against the deployed stack, refreshed"]
    _no_access_key(planned)
    assert planned.returncode == PlanExit.NEW_ACCESS, planned.output
    assert "user:oncall" in planned.output and "a reviewer adds the access-approved label" in planned.output

    # The jobs logged in as the read-only role with the token the job asked for (audience sts.aliyuncs.com).
    assert github_token_endpoint[1] == [AUDIENCE, AUDIENCE]
    assert {f"gha-{RUN_ID}-preview", f"gha-{RUN_ID}-plan"} <= _oidc_sessions(pipeline.emulator)

    # A reviewer's label accepts the new access; nothing else changes.
    pipeline.labels.append("access-approved")
    approved = pipeline.run_job(pull_request, "plan")["Permission delta against the deployed stack, refreshed"]
    assert approved.returncode == 0, approved.output


def test_a_clean_pull_request_passes(pipeline: Pipeline, tmp_path: Path) -> None:
    narrower = ["vpc:DescribeVpcs", "vpc:DescribeVSwitches"]  # one action fewer: nobody gains access
    pull_request = pipeline.checkout("pr-clean", _set_operator_actions(narrower))
    for job in ("check", "preview", "plan"):
        for step in pipeline.run_job(pull_request, job).values():
            assert step.returncode == 0, f"{job}: {step.name}\n{step.output}"
    sarif_file = pull_request / "alicloud-gov.sarif"
    assert json.loads(sarif_file.read_text())["runs"][0]["results"] == []
    assert validator_errors(sarif_file, tmp_path) == []


def test_a_refused_token_fails_the_logging_in_jobs(pipeline: Pipeline) -> None:
    """No fallback: with a token the role does not trust, preview and plan fail (and no AccessKey rescues them)."""
    pull_request = pipeline.checkout("pr-untrusted")
    for job in ("preview", "plan"):
        steps = pipeline.run_job(pull_request, job)
        token_file = Path(next(iter(steps.values())).env["ALIBABA_CLOUD_OIDC_TOKEN_FILE"])
        token_file.write_text(token(sub=f"repo:{REPOSITORY}:pull_request"))  # not the environment's subject
        gate = [name for name in workflow()["jobs"][job]["steps"] if "$GATES" in str(name.get("run"))][-1]["name"]
        failed = pipeline.run_job(pull_request, job, only=gate)[gate]
        assert failed.returncode != 0 and "AuthenticationFail.NoPermission" in failed.output, failed.output
