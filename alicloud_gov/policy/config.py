"""Check configuration: trusted accounts, ignores and the blocking threshold.

Read from ``[tool.alicloud-gov]`` in ``pyproject.toml`` or from ``.alicloud-gov.toml``
(top-level keys), found by searching upward from the checked path::

    [tool.alicloud-gov]
    trusted-accounts = ["2000000000000002"]
    account-id = "1000000000000001"
    ignore = ["REDUNDANT_ACTION", "legacy-admin", "ops-role.TRUST_EXTERNAL_ACCOUNT"]
    fail-on = "error"

An ignore entry is a finding code (``REDUNDANT_ACTION``), a resource (a Pulumi resource
name, a file name or its stem) or ``RESOURCE.CODE``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.spec.names import ACCOUNT_UID, is_account_uid

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILE = ".alicloud-gov.toml"
PYPROJECT = "pyproject.toml"
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")


class ConfigError(ValueError):
    """The configuration is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class Ignore:
    """One ignore rule: a code, a resource, or both (``RESOURCE.CODE``)."""

    code: str | None = None
    resource: str | None = None

    @classmethod
    def parse(cls, entry: str) -> Ignore:
        """``CODE`` | ``RESOURCE`` | ``RESOURCE.CODE`` (a code is UPPER_SNAKE)."""
        text = entry.strip()
        if _CODE.match(text):
            return cls(code=text)
        head, dot, tail = text.rpartition(".")
        if dot and head and _CODE.match(tail):
            return cls(code=tail, resource=head)
        return cls(resource=text)

    def matches(self, finding: Finding) -> bool:
        """True when ``finding`` is covered by this rule."""
        if self.code is not None and self.code != finding.code:
            return False
        if self.resource is None:
            return True
        return self.resource in _resource_names(finding)


def _resource_names(finding: Finding) -> set[str]:
    names = set()
    if finding.resource:
        names.add(finding.resource)
    if finding.file:
        path = PurePath(finding.file)
        names.update({finding.file, path.as_posix(), path.name, path.stem})
    return names


@dataclass(frozen=True)
class CheckConfig:
    """What the checks need to know beyond the document.

    ``trusted_accounts``: account UIDs a trust policy may name without TRUST_EXTERNAL_ACCOUNT;
    ``account_id``: the account that owns the policies (always trusted); ``ignore``: suppressed
    findings; ``fail_on``: the lowest severity that makes ``alicloud-gov check`` exit 1.
    """

    trusted_accounts: frozenset[str] = frozenset()
    ignore: tuple[Ignore, ...] = ()
    fail_on: Severity = Severity.SECURITY_WARNING
    account_id: str | None = None
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Accept the convenient spellings too: any iterable of UIDs, ignore entries as plain strings.
        object.__setattr__(self, "trusted_accounts", frozenset(str(a) for a in self.trusted_accounts))
        rules = tuple(rule if isinstance(rule, Ignore) else Ignore.parse(str(rule)) for rule in self.ignore)
        object.__setattr__(self, "ignore", rules)
        if not isinstance(self.fail_on, Severity):
            object.__setattr__(self, "fail_on", Severity.parse(str(self.fail_on)))

    def is_trusted(self, account: str) -> bool:
        """True when ``account`` is the owning account or on the allow-list."""
        return account == self.account_id or account in self.trusted_accounts

    def is_ignored(self, finding: Finding) -> bool:
        """True when any ignore rule covers ``finding``."""
        return any(rule.matches(finding) for rule in self.ignore)

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings no ignore rule covers."""
        return [f for f in findings if not self.is_ignored(f)]

    def blocks(self, finding: Finding) -> bool:
        """True when ``finding`` is at or above the ``fail_on`` threshold."""
        return finding.severity.at_least(self.fail_on)

    def merged(
        self,
        *,
        trusted_accounts: Iterable[str] = (),
        ignore: Iterable[str] = (),
        fail_on: Severity | None = None,
        account_id: str | None = None,
    ) -> CheckConfig:
        """A copy with command-line additions: accounts and ignores are added, the threshold replaced if given."""
        accounts = _accounts(list(trusted_accounts), "--trusted-account")
        return replace(
            self,
            trusted_accounts=self.trusted_accounts | accounts,
            ignore=self.ignore + tuple(Ignore.parse(e) for e in ignore),
            fail_on=fail_on or self.fail_on,
            account_id=account_id or self.account_id,
        )


def _accounts(values: Any, where: str) -> frozenset[str]:
    if not isinstance(values, list):
        raise ConfigError(f"{where}: expected a list of account UIDs")
    accounts = set()
    for value in values:
        text = str(value).strip()
        if not is_account_uid(text):
            raise ConfigError(f"{where}: {value!r} {ACCOUNT_UID.explain}, e.g. 2000000000000002")
        accounts.add(text)
    return frozenset(accounts)


def config_from_mapping(data: Mapping[str, Any], source: str = "<config>") -> CheckConfig:
    """Build a :class:`CheckConfig` from a TOML table; unknown keys are an error naming ``source``."""
    known = {"trusted-accounts", "trusted_accounts", "ignore", "fail-on", "fail_on", "account-id", "account_id"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    accounts = _accounts(data.get("trusted-accounts", data.get("trusted_accounts", [])), f"{source}: trusted-accounts")
    ignores = data.get("ignore", [])
    if not isinstance(ignores, list) or not all(isinstance(e, str) for e in ignores):
        raise ConfigError(f"{source}: ignore must be a list of strings")
    fail_on_text = data.get("fail-on", data.get("fail_on", Severity.SECURITY_WARNING.value))
    try:
        fail_on = Severity.parse(str(fail_on_text))
    except ValueError as error:
        raise ConfigError(f"{source}: fail-on: {error}") from error
    account_id = data.get("account-id", data.get("account_id"))
    if account_id is not None and not is_account_uid(str(account_id)):
        raise ConfigError(f"{source}: account-id {account_id!r} is not an account UID")
    return CheckConfig(
        trusted_accounts=accounts,
        ignore=tuple(Ignore.parse(e) for e in ignores),
        fail_on=fail_on,
        account_id=str(account_id) if account_id is not None else None,
        source=source,
    )


def load_config_file(path: Path) -> CheckConfig:
    """Load ``path`` (a ``pyproject.toml`` uses ``[tool.alicloud-gov]``; any other file its top level)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML ({error})") from error
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("alicloud-gov", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.alicloud-gov] must be a table")
        return config_from_mapping(table, f"{path} [tool.alicloud-gov]")
    return config_from_mapping(data, str(path))


def find_config(start: Path) -> Path | None:
    """The nearest ``.alicloud-gov.toml``, or ``pyproject.toml`` with ``[tool.alicloud-gov]``, at or above ``start``."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool", {})
    return isinstance(tool, dict) and "alicloud-gov" in tool


def load_config(start: Path | None = None, explicit: Path | None = None) -> CheckConfig:
    """The configuration for checking ``start``: ``explicit`` if given, else the nearest file, else defaults."""
    if explicit is not None:
        return load_config_file(explicit)
    if start is None:
        return CheckConfig()
    found = find_config(start)
    return load_config_file(found) if found is not None else CheckConfig()
