"""Regenerate the policy catalogue data (alicloud_gov/policy/catalog/*.json).

Inputs, each recorded as the source of the facts it contributes:

* the official per-product SDK wheels (``client.py`` ``action='...'`` API names), source
  ``sdk:<package> <version>``: the packages pinned in :data:`SDK_WHEELS` are downloaded on demand
  (``pip download --no-deps``) into ``.cache/sdk-wheels/`` (git-ignored) and read straight from the wheel zip;
  the few SDKs the project installs for its own tests are read from this environment;
* the system-policy catalogue (``alicloud_gov/policy/catalog/system_policies/*.json``): every service code its
  documents name in Action/NotAction becomes a known service (``known_services.json``; its action list is not
  catalogued unless a curated service has one), and every literal action a document names under a catalogued
  service is added (source ``system-policy:<PolicyName>``). Re-run the script whenever those files change;
* the seed documents (``--seeds``, default ``../shared/seeds`` from the repository root): seed 000's list of
  Express Connect actions without resource-group authorisation and its groupable resource types, seed 002's VPC
  RAM authorisation table. Their facts are extracted to ``scripts/catalog_seed_facts.json`` (checked in), so the
  catalogue can be rebuilt without the documents (``--no-seeds``);
* ``scripts/catalog_curated.yaml``: hand-curated facts, source ``curated``.

Usage::

    python scripts/build_catalog.py            # parse seeds, rewrite facts and catalogue data
    python scripts/build_catalog.py --no-seeds # rebuild from the checked-in seed facts
    python scripts/build_catalog.py --check    # exit 1 if the committed data differs from a rebuild
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib.metadata
import importlib.util
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_CURATED = REPO / "scripts" / "catalog_curated.yaml"
DEFAULT_FACTS = REPO / "scripts" / "catalog_seed_facts.json"
DEFAULT_OUT = REPO / "alicloud_gov" / "policy" / "catalog"
DEFAULT_SYSTEM_POLICIES = DEFAULT_OUT / "system_policies"
WHEEL_CACHE = REPO / ".cache" / "sdk-wheels"
CONDITION_KEYS_FILE = "condition_keys.json"
KNOWN_SERVICES_FILE = "known_services.json"

# Official SDK packages read from their wheels (not installed): package -> pinned version. The RAM code each one
# maps to is in catalog_curated.yaml (services.<code>.sdk). Bump a version here and re-run to refresh.
SDK_WHEELS = {
    "alibabacloud_actiontrail20200706": "2.6.0",
    "alibabacloud_alb20200616": "1.3.3",
    "alibabacloud_alidns20150109": "4.6.1",
    "alibabacloud_bssopenapi20171214": "5.1.2",
    "alibabacloud_cas20200407": "3.9.4",
    "alibabacloud_cbn20170912": "1.4.0",
    "alibabacloud_cdn20180510": "9.2.0",
    "alibabacloud_cloudsso20210515": "1.7.0",
    "alibabacloud_cms20190101": "4.0.10",
    "alibabacloud_cr20181201": "2.2.5",
    "alibabacloud_cs20151215": "7.2.3",
    "alibabacloud_dds20151201": "9.5.0",
    "alibabacloud_dts20200101": "5.11.7",
    "alibabacloud_eci20180808": "2.1.0",
    "alibabacloud_ecs20140526": "7.11.8",
    "alibabacloud_ess20220222": "1.13.3",
    "alibabacloud_fc20230330": "4.8.3",
    "alibabacloud_ga20191120": "3.0.2",
    "alibabacloud_kms20160120": "3.3.1",
    "alibabacloud_nas20170626": "3.7.5",
    "alibabacloud_nlb20220430": "4.1.3",
    "alibabacloud_oos20190601": "3.7.0",
    "alibabacloud_polardb20170801": "9.2.1",
    "alibabacloud_pvtz20180101": "1.5.0",
    "alibabacloud_r_kvstore20150101": "7.0.0",
    "alibabacloud_rds20140815": "16.0.2",
    "alibabacloud_ros20190910": "3.7.0",
    "alibabacloud_sas20181203": "10.3.2",
    "alibabacloud_slb20140515": "3.3.31",
    "alibabacloud_sls20201230": "5.15.1",
    "alibabacloud_tag20180828": "1.1.2",
    "alibabacloud_waf_openapi20211001": "7.8.7",
}

SEED_RG = "seed:000"
SEED_VPC_TABLE = "seed:002"
CURATED = "curated"
ANY = "*"

_SDK_ACTION = re.compile(r"action\s*=\s*'([A-Za-z0-9]+)'")
_ACTION_LINE = re.compile(r"^([a-z][a-z0-9-]*):([A-Za-z0-9]+)$")
_SERVICE_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_LITERAL_ACTION = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*):([A-Za-z][A-Za-z0-9]*)$")
_TABLE_ROW = re.compile(r"^([a-z][a-z0-9-]*):([A-Za-z0-9]+) ([A-Za-z0-9]+) (create|list|get|update|delete)$")


class SeedFormatError(ValueError):
    """A seed document does not have the shape the extractor expects (names the seed and the line)."""


# --- seeds -------------------------------------------------------------------------------------------------------


def _seed_file(seeds: Path, number: str) -> Path:
    matches = sorted(seeds.glob(f"{number}_*.txt"))
    if not matches:
        raise SeedFormatError(f"seed {number}: no file {number}_*.txt in {seeds}")
    return matches[0]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _is(line: str, marker: str) -> bool:
    """A line is a section marker: equal to it, or starting with it when the marker ends in an ellipsis."""
    return line.startswith(marker[:-3]) if marker.endswith("...") else line == marker


def _between(lines: list[str], start: str, stop: str, seed: str, offset: int = 0) -> tuple[list[str], int]:
    """The lines after the first ``start`` marker (from ``offset``) up to the next ``stop``, and the stop index."""
    try:
        begin = next(i for i in range(offset, len(lines)) if _is(lines[i], start))
    except StopIteration:
        raise SeedFormatError(f"seed {seed}: section {start!r} not found") from None
    for end in range(begin + 1, len(lines)):
        if _is(lines[end], stop):
            return lines[begin + 1 : end], end
    raise SeedFormatError(f"seed {seed}: end of section {start!r} ({stop!r}) not found")


def extract_seed_000(text: str) -> dict[str, Any]:
    """Seed 000: actions without resource-group authorisation, and the resource types groupable in RGs."""
    lines = _lines(text)
    section, _ = _between(lines, "Operations without resource group authorization", "For operations that...", "000")
    actions = []
    for line in section:
        found = _ACTION_LINE.match(line)
        if found:
            actions.append(f"{found.group(1)}:{found.group(2)}")
    if not actions:
        raise SeedFormatError("seed 000: no actions in the section on operations without RG authorisation")
    types_section, _ = _between(lines, "Express Connect supports the following resource types...", "Note", "000")
    groupable = []
    for index, line in enumerate(types_section):
        found = re.match(r"^([a-z]+): .+$", line)
        if found and index > 0:
            groupable.append({"service_code": types_section[index - 1], "resource_type": found.group(1)})
    return {"actions_without_resource_group_support": actions, "resource_group_resource_types": groupable}


def extract_seed_002(text: str) -> dict[str, Any]:
    """Seed 002: the VPC RAM authorisation table (actions, resource types, ARN templates, condition keys)."""
    lines = _lines(text)
    ram_code = re.search(r"The RAM code \(RamCode\) for .+? is (\w+)", text)
    if not ram_code:
        raise SeedFormatError("seed 002: RAM code sentence not found")
    table, table_end = _between(lines, "Dependent action", "Resource", "002")
    actions: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    pending_type: tuple[str, bool] | None = None
    for line in table:
        row = _TABLE_ROW.match(line)
        if row:
            if current is not None:
                raise SeedFormatError(f"seed 002: row {current['action']} has no condition/dependency line")
            current = {
                "action": f"{row.group(1)}:{row.group(2)}",
                "api": row.group(3),
                "access_level": row.group(4),
                "resources": [],
                "condition_keys": [],
                "dependent_actions": [],
            }
            continue
        if current is None:
            raise SeedFormatError(f"seed 002: unexpected line outside a row: {line!r}")
        if pending_type is not None:
            name, required = pending_type
            current["resources"].append({"type": name, "required": required, "arn": line})
            pending_type = None
            continue
        if line == "None None":
            actions.append(current)
            current = None
            continue
        type_line = re.match(r"^(\*?)([A-Za-z][A-Za-z ]*)$", line)
        if type_line:
            pending_type = (type_line.group(2), type_line.group(1) == "*")
            continue
        raise SeedFormatError(f"seed 002: cannot read line {line!r} of row {current['action']}")
    if current is not None:
        raise SeedFormatError(f"seed 002: last row {current['action']} is incomplete")
    resource_section, resource_end = _between(lines, "Resource type", "Condition", "002", table_end)
    if resource_section and resource_section[0] == "ARN":
        resource_section = resource_section[1:]
    resource_types: list[dict[str, Any]] = []
    for line in resource_section:
        if line.startswith("•"):
            if not resource_types:
                raise SeedFormatError(f"seed 002: ARN before any resource type: {line!r}")
            resource_types[-1]["arns"].append(line.lstrip("• ").strip())
        else:
            resource_types.append({"name": line, "arns": []})
    condition_section, _ = _between(lines, "Condition", "How to create custom RAM policies...", "002", resource_end)
    defines_keys = not any("does not define product-level condition keys" in line for line in condition_section)
    if defines_keys:
        raise SeedFormatError("seed 002: service-level condition keys present; teach the extractor their table")
    return {"ram_code": ram_code.group(1), "actions": actions, "resource_types": resource_types, "condition_keys": []}


def extract_seed_facts(seeds: Path) -> dict[str, Any]:
    """Facts from the seed documents, keyed by source."""
    return {
        SEED_RG: extract_seed_000(_seed_file(seeds, "000").read_text(encoding="utf-8")),
        SEED_VPC_TABLE: extract_seed_002(_seed_file(seeds, "002").read_text(encoding="utf-8")),
    }


# --- SDK -----------------------------------------------------------------------------------------------------------


def sdk_api_names(package: str, cache: Path = WHEEL_CACHE) -> tuple[list[str], str]:
    """The API names an official SDK's client.py calls, and the source label for them.

    A package pinned in :data:`SDK_WHEELS` is read from its wheel (downloaded into ``cache`` if absent); any
    other package must be installed in this environment (the project's own test SDKs).
    """
    if package in SDK_WHEELS:
        version = SDK_WHEELS[package]
        with zipfile.ZipFile(sdk_wheel(package, version, cache)) as wheel:
            clients = [name for name in wheel.namelist() if name == f"{package}/client.py"]
            if not clients:
                raise SystemExit(f"SDK wheel {package} {version} has no {package}/client.py")
            text = wheel.read(clients[0]).decode("utf-8")
    else:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"SDK package {package} is not installed (pip install the dev extras) nor pinned")
        text = (Path(next(iter(spec.submodule_search_locations))) / "client.py").read_text(encoding="utf-8")
        version = importlib.metadata.version(package)
    return sorted(set(_SDK_ACTION.findall(text))), f"sdk:{package} {version}"


def sdk_wheel(package: str, version: str, cache: Path = WHEEL_CACHE) -> Path:
    """The path of the pinned wheel in ``cache``, downloaded with ``pip download --no-deps`` when missing."""
    found = sorted(cache.glob(f"{package}-{version}-*.whl"))
    if not found:
        cache.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(cache)]
        result = subprocess.run([*command, f"{package}=={version}"], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"pip download {package}=={version} failed: {result.stderr.strip()[-400:]}")
        found = sorted(cache.glob(f"{package}-{version}-*.whl"))
        if not found:
            raise SystemExit(f"pip download {package}=={version} left no wheel in {cache}")
    return found[0]


# --- system policies -----------------------------------------------------------------------------------------


def system_policy_actions(folder: Path) -> dict[str, list[str]]:
    """Every Action/NotAction string of every system-policy document in ``folder``, keyed by policy name."""
    named: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")).get("policies", []):
            document = entry.get("document")
            if not isinstance(document, dict):
                continue
            statements = document.get("Statement", [])
            for statement in statements if isinstance(statements, list) else [statements]:
                if not isinstance(statement, dict):
                    continue
                for element in ("Action", "NotAction"):
                    value = statement.get(element, [])
                    for text in [value] if isinstance(value, str) else value:
                        if isinstance(text, str):
                            named.setdefault(str(entry["name"]), []).append(text.strip())
    return named


def service_codes_named(named: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Service code (lower case, no wildcard) -> the system policies whose documents name it, sorted."""
    codes: dict[str, set[str]] = {}
    for policy, actions in named.items():
        for text in actions:
            code, sep, _ = text.partition(":")
            if sep and _SERVICE_CODE.match(code.lower()):
                codes.setdefault(code.lower(), set()).add(policy)
    return {code: sorted(policies) for code, policies in sorted(codes.items())}


# --- model ------------------------------------------------------------------------------------------------------


@dataclass
class _Action:
    service: str
    name: str
    sources: list[str] = field(default_factory=list)
    access_level: str | None = None
    access_level_source: str = ""
    resource_types: list[str] | None = None  # None = not yet known
    resource_types_source: str = ""
    required_resource_types: list[str] = field(default_factory=list)
    arn_templates: list[str] = field(default_factory=list)
    condition_keys: list[str] = field(default_factory=list)
    supports_resource_group: bool | None = None
    apis: list[str] = field(default_factory=list)
    note: str = ""

    def add_source(self, source: str) -> None:
        if source not in self.sources:
            self.sources.append(source)


@dataclass
class _ResourceType:
    name: str
    arns: list[str]
    sources: list[str]
    supports_resource_group: bool | None = None


class _Builder:
    """Accumulates facts per service, then renders the JSON files."""

    def __init__(self, curated: Mapping[str, Any]) -> None:
        self.curated = curated
        self.actions: dict[str, dict[str, _Action]] = {code: {} for code in curated["services"]}
        self.resource_types: dict[str, dict[str, _ResourceType]] = {code: {} for code in curated["services"]}
        self.service_sources: dict[str, list[str]] = {code: [] for code in curated["services"]}
        self.known_services: dict[str, list[str]] = {}  # named by system policies: code -> policy names

    def existing_action(self, service: str, name: str) -> _Action | None:
        """The action record for ``service:name`` (case-insensitive) if there is one."""
        return self.actions.get(service, {}).get(name.lower())

    def action(self, service: str, name: str, source: str, note_service: bool = True) -> _Action:
        """The action record for ``service:name`` (case-insensitive), created with canonical ``name`` if new;
        ``source`` is also recorded as a source of the service unless ``note_service`` is False."""
        if service not in self.actions:
            raise SystemExit(f"{source}: unknown RAM code {service!r} (add it to catalog_curated.yaml services)")
        bucket = self.actions[service]
        record = bucket.get(name.lower())
        if record is None:
            record = _Action(service, name[0].upper() + name[1:])
            bucket[name.lower()] = record
        record.add_source(source)
        if note_service:
            self._note_service_source(service, source)
        return record

    def _note_service_source(self, service: str, source: str) -> None:
        if source not in self.service_sources[service]:
            self.service_sources[service].append(source)

    def resource_type(self, service: str, name: str, arns: list[str], source: str) -> _ResourceType:
        bucket = self.resource_types[service]
        record = bucket.get(name.lower())
        if record is None:
            record = _ResourceType(name, [], [])
            bucket[name.lower()] = record
        for arn in arns:
            if arn not in record.arns:
                record.arns.append(arn)
        if source not in record.sources:
            record.sources.append(source)
        self._note_service_source(service, source)
        return record

    # -- inputs --

    def add_sdk(self) -> None:
        authorised_as = {k.lower(): v for k, v in self.curated.get("apis_authorised_as", {}).items()}
        for code, service in self.curated["services"].items():
            package = service.get("sdk")
            if not package:
                continue
            names, source = sdk_api_names(package)
            for api in names:
                api_ref = f"{code}:{api}"
                target = authorised_as.get(api_ref.lower())
                if target is None:
                    record = self.action(code, api, source)
                else:
                    target_service, target_name = target.split(":", 1)
                    record = self.action(target_service, target_name, CURATED)
                    record.add_source(source)
                if api_ref not in record.apis:
                    record.apis.append(api_ref)

    def add_seed_000(self, facts: Mapping[str, Any]) -> None:
        for full_name in facts["actions_without_resource_group_support"]:
            service, name = full_name.split(":", 1)
            record = self.action(service, name, SEED_RG)
            record.supports_resource_group = False
        groupable = {item["resource_type"] for item in facts["resource_group_resource_types"]}
        for code, types in self.curated["resource_types"].items():
            for entry in types:
                if entry.get("seed_name") in groupable:
                    rtype = self.resource_type(code, entry["name"], [], SEED_RG)
                    rtype.supports_resource_group = True

    def add_seed_002(self, facts: Mapping[str, Any]) -> None:
        code = facts["ram_code"]
        for entry in facts["resource_types"]:
            self.resource_type(code, entry["name"], list(entry["arns"]), SEED_VPC_TABLE)
        for row in facts["actions"]:
            service, name = row["action"].split(":", 1)
            record = self.action(service, name, SEED_VPC_TABLE)
            api_ref = f"{service}:{row['api']}"
            if api_ref not in record.apis:
                record.apis.append(api_ref)
            record.access_level = row["access_level"]
            record.access_level_source = SEED_VPC_TABLE
            types: list[str] = []
            for resource in row["resources"]:
                if resource["type"] == "All Resource":
                    continue
                types.append(resource["type"])
                if resource["required"]:
                    record.required_resource_types.append(resource["type"])
                if resource["arn"] not in record.arn_templates:
                    record.arn_templates.append(resource["arn"])
            record.resource_types = types
            record.resource_types_source = SEED_VPC_TABLE
            record.condition_keys = list(row["condition_keys"])

    def add_system_policies(self, named: Mapping[str, list[str]]) -> None:
        """Literal actions the system-policy documents name under a service with an action list (run after the
        other inputs, so that only names they lack are added)."""
        services = self.curated["services"]
        with_lists = {code for code, service in services.items() if not service.get("service_level_only")}
        for policy, actions in sorted(named.items()):
            for text in actions:
                found = _LITERAL_ACTION.match(text)
                if not found or found.group(1).lower() not in with_lists:
                    continue
                code, name = found.group(1).lower(), found.group(2)
                if self.existing_action(code, name) is None:  # a new name: the first policy naming it is its source
                    self.action(code, name, f"system-policy:{policy}", note_service=False)

    def add_curated(self) -> None:
        for code, types in self.curated["resource_types"].items():
            for entry in types:
                self.resource_type(code, entry["name"], [entry["arn"], *entry.get("alternates", [])], CURATED)
        for point in self.curated.get("permission_points", []):
            service, name = point["action"].split(":", 1)
            record = self.action(service, name, CURATED)
            record.access_level = point["access_level"]
            record.access_level_source = CURATED
            record.resource_types = list(point["resource_types"])
            record.resource_types_source = CURATED
            record.note = point.get("note", "")

    def extend_generic_actions(self) -> None:
        """Actions such as TagResources take every resource type of their service (see the curated file)."""
        for code, names in self.curated.get("action_resource_extend_to_all_types", {}).items():
            all_types = sorted(rtype.name for rtype in self.resource_types[code].values())
            for name in names:
                found = self.existing_action(code, name)
                if found is None:
                    raise SystemExit(f"curated: {code}:{name} is not a known action")
                record = found
                record.add_source(CURATED)
                known = list(record.resource_types or [])
                record.resource_types = known + [t for t in all_types if t not in known]
                record.resource_types_source = ", ".join(filter(None, [record.resource_types_source, CURATED]))
                for type_name in record.resource_types[len(known) :]:
                    template = canonical_arn(self.resource_types[code][type_name.lower()].arns, code)
                    if template not in record.arn_templates:
                        record.arn_templates.append(template)

    # -- derivations --

    def derive(self) -> None:
        verbs = self.curated["access_level_verbs"]
        without_rg = set(self.curated.get("services_without_resource_group_support", []))
        rules = self.curated.get("action_resource_rules", {})
        overrides = self.curated.get("action_resource_overrides", {})
        for code, bucket in self.actions.items():
            for record in bucket.values():
                if record.access_level is None:
                    record.access_level = access_level_from_name(record.name, verbs)
                    record.access_level_source = CURATED
                    record.add_source(CURATED)
                if record.resource_types is None:
                    record.resource_types = self._curated_types(record.name, rules.get(code, []), overrides.get(code))
                    record.resource_types_source = CURATED if record.resource_types != [ANY] else ""
                    if record.resource_types != [ANY]:
                        record.add_source(CURATED)
                if not record.arn_templates and record.resource_types not in ([], [ANY]):
                    for type_name in record.resource_types:
                        rtype = self.resource_types[code].get(type_name.lower())
                        if rtype is None:
                            raise SystemExit(f"curated: {code}:{record.name} takes unknown resource type {type_name}")
                        record.arn_templates.append(canonical_arn(rtype.arns, code))
                if record.supports_resource_group is None:
                    record.supports_resource_group = code not in without_rg
                    if code in without_rg:
                        record.add_source(CURATED)

    @staticmethod
    def _curated_types(name: str, rules: Iterable[Mapping[str, Any]], overrides: Mapping[str, Any] | None) -> list[str]:
        if overrides and name in overrides:
            value = overrides[name]
            return [ANY] if value == ANY else list(value)
        matched = False
        types: list[str] = []
        for rule in rules:
            if fnmatch.fnmatchcase(name.lower(), str(rule["match"]).lower()):
                matched = True
                for type_name in rule["types"]:
                    if type_name not in types:
                        types.append(type_name)
        return types if matched else [ANY]

    # -- output --

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for code, service in self.curated["services"].items():
            actions = [self._action_json(r) for r in sorted(self.actions[code].values(), key=lambda r: r.name.lower())]
            rtypes = [
                self._rtype_json(code, r) for r in sorted(self.resource_types[code].values(), key=lambda r: r.name)
            ]
            document = {
                "service": code,
                "title": service["title"],
                "service_level_only": bool(service.get("service_level_only", False)),
                "sources": sorted(self.service_sources[code]) or [CURATED],
                "resource_types": rtypes,
                "condition_keys": [],
                "actions": actions,
            }
            files[f"{code}.json"] = _dump(document)
        keys = [
            {"name": entry["name"], "type": entry["type"], "source": CURATED}
            for entry in self.curated["common_condition_keys"]
        ]
        files[KNOWN_SERVICES_FILE] = _dump(
            {
                "services": [
                    {"service": code, "sources": [f"system-policy:{name}" for name in policies]}
                    for code, policies in self.known_services.items()
                    if code not in self.curated["services"]
                ]
            }
        )
        files[CONDITION_KEYS_FILE] = _dump(
            {"condition_keys": keys, "service_aliases": dict(sorted(self.curated.get("service_aliases", {}).items()))}
        )
        return files

    @staticmethod
    def _action_json(record: _Action) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": record.name,
            "access_level": record.access_level,
            "access_level_source": record.access_level_source,
            "resource_types": record.resource_types,
            "resource_types_source": record.resource_types_source,
            "required_resource_types": record.required_resource_types,
            "arn_templates": record.arn_templates,
            "condition_keys": record.condition_keys,
            "supports_resource_group": record.supports_resource_group,
            "apis": sorted(record.apis),
            "source": ", ".join(record.sources),
        }
        if record.note:
            out["note"] = record.note
        return out

    @staticmethod
    def _rtype_json(code: str, record: _ResourceType) -> dict[str, Any]:
        canonical = canonical_arn(record.arns, code)
        out: dict[str, Any] = {
            "name": record.name,
            "arn_template": canonical,
            "alternate_arn_templates": [arn for arn in record.arns if arn != canonical],
            "source": ", ".join(record.sources),
        }
        if record.supports_resource_group is not None:
            out["supports_resource_group"] = record.supports_resource_group
        return out


def canonical_arn(arns: list[str], code: str) -> str:
    """The ARN that names one resource of the type: the first of the service's own with a {#Id} variable."""
    for arn in arns:
        relative = arn.split(":", 4)[-1]
        if arn.startswith(f"acs:{code}:") and "{#" in relative:
            return arn
    for arn in arns:
        if "{#" in arn.split(":", 4)[-1]:
            return arn
    return arns[0]


def access_level_from_name(name: str, verbs: Mapping[str, Any]) -> str:
    """Access level from the API name's leading verb (``DescribeVpcAttribute`` -> get), or ``unknown``."""
    level = _verb_level(name, verbs)
    if level is not None:
        return level
    for prefix in verbs.get("strip_prefixes", []):
        if name.startswith(prefix) and len(name) > len(prefix) and name[len(prefix)].isupper():
            level = _verb_level(name[len(prefix) :], verbs)
            if level is not None:
                return level
    return "unknown"


def _verb_level(name: str, verbs: Mapping[str, Any]) -> str | None:
    best: tuple[int, str] | None = None
    for level in ("create", "delete", "list", "get", "update"):
        for verb in verbs.get(level, []):
            boundary = len(verb) == len(name) or not name[len(verb) : len(verb) + 1].islower()
            if name.startswith(verb) and boundary and (best is None or len(verb) > best[0]):
                best = (len(verb), level)
    if best is None:
        return None
    if best[1] == "list" and name.startswith("Describe") and name.endswith(tuple(verbs.get("get_suffixes", []))):
        return "get"
    return best[1]


def _dump(document: Mapping[str, Any]) -> str:
    """JSON with one action / resource type / key per line, so diffs of the data stay readable."""
    parts = ["{"]
    items = list(document.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, list) and value and isinstance(value[0], dict):
            rows = ",\n".join(f"    {json.dumps(row, ensure_ascii=False)}" for row in value)
            parts.append(f"  {json.dumps(key)}: [\n{rows}\n  ]{comma}")
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    parts.append("}")
    return "\n".join(parts) + "\n"


def build(
    curated_path: Path, seed_facts: Mapping[str, Any], system_policies: Path = DEFAULT_SYSTEM_POLICIES
) -> dict[str, str]:
    """Render every catalogue file (name -> text) from the curated file, the SDKs, the seed facts and the
    system-policy documents."""
    curated = yaml.safe_load(curated_path.read_text(encoding="utf-8"))
    builder = _Builder(curated)
    named = system_policy_actions(system_policies)
    builder.known_services = service_codes_named(named)
    builder.add_sdk()
    builder.add_seed_000(seed_facts[SEED_RG])
    builder.add_seed_002(seed_facts[SEED_VPC_TABLE])
    builder.add_curated()
    builder.add_system_policies(named)
    builder.extend_generic_actions()
    builder.derive()
    return builder.render()


def _facts_text(facts: Mapping[str, Any]) -> str:
    return json.dumps(facts, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder with the seed documents")
    parser.add_argument("--no-seeds", action="store_true", help="use the checked-in seed facts, not the documents")
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED)
    parser.add_argument("--facts", type=Path, default=DEFAULT_FACTS, help="extracted seed facts (JSON)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="catalogue data folder")
    parser.add_argument("--system-policies", type=Path, default=DEFAULT_SYSTEM_POLICIES, help="system-policy data")
    parser.add_argument("--check", action="store_true", help="compare with the files on disk; write nothing")
    args = parser.parse_args(argv)

    outputs: dict[Path, str] = {}
    if args.no_seeds:
        facts = json.loads(args.facts.read_text(encoding="utf-8"))
    else:
        try:
            facts = extract_seed_facts(args.seeds)
        except SeedFormatError as exc:
            print(f"error: {exc} (use --seeds DIR, or --no-seeds to rebuild from {args.facts.name})", file=sys.stderr)
            return 2
        outputs[args.facts] = _facts_text(facts)
    for name, text in build(args.curated, facts, args.system_policies).items():
        outputs[args.out / name] = text
    stale = [path for path in args.out.glob("*.json") if path not in outputs]

    if args.check:
        differing = [path for path, text in outputs.items() if not path.exists() or path.read_text("utf-8") != text]
        for path in [*differing, *stale]:
            print(f"out of date: {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
        return 1 if differing or stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    for path in stale:
        path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
