"""Handler registration and the request context handed to every emulated API.

How a service module registers handlers
---------------------------------------
Put one package per product in ``alicloud_gov/emulator/services/<product>/``, in moto's shape:
``backend.py`` (the state over the Store and the rules, plain-argument methods), ``responses.py`` (the
handlers: parameters in, backend call, reply out; no store calls) and ``errors.py`` (the product's
:class:`~alicloud_gov.emulator.errors.ErrorTable`). Every module under that package is imported when the
server starts (:func:`load_services`), so there is no list to edit. Decorate each API handler with
:func:`action`::

    from alicloud_gov.emulator.registry import RequestContext, action

    @action("ResourceManager", "2020-03-31", "GetResourceGroup",
            resource=lambda ctx: ctx.arn("resourcemanager", f"resourcegroup/{ctx.params.require('ResourceGroupId')}"))
    def get_resource_group(ctx: RequestContext) -> dict:
        group = backend(ctx).require_group(ctx.params.require("ResourceGroupId"))  # the backend raises 404
        return {"ResourceGroup": group}          # RequestId is added by the server

Routing is by ``(version, name)``: the wire carries only x-acs-action/x-acs-version (V3) or
Action/Version (V2), and every product has its own API version. Arguments of :func:`action`:

- ``ram_action``: the RAM action authorised for the call; default ``<product lower-case>:<name>``
  (``ram:CreateUser``, ``expressconnectrouter:DescribeExpressConnectRouter``).
- ``resource``: the target resource ARN(s): a callable ``ctx -> str | list[str]`` or a constant;
  default ``acs:<service>:<region>:<account>:*``. Use :meth:`RequestContext.arn`.
- ``resource_group``: a callable ``ctx -> str | None`` giving the resource group of the target(s), for
  RG-scope attachments. Default: look each resource ARN up in the store kind ``resource_placement``
  (see below). Resources with no placement are in no group.
- ``destination_group``: for calls that move their target into a resource group (MoveResourceGroup), a
  callable ``ctx -> str | None`` naming that group. The call is then authorised on each resource twice:
  where it is and as if it were already in the destination group, because a resource-group-scoped
  permission applies only to resources in that group (Resource Management, "Grant permissions on resource
  groups to a RAM identity"): rights in the source group alone do not let a caller put resources into
  another group.
- ``read_only``: whether the call only reads (eventual-consistency faults apply to reads);
  default: the name starts with Get, List, Describe or Check.
- ``authorize``: False for calls that need no RAM permission (sts:GetCallerIdentity).
- ``authenticate``: False for calls that are not signed at all (sts:AssumeRoleWithOIDC, whose proof is the
  OIDC token): the handler gets :data:`ANONYMOUS` as its caller, and such a call cannot be authorised.

Every resource a call names is authorised, not only the first: return a list from ``resource`` when the
call acts on two (the user and the group of AddUserToGroup, the principal and the policy of an
attachment). :meth:`RequestContext.authorisation_targets` is the full list the authoriser checks.

A handler receives a :class:`RequestContext` and returns the response dict. Errors are raised as
:class:`alicloud_gov.emulator.errors.ApiError`. Handlers run inside one store transaction, so
check-then-write sequences are atomic.

Store kinds and keys
--------------------
Each kind belongs to one backend, which documents its records and builds its keys; other modules ask that
backend, never the store with a re-spelled kind: RAM's (``ram_*``, ``access_key``:
services/ram/backend.py), STS's (``sts_credential``), ResourceManager's (``resource_group``,
``resource_placement``, ``rg_attachment``), VPC's (``vpc``, ``vbr``), ExpressConnectRouter's (``ecr*``) and
``client_token`` (services/idempotency.py). The server keeps ``account`` (key uid: {"Uid", "Alias"}).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.spec.arns import assumed_role_arn, root_arn, user_arn

if TYPE_CHECKING:
    from alicloud_gov.emulator.accounts import Account
    from alicloud_gov.emulator.store import StoreView

KIND_ACCOUNT = "account"

CallerKind = Literal["root", "user", "role", "anonymous"]


@dataclass(frozen=True)
class Caller:
    """The authenticated identity behind a request."""

    account_id: str
    kind: CallerKind
    name: str  # "root", the RAM user name, or the role name
    access_key_id: str
    principal_id: str  # account uid, UserId, or "<RoleId>:<session>"
    session_name: str | None = None

    @property
    def arn(self) -> str:
        """The caller's ARN (acs:ram::<uid>:root | user/<name> | assumed-role/<role>/<session>)."""
        if self.kind == "root":
            return root_arn(self.account_id)
        if self.kind == "user":
            return user_arn(self.account_id, self.name)
        return assumed_role_arn(self.account_id, self.name, str(self.session_name))

    @property
    def identity_type(self) -> str:
        """GetCallerIdentity's IdentityType: Account, RAMUser or AssumedRoleUser."""
        return {"root": "Account", "user": "RAMUser", "role": "AssumedRoleUser", "anonymous": "Anonymous"}[self.kind]

    @property
    def auth_principal_type(self) -> str:
        """AccessDeniedDetail's AuthPrincipalType: Account, SubUser or AssumedRoleUser."""
        return {"root": "Account", "user": "SubUser", "role": "AssumedRoleUser", "anonymous": "Anonymous"}[self.kind]

    @property
    def display_name(self) -> str:
        """AccessDeniedDetail's AuthPrincipalDisplayName."""
        if self.kind == "role":
            return f"{self.name}:{self.session_name}"
        return self.name if self.kind == "user" else self.account_id


ANONYMOUS = Caller("", "anonymous", "anonymous", "", "")
"""The caller of an unsigned call (an action registered with ``authenticate=False``)."""

_INDEXED = re.compile(r"^(\d+)(?:\.(.+))?$")


class Params:
    """Flattened request parameters (query and form body) with typed accessors.

    Validation failures raise the gateway's MissingParameter or InvalidParameter.<Name> (400).
    """

    def __init__(self, raw: Mapping[str, str]) -> None:
        self.raw: dict[str, str] = dict(raw)

    def __contains__(self, name: object) -> bool:
        return name in self.raw

    def get_str(self, name: str, default: str | None = None) -> str | None:
        """The value, or ``default`` when absent (an empty string counts as absent)."""
        value = self.raw.get(name)
        return default if value is None or value == "" else value

    def require(self, name: str) -> str:
        """The value; MissingParameter when absent or empty."""
        value = self.get_str(name)
        if value is None:
            raise GatewayErrors.MISSING_PARAMETER(name=name)
        return value

    def get_int(
        self, name: str, default: int | None = None, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        """An integer within [minimum, maximum], or ``default`` when absent."""
        value = self.get_str(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise GatewayErrors.NOT_AN_INTEGER(name=name) from None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            raise GatewayErrors.OUT_OF_RANGE(name=name, bounds=bounds)
        return number

    def get_bool(self, name: str, default: bool = False) -> bool:
        """A boolean sent as true/false in any case (the SDK sends Python's True/False)."""
        value = self.get_str(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise GatewayErrors.NOT_A_BOOLEAN(name=name)
        return lowered == "true"

    def get_json(self, name: str) -> Any:
        """A JSON-encoded parameter (RAM sends Tag etc. as JSON strings), or None when absent."""
        value = self.get_str(name)
        if value is None:
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise GatewayErrors.NOT_JSON(name=name) from None

    def _indexed(self, prefix: str) -> dict[int, dict[str, str]]:
        found: dict[int, dict[str, str]] = {}
        lead = prefix + "."
        for key, value in self.raw.items():
            if not key.startswith(lead):
                continue
            match = _INDEXED.match(key[len(lead) :])
            if match:
                found.setdefault(int(match.group(1)), {})[match.group(2) or ""] = value
        return dict(sorted(found.items()))

    def get_list(self, prefix: str) -> list[str]:
        """A list of strings flattened as ``Prefix.1``, ``Prefix.2``... (or a JSON array in ``Prefix``)."""
        indexed = self._indexed(prefix)
        if indexed:
            return [entry[""] for entry in indexed.values() if "" in entry]
        single = self.get_str(prefix)
        if single is None:
            return []
        if single.startswith("["):
            value = self.get_json(prefix)
            if isinstance(value, list):
                return [str(item) for item in value]
        return [single]

    def get_models(self, prefix: str) -> list[dict[str, str]]:
        """A list of models flattened as ``Prefix.N.Field`` (e.g. ``Tag.1.Key``), ordered by N."""
        return [
            {field_name: value for field_name, value in entry.items() if field_name}
            for entry in self._indexed(prefix).values()
        ]

    def get_tags(self, name: str = "Tag") -> list[dict[str, str]]:
        """Tags given either RAM-style as a JSON string or flattened as Tag.N.Key/Tag.N.Value."""
        flattened = self.get_models(name)
        if flattened:
            return flattened
        value = self.get_json(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise GatewayErrors.NOT_TAGS(name=name)
        return [{str(k): str(v) for k, v in item.items()} for item in value]


Handler = Callable[["RequestContext"], dict[str, Any]]
ResourceSpec = str | Callable[["RequestContext"], "str | list[str]"] | None
GroupSpec = Callable[["RequestContext"], "str | None"]


@dataclass(frozen=True)
class Target:
    """One authorisation of a call: a resource ARN and the resource group it counts as in (None: no group)."""

    arn: str
    resource_group: str | None = None


@dataclass(frozen=True)
class ActionSpec:
    """One registered API: its routing key, handler and authorisation declaration."""

    product: str
    version: str
    name: str
    handler: Handler
    ram_action: str
    resource: ResourceSpec = None
    resource_group: GroupSpec | None = None
    destination_group: GroupSpec | None = None
    read_only: bool = False
    authorize: bool = True
    authenticate: bool = True

    @property
    def service(self) -> str:
        """The RAM service code of the product (ram, sts, resourcemanager, vpc, expressconnectrouter)."""
        return self.product.lower()


_REGISTRY: dict[tuple[str, str], ActionSpec] = {}
_READ_PREFIXES = ("Get", "List", "Describe", "Check")


def action(
    product: str,
    version: str,
    name: str,
    *,
    ram_action: str | None = None,
    resource: ResourceSpec = None,
    resource_group: GroupSpec | None = None,
    destination_group: GroupSpec | None = None,
    read_only: bool | None = None,
    authorize: bool = True,
    authenticate: bool = True,
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of API ``name`` in ``version`` (see module doc)."""
    if not authenticate and authorize:
        raise RuntimeError(f"emulator: {product} {version} {name}: an unsigned call cannot be authorised")

    def register(handler: Handler) -> Handler:
        key = (version, name)
        if key in _REGISTRY and _REGISTRY[key].handler is not handler:
            raise RuntimeError(f"emulator: {product} {version} {name} registered twice")
        _REGISTRY[key] = ActionSpec(
            product=product,
            version=version,
            name=name,
            handler=handler,
            ram_action=ram_action or f"{product.lower()}:{name}",
            resource=resource,
            resource_group=resource_group,
            destination_group=destination_group,
            read_only=name.startswith(_READ_PREFIXES) if read_only is None else read_only,
            authorize=authorize,
            authenticate=authenticate,
        )
        return handler

    return register


def lookup(version: str, name: str) -> ActionSpec | None:
    """The registered API for a version and action name, or None."""
    return _REGISTRY.get((version, name))


def registered() -> list[ActionSpec]:
    """Every registered API (for diagnostics and tests)."""
    return list(_REGISTRY.values())


def known_versions() -> set[str]:
    """API versions with at least one handler."""
    return {version for version, _ in _REGISTRY}


def load_services() -> None:
    """Import every module under alicloud_gov.emulator.services so the handlers and error tables register."""
    from alicloud_gov.emulator import services

    for module in pkgutil.walk_packages(services.__path__, prefix=f"{services.__name__}."):
        importlib.import_module(module.name)


@dataclass
class RequestContext:
    """Everything a handler needs about one request."""

    request_id: str
    spec: ActionSpec
    params: Params
    caller: Caller
    store: StoreView
    accounts: Mapping[str, Account]
    region: str = "cn-hangzhou"
    received: float = field(default_factory=time.time)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def account_id(self) -> str:
        """The caller's account UID (the account the call acts in)."""
        return self.caller.account_id

    @property
    def account(self) -> Account:
        """The caller's account."""
        return self.accounts[self.caller.account_id]

    def arn(self, service: str, relative_id: str, *, region: str | None = None, account: str | None = None) -> str:
        """``acs:<service>:<region>:<account>:<relative_id>``; RAM ARNs use an empty region."""
        if region is None:
            region = "" if service == "ram" else self.params.get_str("RegionId", self.region) or self.region
        return f"acs:{service}:{region}:{account or self.account_id}:{relative_id}"

    def resource_arns(self) -> list[str]:
        """The target resource ARN(s) the spec declares for this request."""
        spec = self.spec.resource
        if spec is None:
            return [f"acs:{self.spec.service}:*:{self.account_id}:*"]
        value = spec(self) if callable(spec) else spec
        return [value] if isinstance(value, str) else list(value)

    def _placed_group(self, arn: str) -> str | None:
        from alicloud_gov.emulator.services.resourcemanager.backend import ResourceManagerBackend  # imports this

        return ResourceManagerBackend(self.store, self.account_id).resource_group_of(arn) or None

    def authorisation_targets(self) -> list[Target]:
        """Every (resource, group) the call must be allowed on: each declared resource in its own group, and
        again in the destination group for a move (``destination_group``)."""
        declared = self.spec.resource_group(self) if self.spec.resource_group is not None else None
        targets = [
            Target(arn, declared if self.spec.resource_group is not None else self._placed_group(arn))
            for arn in self.resource_arns()
        ]
        if self.spec.destination_group is not None:
            destination = self.spec.destination_group(self)
            targets += [Target(target.arn, destination) for target in targets if target.resource_group != destination]
        return targets


def iso_now() -> str:
    """The current UTC time as Alibaba Cloud formats it (2024-01-01T00:00:00Z)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
