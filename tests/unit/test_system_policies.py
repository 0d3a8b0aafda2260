"""The system-policy catalogue: its loader's validation, lookups, did-you-mean, and the published documents.

Documents are Alibaba Cloud's own, as published on the RAM reference's system-policy pages (each entry's
``source``), e.g. AliyunSTSAssumeRoleAccess at
https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunstsassumeroleaccess (v1, updated 2017-04-27).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alicloud_gov.policy.catalog import ActionInfo, load_catalog
from alicloud_gov.policy.checks import check_policy
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.system_policies import (
    SystemPolicyCatalogError,
    all_system_policies,
    canonical_system_policy_name,
    get_system_policy,
    load_system_policy_catalog,
    suggest_system_policy_names,
    system_policy_description,
    system_policy_entry,
)

DATA = Path(__file__).resolve().parents[2] / "alicloud_gov" / "policy" / "catalog" / "system_policies"

# Names the issue and the seeds require in the catalogue (with or without a document).
REQUIRED = {
    "AdministratorAccess",
    "AliyunExpressConnectFullAccess",
    "AliyunExpressConnectReadOnlyAccess",
    "AliyunSTSAssumeRoleAccess",
    "AliyunVPCFullAccess",
    "AliyunVPCReadOnlyAccess",
    "AliyunRAMReadOnlyAccess",
}

WITH_DOCUMENTS = [entry for entry in all_system_policies() if not entry.name_only]


def _entry(policy_name: str, **changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "name": policy_name,
        "service": "demo",
        "description": "A demonstration policy.",
        "document": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "demo:*", "Resource": "*"}]},
        "version": "v1",
        "updated": "2024-01-02",
        "source": "https://example.com/demo",
        "retrieved": "2026-12-02",
    }
    entry.update(changes)
    return entry


def _write(directory: Path, file: str, *entries: dict[str, object]) -> Path:
    path = directory / file
    path.write_text(json.dumps({"policies": list(entries)}), encoding="utf-8")
    return path


def _actions(document: dict) -> list[str]:
    names: list[str] = []
    for statement in document["Statement"]:
        value = statement.get("Action", [])
        names.extend([value] if isinstance(value, str) else value)
    return names


def _granted(name: str) -> set[ActionInfo]:
    catalog = load_catalog()
    document = get_system_policy(name)
    assert document is not None, name
    return {info for pattern in _actions(document) for info in catalog.match(pattern)}


# -- the loader ---------------------------------------------------------------------------------------------------


def test_loader_rejects_a_name_in_two_files_in_any_case(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.json", _entry("AliyunDemoAccess"))
    second = _write(tmp_path, "b.json", _entry("aliyundemoaccess"))
    with pytest.raises(
        SystemPolicyCatalogError, match=r"'aliyundemoaccess' is in b\.json .*'AliyunDemoAccess' in a\.json"
    ):
        load_system_policy_catalog([first, second])


def test_loader_rejects_a_name_twice_in_one_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.json", _entry("AliyunDemoAccess"), _entry("AliyunDemoAccess"))
    with pytest.raises(SystemPolicyCatalogError, match=r"in a\.json and again"):
        load_system_policy_catalog([path])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "x" * 121}, "'description' is longer than 120"),
        ({"description": ""}, "'description' must be a non-empty string"),
        ({"document": {"Version": "1"}}, "'document' must be null or a policy with a Statement list"),
        ({"document": "{}"}, "'document' must be null or a policy"),
        ({"version": "1"}, "'version' must be null or match"),
        ({"updated": "20 Feb 2023"}, "'updated' must be null or match"),
        ({"retrieved": None}, "'retrieved' must be a date"),
        ({"source": "http://example.com"}, "'source' must be an https:// address"),
        ({"name": "has space"}, "'name' is not a RAM policy name"),
        # spec/names.py POLICY_NAME (SDK CreatePolicyRequest.policy_name): letters, digits and '-' only.
        ({"name": "Aliyun_Demo.Access"}, "'name' is not a RAM policy name: 'Aliyun_Demo.Access' may contain only"),
        ({"name": "A" * 129}, "'name' is not a RAM policy name: must be 1-128 characters long"),
        ({"extra": 1}, r"unexpected \['extra'\]"),
    ],
)
def test_loader_rejects_malformed_entries_naming_file_entry_and_field(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    path = _write(tmp_path, "bad.json", _entry("AliyunDemoAccess", **changes))
    with pytest.raises(SystemPolicyCatalogError, match=r"bad\.json: policies\[0\]") as raised:
        load_system_policy_catalog([path])
    assert raised.match(message)


def test_loader_rejects_a_missing_field_and_a_wrong_top_level(tmp_path: Path) -> None:
    entry = _entry("AliyunDemoAccess")
    del entry["updated"]
    with pytest.raises(SystemPolicyCatalogError, match=r"fields missing \['updated'\]"):
        load_system_policy_catalog([_write(tmp_path, "a.json", entry)])
    wrong = tmp_path / "b.json"
    wrong.write_text("[]", encoding="utf-8")
    with pytest.raises(SystemPolicyCatalogError, match=r'b\.json: must be an object \{"policies"'):
        load_system_policy_catalog([wrong])


def test_loader_rejects_a_file_that_is_not_json(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"policies": [', encoding="utf-8")
    with pytest.raises(SystemPolicyCatalogError, match=r"broken\.json: not valid JSON"):
        load_system_policy_catalog([broken])


def test_loader_reads_name_only_entries(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.json", _entry("AliyunDemoAccess", document=None, version=None, updated=None))
    (entry,) = load_system_policy_catalog([path]).entries
    assert entry.name_only and entry.document is None


def test_packaged_files_are_sorted_by_name_and_valid() -> None:
    files = sorted(DATA.glob("*.json"))
    assert {"core.json", "name_only.json"} <= {path.name for path in files}
    for path in files:
        names = [entry["name"] for entry in json.loads(path.read_text(encoding="utf-8"))["policies"]]
        assert names == sorted(names), f"{path.name} is not sorted by name"
    assert len(load_system_policy_catalog(files).entries) == len(all_system_policies())


def test_package_data_ships_the_files() -> None:
    text = (DATA.parents[3] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"system_policies/*.json"' in text


# -- lookups --------------------------------------------------------------------------------------------------------


def test_required_names_are_known() -> None:
    missing = sorted(name for name in REQUIRED if canonical_system_policy_name(name) is None)
    assert missing == []


def test_lookup_is_case_insensitive_and_returns_a_copy() -> None:
    document = get_system_policy("aliyunstsassumeroleaccess")
    assert document == {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Resource": "*"}], "Version": "1"}
    assert document is not None
    document["Statement"].clear()
    assert get_system_policy("AliyunSTSAssumeRoleAccess") != document
    assert canonical_system_policy_name(" ALIYUNVPCFULLACCESS ") == "AliyunVPCFullAccess"
    assert get_system_policy("NoSuchPolicy") is None
    assert canonical_system_policy_name("NoSuchPolicy") is None
    assert system_policy_description("aliyunvpcfullaccess") == system_policy_entry("AliyunVPCFullAccess").description  # type: ignore[union-attr]
    assert system_policy_description("NoSuchPolicy") is None


def test_a_name_only_entry_is_known_but_has_no_document() -> None:
    name_only = [entry for entry in all_system_policies() if entry.name_only]
    assert name_only
    entry = name_only[0]
    assert canonical_system_policy_name(entry.name.upper()) == entry.name
    assert get_system_policy(entry.name) is None
    assert system_policy_description(entry.name) == entry.description


def test_did_you_mean_puts_the_intended_name_first() -> None:
    assert suggest_system_policy_names("AliyunVPCReadOnlyAcess")[0] == "AliyunVPCReadOnlyAccess"
    assert suggest_system_policy_names("aliyunstsassumeroleacess", limit=1) == ["AliyunSTSAssumeRoleAccess"]
    assert suggest_system_policy_names("CompletelyDifferent") == []


def test_published_documents_of_core_policies() -> None:
    # https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunramreadonlyaccess (v3, 2025-12-03)
    ram_read = system_policy_entry("AliyunRAMReadOnlyAccess")
    assert ram_read is not None and (ram_read.version, ram_read.updated) == ("v3", "2025-12-03")
    assert _actions(dict(ram_read.document or {})) == [
        "ram:Get*",
        "ram:List*",
        "ram:GenerateCredentialReport",
        "accessanalyzer:Get*",
        "accessanalyzer:List*",
    ]
    # https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunvpcfullaccess (v12): not "vpc:*"
    vpc_full = {info.full_name for info in _granted("AliyunVPCFullAccess")}
    assert {"vpc:CreateVpc", "vpc:CreateVSwitch"} <= vpc_full
    assert "vpc:CreateVirtualBorderRouter" not in vpc_full


@pytest.mark.parametrize("name", ["AliyunVPCReadOnlyAccess", "AliyunRAMReadOnlyAccess"])
def test_read_only_policies_grant_only_reads(name: str) -> None:
    granted = _granted(name)
    assert granted
    writes = sorted(info.full_name for info in granted if info.access_level in ("create", "update", "delete"))
    assert writes == []


def test_sts_assume_role_access_grants_only_assume_role() -> None:
    assert {info.full_name for info in _granted("AliyunSTSAssumeRoleAccess")} == {"sts:AssumeRole"}


# Error findings our checker raises about Alibaba's own published documents, which are not mistakes in the data:
# INVALID_ACTION: a pattern matching no action of our action catalogue (e.g. "vpc:GetVpcPeer*", whose VpcPeer API
# ships in its own SDK; "slb:Get*"): a gap in the action catalogue. INVALID_ARN: "acs:ram:*:system:policy/*",
# the ARN of Alibaba's system policies (account field "system"), which our ARN grammar does not accept yet.
CATALOGUE_GAPS = {"INVALID_ACTION", "INVALID_ARN"}


@pytest.mark.parametrize("name", [entry.name for entry in WITH_DOCUMENTS])
def test_every_published_document_parses_without_other_errors(name: str) -> None:
    findings = check_policy(get_system_policy(name) or {}, policy_type="identity")
    assert [f.code for f in findings if f.severity is Severity.ERROR and f.code not in CATALOGUE_GAPS] == []


def test_described_entries_say_so_and_carry_a_document() -> None:
    """The core policies whose published text the stored pages lack are described, never silently name-only."""
    from alicloud_gov.policy.system_policies import system_policy_entry

    admin = system_policy_entry("administratoraccess")
    assert admin is not None and admin.basis == "described" and not admin.name_only
    assert admin.document == {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    for name in ("AliyunRAMFullAccess", "AliyunExpressConnectFullAccess", "AliyunOSSFullAccess", "ReadOnlyAccess"):
        entry = system_policy_entry(name)
        assert entry is not None and entry.document is not None, name
    published = system_policy_entry("AliyunRAMReadOnlyAccess")
    assert published is not None and published.basis == "published"


def test_a_described_entry_needs_a_document() -> None:
    import json
    import tempfile
    from pathlib import Path

    from alicloud_gov.policy.system_policies import SystemPolicyCatalogError, load_system_policy_catalog

    entry = {
        "name": "AliyunXFullAccess",
        "service": "x",
        "description": "x",
        "document": None,
        "version": None,
        "updated": None,
        "source": "https://example.invalid/x",
        "retrieved": "2026-12-02",
        "basis": "described",
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.json"
        path.write_text(json.dumps({"policies": [entry]}))
        with pytest.raises(SystemPolicyCatalogError, match="basis"):
            load_system_policy_catalog([path])
