"""The ``alicloud-gov`` Pulumi resource provider: schema, config, check, diff, create, read, update, delete.

The engine talks to :class:`AlicloudGovProvider` over gRPC (see :mod:`.server`). Offline
work (check, diff, preview) never touches the cloud; cloud calls run in worker threads
through the cloud layer, which owns retries and consistency waits.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from typing import Any

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    PropertyDiff,
    PropertyDiffKind,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)

from alicloud_gov import __version__
from alicloud_gov.cloud import Cloud, deadline
from alicloud_gov.plan import UNKNOWN, DiffResult, ResourceSchema, diff_properties, resource_schema
from alicloud_gov.provider.config import (
    SECRET_FIELDS,
    ProviderConfig,
    config_from_variables,
    config_problems,
    parse_config,
)
from alicloud_gov.provider.detailed_diff import detailed_paths
from alicloud_gov.provider.documents import check_documents
from alicloud_gov.provider.functions import LookupFailure, lookup
from alicloud_gov.provider.handlers import HANDLERS, Handler, PartialCreate, ResourceFailure, Session
from alicloud_gov.provider.values import map_from_plain, map_to_plain, secret_keys
from alicloud_gov.spec.inputs import describe, validate_inputs
from alicloud_gov.spec.schema import ResourceSpec, package_schema

CloudFactory = Callable[[ProviderConfig], Cloud]

_KINDS = {
    ("add", False): PropertyDiffKind.ADD,
    ("add", True): PropertyDiffKind.ADD_REPLACE,
    ("delete", False): PropertyDiffKind.DELETE,
    ("delete", True): PropertyDiffKind.DELETE_REPLACE,
    ("update", False): PropertyDiffKind.UPDATE,
    ("update", True): PropertyDiffKind.UPDATE_REPLACE,
}


class InitFailed(ResourceFailure):
    """A create (or the update resuming it) that left the resource existing but not ready: the server answers it
    as Pulumi's ``ErrorResourceInitFailed`` detail with ``resource_id``, ``properties`` and ``inputs``, which the
    engine stores (with the message as the init error) and resumes with an update on the next ``up``
    (pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go parseError; step_generator.go)."""

    def __init__(
        self,
        message: str,
        resource_id: str,
        properties: Mapping[str, PropertyValue],
        inputs: Mapping[str, PropertyValue],
    ) -> None:
        super().__init__(message)
        self.resource_id = resource_id
        self.properties = dict(properties)
        self.inputs = dict(inputs)


def _init_failed(partial: PartialCreate, inputs: dict[str, Any], secrets: set[str]) -> InitFailed:
    """The engine-facing form of a handler's partial create: its outputs over the inputs, secrets kept."""
    return InitFailed(
        str(partial),
        partial.resource_id,
        map_from_plain({**inputs, **partial.outputs}, secrets),
        map_from_plain(inputs, secrets),
    )


def _default_cloud(config: ProviderConfig) -> Cloud:
    return Cloud(config.cloud_config())


def diff_response(
    result: DiffResult, ignore_changes: list[str], delete_before_replace: bool, schema: ResourceSchema | None = None
) -> DiffResponse:
    """The engine's DiffResponse for a diff-engine result (ignored properties left out).

    With the resource's ``schema``, a changed document or list is detailed member by member (see
    :mod:`.detailed_diff`), so the CLI shows the added and removed members rather than positional changes.
    """
    ignored = {name.split(".")[0].split("[")[0] for name in ignore_changes}
    changes = [change for change in result.changes if change.name not in ignored]
    detailed: dict[str, PropertyDiff] = {}
    for change in changes:
        spec = schema.spec(change.name) if schema is not None else None
        paths = detailed_paths(change, spec) if spec is not None else {change.name: change.kind}
        for path, kind in paths.items():
            detailed[path] = PropertyDiff(_KINDS[(kind, change.replace)], input_diff=True)
    return DiffResponse(
        changes=bool(changes),
        replaces=[change.name for change in changes if change.replace],
        diffs=[change.name for change in changes],
        detailed_diff=detailed,
        delete_before_replace=delete_before_replace and any(change.replace for change in changes),
    )


def check_failure(
    spec: ResourceSpec, resource_name: str, field: str, message: str, value: Any, secret: bool
) -> CheckFailure:
    """A validation problem as the engine prints it best: resource, field and problem, never a dump of a value.

    The engine prints a failure that names a property as ``<type> resource '<name>': property <property> value
    <the property's whole value> has a problem: <reason>`` and one that does not as ``<type> resource '<name>' has
    a problem: <reason>`` (pulumi/pulumi pkg/resource/deploy/step_generator.go, issueCheckFailures). So only a
    scalar that is not secret is named as the property; a document, a list, a map, a secret or a missing value is
    named in the reason (``field 'document' at Statement[1].Effect: ...``). The resource, which the engine names,
    is not repeated.
    """
    detail = message.removeprefix(describe(spec, resource_name, field))
    if isinstance(value, (str, int, float, bool)) and not secret:
        return CheckFailure(field, detail.removeprefix(": "))
    return CheckFailure("", f"field '{field}'{detail}")


class AlicloudGovProvider(Provider):
    """One provider instance = one account's credentials (the engine starts one process per instance)."""

    def __init__(self, cloud_factory: CloudFactory | None = None) -> None:
        self._cloud_factory = cloud_factory or _default_cloud
        self._config: ProviderConfig | None = None
        self._session: Session | None = None
        self._lock = threading.Lock()

    # -- provider configuration -----------------------------------------------------------------------------

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        """The package schema (every resource type, its properties and import id format)."""
        return GetSchemaResponse(schema=package_schema(__version__))

    async def check_config(self, request: CheckRequest) -> CheckResponse:
        """Validate the provider's configuration offline; credentials are kept as secrets."""
        values = map_to_plain(request.new_inputs)
        failures = [CheckFailure(field, message) for field, message in config_problems(values)]
        secrets = secret_keys(request.new_inputs) | SECRET_FIELDS
        return CheckResponse(inputs=map_from_plain(values, secrets), failures=failures)

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        """Remember the configuration; the cloud client is made on the first cloud call."""
        values = map_to_plain(request.args) if request.args else config_from_variables(request.variables)
        known = {key: value for key, value in values.items() if value is not UNKNOWN}
        with self._lock:
            self._config = parse_config(known)
            self._session = None
        return ConfigureResponse(
            accept_secrets=True, supports_preview=True, accept_resources=False, accept_outputs=False
        )

    def session(self) -> Session:
        """The cloud session of this provider instance (made once)."""
        with self._lock:
            if self._session is None:
                config = self._config or parse_config({})
                session = Session(self._cloud_factory(config))
                if config.account_id and session.account_id != config.account_id:
                    raise ResourceFailure(
                        f"provider config 'accountId' is {config.account_id} but the credentials belong to account "
                        f"{session.account_id}; nothing was changed"
                    )
                self._session = session
            return self._session

    # -- lookups --------------------------------------------------------------------------------------------

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        """Run a lookup function (getUser, getPolicy, ...): its result, or a failure naming the argument."""
        args = {key: value for key, value in map_to_plain(request.args).items() if value is not UNKNOWN}
        try:
            result = await asyncio.to_thread(lookup, self.session, request.tok, args)
        except LookupFailure as failure:
            return InvokeResponse(failures=[CheckFailure(failure.argument, failure.reason)])
        return InvokeResponse(return_value=map_from_plain(result))

    # -- resources ------------------------------------------------------------------------------------------

    @staticmethod
    def _handler(type_token: str) -> Handler:
        # Inside a component the engine's type carries the parent chain: "<Component>$alicloud-gov:index:RamPolicy".
        handler = HANDLERS.get(type_token.rsplit("$", 1)[-1])
        if handler is None:
            raise ValueError(f"unknown resource type {type_token} (known: {', '.join(sorted(HANDLERS))})")
        return handler

    async def check(self, request: CheckRequest) -> CheckResponse:
        """Validate inputs offline (names, lengths, patterns, documents) and complete them (trust helpers)."""
        handler = self._handler(request.type)
        inputs = map_to_plain(request.new_inputs)
        problems = validate_inputs(handler.spec, request.name, inputs)
        prepared = handler.prepare(inputs)
        if not problems:
            problems = check_documents(handler.spec, request.name, prepared)
        secrets = secret_keys(request.new_inputs) | handler.spec.secret_names
        failures = [
            check_failure(handler.spec, request.name, field, message, prepared.get(field), field in secrets)
            for field, message in problems
        ]
        return CheckResponse(inputs=map_from_plain(prepared, secrets), failures=failures)

    async def diff(self, request: DiffRequest) -> DiffResponse:
        """Compare stored state with new inputs through the diff engine: no false diffs, replace vs update; a
        replacement deletes first where the spec says the identity is the natural key (or a name changes case)."""
        handler = self._handler(request.type)
        olds = map_to_plain(request.old_state)
        news = map_to_plain(request.new_inputs)
        schema = resource_schema(handler.spec)
        result = diff_properties(schema, olds, news)
        delete_first = handler.spec.natural_key or _same_name_ignoring_case(result)
        return diff_response(result, request.ignore_changes, delete_first, schema)

    async def create(self, request: CreateRequest) -> CreateResponse:
        """Create the resource (at preview: echo the inputs, outputs unknown)."""
        handler = self._handler(request.type)
        inputs = map_to_plain(request.properties)
        secrets = secret_keys(request.properties) | handler.spec.secret_names
        if request.preview:
            unknown_outputs = {item.name: UNKNOWN for item in handler.spec.outputs}
            return CreateResponse(resource_id="", properties=map_from_plain({**unknown_outputs, **inputs}, secrets))
        try:
            with deadline.scope(_deadline(handler, request.name, "create", request.timeout)):
                resource_id, outputs = await asyncio.to_thread(handler.create, self.session(), request.name, inputs)
        except PartialCreate as partial:
            raise _init_failed(partial, inputs, secrets) from partial
        return CreateResponse(resource_id=resource_id, properties=map_from_plain({**inputs, **outputs}, secrets))

    async def read(self, request: ReadRequest) -> ReadResponse:
        """Refresh (state given) or import (id only): the resource as the cloud has it, or gone."""
        handler = self._handler(request.type)
        state = map_to_plain(request.properties) or None
        result = await asyncio.to_thread(handler.read, self.session(), request.name, request.resource_id, state)
        if result is None:
            if state is None:
                raise ResourceFailure(_missing_on_import(handler, request.name, request.resource_id))
            return ReadResponse(resource_id=None)
        inputs, outputs = result
        inputs = {key: value for key, value in inputs.items() if value is not None}
        for item in handler.spec.inputs:
            if item.stored_only and state and state.get(item.name) is not None:
                inputs.setdefault(item.name, state[item.name])  # the cloud does not hold it
        secrets = handler.spec.secret_names
        return ReadResponse(
            resource_id=handler.canonical_id(self.session(), request.resource_id, inputs),
            properties=map_from_plain({**inputs, **outputs}, secrets),
            inputs=map_from_plain(inputs, secrets),
        )

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        """Apply in-place changes (at preview: echo the new inputs over the old outputs)."""
        handler = self._handler(request.type)
        state = map_to_plain(request.olds)
        news = map_to_plain(request.news)
        secrets = secret_keys(request.news) | handler.spec.secret_names
        outputs: Mapping[str, Any]
        if request.preview:
            outputs = {item.name: state.get(item.name) for item in handler.spec.outputs}
        else:
            try:
                with deadline.scope(_deadline(handler, request.name, "update", request.timeout)):
                    outputs = await asyncio.to_thread(
                        handler.update, self.session(), request.name, request.resource_id, state, news
                    )
            except PartialCreate as partial:  # an update resuming a partial create that is still not ready
                raise _init_failed(partial, news, secrets) from partial
        return UpdateResponse(properties=map_from_plain({**outputs, **news}, secrets))

    async def delete(self, request: DeleteRequest) -> None:
        """Delete the resource; already gone is fine, still in use is a clear error.

        Create, update and delete each run under a deadline (:func:`_deadline`) that every retry and wait obeys."""
        handler = self._handler(request.type)
        state = map_to_plain(request.properties)
        with deadline.scope(_deadline(handler, request.name, "delete", request.timeout)):
            await asyncio.to_thread(handler.delete, self.session(), request.name, request.resource_id, state)


def _deadline(handler: Handler, name: str, operation: str, timeout: float) -> deadline.Deadline:
    """The deadline of ``operation`` on resource ``name``: the request's timeout (the user's ``customTimeouts``;
    the engine sends 0 when unset, pulumi/pulumi pkg/resource/deploy/step.go), else the type's default."""
    seconds = timeout if timeout and timeout > 0 else handler.spec.timeouts.of(operation)
    return deadline.Deadline.start(handler.label(name), operation, seconds)


def _missing_on_import(handler: Handler, name: str, resource_id: str) -> str:
    """Why an import (a read with no stored state) of an id the cloud does not know fails: the engine would
    otherwise record an empty resource and report it imported."""
    return (
        f"{handler.label(name)}: cannot import {resource_id!r}: no {handler.spec.type_name} with that id exists in "
        "the account (check the id's spelling and the provider's account); nothing was imported"
    )


def _same_name_ignoring_case(result: DiffResult) -> bool:
    """A replacement whose new name differs only in case must delete first (RAM names are unique ignoring case)."""
    return any(
        change.replace
        and isinstance(change.old, str)
        and isinstance(change.new, str)
        and change.old != change.new
        and change.old.lower() == change.new.lower()
        for change in result.changes
    )
