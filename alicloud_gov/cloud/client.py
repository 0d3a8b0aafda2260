"""ProductClient (one product: call, paginate, create, delete, wait) and Cloud (all products, one config).

Usage::

    cloud = Cloud(CloudConfig(endpoint="127.0.0.1:8080", credentials=StaticCredentials(ak, secret)))
    user = cloud.ram.call("GetUser", {"UserName": "alice"})["User"]
    for user in cloud.ram.paginate("ListUsers", items="Users.User"): ...
    cloud.ram.create("CreateUser", {"UserName": "bob"},
                     read=lambda: cloud.ram.call("GetUser", {"UserName": "bob"}),
                     matches=lambda body: body["User"]["UserName"] == "bob")

Every call is retried by our :class:`~alicloud_gov.cloud.retry.Retrier` and failures surface as
:mod:`~alicloud_gov.cloud.errors` classes. Each attempt logs one debug line on logger ``alicloud_gov.cloud``
(API, attempt, elapsed time, request id, outcome) and never parameters or bodies.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from alicloud_gov.cloud import consistency, pagination
from alicloud_gov.cloud.config import CloudConfig
from alicloud_gov.cloud.credentials import AssumeRoleCredentials, CredentialsProvider, StsTarget
from alicloud_gov.cloud.errors import (
    AlreadyExists,
    CloudConnectionError,
    CloudError,
    ConsistencyTimeout,
    EndpointUnreachable,
    NotFound,
    error_from_body,
    error_from_exception,
)
from alicloud_gov.cloud.products import ECR, PRODUCTS, RAM, RESOURCE_MANAGER, STS, VPC, Product
from alicloud_gov.cloud.retry import Retrier, RetryPolicy
from alicloud_gov.cloud.transport import TeaTransport, Transport

__all__ = ["Cloud", "ProductClient", "TransportFactory"]

T = TypeVar("T")
log = logging.getLogger("alicloud_gov.cloud")

#: Builds the transport for a product and credentials (tests substitute fakes).
TransportFactory = Callable[[Product, CredentialsProvider], Transport]


class ProductClient:
    """Calls one product's RPC APIs with retries, error mapping, pagination and safe creates. Thread-safe.

    ``clock``/``sleep`` drive timing of logs and read-after-write waits (the retrier has its own); tests inject fakes.
    """

    def __init__(
        self,
        product: Product,
        transport: Transport,
        retrier: Retrier,
        *,
        consistency_timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.product = product
        self.transport = transport
        self.retrier = retrier
        self.consistency_timeout = consistency_timeout
        self._clock = clock
        self._sleep = sleep

    def api_name(self, action: str) -> str:
        """``product:Action``, the name errors and logs use."""
        return f"{self.product.code}:{action}"

    # -- single calls ---------------------------------------------------------------------------------------

    def call(self, action: str, params: Mapping[str, Any] | None = None, *, retry: bool = True) -> dict[str, Any]:
        """Call ``action`` and return the response body; raises a CloudError subclass on failure.

        ``params`` may nest dicts and lists (flattened the RPC way: ``Tag.1.Key``). Transient failures are
        retried unless ``retry`` is false.
        """
        return self._call(action, params or {}, retry=retry)

    def _call(self, action: str, params: Mapping[str, Any], *, retry: bool) -> dict[str, Any]:
        """One logical call; a failure carries ``attempts`` and ``retries_exhausted``."""
        api = self.api_name(action)
        attempts = 0

        def attempt(number: int) -> dict[str, Any]:
            nonlocal attempts
            attempts = number
            return self._attempt(api, action, params, number)

        try:
            return self.retrier.run(attempt, label=api) if retry else attempt(1)
        except CloudError as err:
            if not err.retries_exhausted:  # keep the counts of an inner loop (e.g. a credential refresh)
                err.attempts = attempts
                err.retries_exhausted = True
                if isinstance(err, EndpointUnreachable) and attempts > 1:
                    err.message += f" (gave up after {attempts} attempts)"
            raise

    def _attempt(self, api: str, action: str, params: Mapping[str, Any], number: int) -> dict[str, Any]:
        start = self._clock()
        try:
            response = self.transport(action, params)
        except Exception as exc:
            err = error_from_exception(exc, api=api)
            url = getattr(self.transport, "url", None)
            if isinstance(err, CloudConnectionError) and url and url not in err.message:
                err.message = f"cannot reach {url}: {err.message}"
            log.debug(
                "api=%s attempt=%d elapsed=%.3fs request_id=%s error=%s",
                api,
                number,
                self._clock() - start,
                err.request_id,
                err.code,
            )
            raise err from (None if err is exc else exc)
        body = response.get("body")
        if not isinstance(body, dict):
            raise error_from_exception(ValueError(f"expected a JSON object, got {type(body).__name__}"), api=api)
        elapsed = self._clock() - start
        if body.get("Success") is False and body.get("Code"):  # ECR-style failure inside a 200
            status = _int_or_none(body.get("HttpStatusCode")) or _int_or_none(response.get("statusCode"))
            failure = error_from_body(body, api=api, status=status)
            log.debug(
                "api=%s attempt=%d elapsed=%.3fs request_id=%s error=%s",
                api,
                number,
                elapsed,
                failure.request_id,
                failure.code,
            )
            raise failure
        log.debug("api=%s attempt=%d elapsed=%.3fs request_id=%s ok", api, number, elapsed, body.get("RequestId"))
        return body

    # -- lists ----------------------------------------------------------------------------------------------

    def paginate(
        self, action: str, params: Mapping[str, Any] | None = None, *, items: str, page_size: int | None = None
    ) -> Iterator[Any]:
        """Yield every item of a list API across pages (the product's protocol; see :mod:`.pagination`).

        ``items`` is the dotted path of the list in each page's body, e.g. ``"Users.User"``.
        """
        return pagination.paginate(
            self.call,
            action,
            params,
            items=items,
            style=self.product.pagination,
            page_size=page_size or self.product.max_page_size,
        )

    def list_all(
        self, action: str, params: Mapping[str, Any] | None = None, *, items: str, page_size: int | None = None
    ) -> list[Any]:
        """All items of a list API, as a list (see :meth:`paginate`)."""
        return list(self.paginate(action, params, items=items, page_size=page_size))

    # -- safe writes ----------------------------------------------------------------------------------------

    def create(
        self,
        action: str,
        params: Mapping[str, Any],
        *,
        read: Callable[[], Mapping[str, Any] | None] | None = None,
        matches: Callable[[Mapping[str, Any]], bool] | None = None,
        client_token: bool | None = None,
    ) -> dict[str, Any]:
        """A create-style call that is safe to retry; returns the create's body (or ``read()``'s, see below).

        Products with idempotency tokens (ECR, VPC; or ``client_token=True``) get one ``ClientToken`` generated
        for this logical call and reused by every attempt, so the service deduplicates.

        Elsewhere (RAM, ResourceManager) an AlreadyExists may be our own earlier attempt: one of this call that
        was applied although we saw a 5xx or a dropped connection, or one of an interrupted earlier run (the
        engine re-creates a resource whose create was in flight when it died). It counts as success, and
        ``read()``'s body is returned, when ``read()`` (waiting out eventual consistency: NotFound and ``None``
        mean "not visible yet", polled up to the consistency timeout) finds an entity and:

        * ``matches(entity)`` holds: the live entity is exactly what this call asks for (callers compare every
          input the way the provider's diff does), whichever attempt met the AlreadyExists; or
        * ``matches`` is omitted and an earlier attempt of this call may have been applied (its outcome unknown: a
          5xx, a timeout or a dropped connection; ``earlier_outcome_unknown``): existence suffices then. A retry
          after throttling or a refused connection does not count: that attempt was never applied.

        Otherwise the AlreadyExists propagates: an entity that differs from the request is never adopted.
        """
        send = dict(params)
        if client_token if client_token is not None else self.product.client_token:
            send.setdefault("ClientToken", str(uuid.uuid4()))
        try:
            return self._call(action, send, retry=True)
        except AlreadyExists as err:
            retried = err.earlier_outcome_unknown
            if read is None or (matches is None and not retried):
                raise
            try:
                found = consistency.wait_until(
                    read,
                    lambda body: body is not None,
                    timeout=self.consistency_timeout,
                    what=f"{self.api_name(action)}: reading back the existing entity",
                    clock=self._clock,
                    sleep=self._sleep,
                )
            except ConsistencyTimeout:
                err.message += " (reading the existing entity back found nothing)"
                raise err from None
            if found is None or (matches is not None and not matches(found)):
                err.message += " (the existing entity differs from what was asked)"
                raise
            suffix = " after an attempt of unknown outcome" * retried
            log.debug("%s: AlreadyExists%s matched the request; treated as created", err.api, suffix)
            return dict(found)

    def delete(self, action: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """A delete-style call that is safe to retry: NotFound after a retried attempt means our earlier attempt
        succeeded, and returns ``{}``. A NotFound on the first attempt propagates (the caller decides)."""
        try:
            return self._call(action, params, retry=True)
        except NotFound as err:
            if err.attempts <= 1:
                raise
            log.debug("%s: NotFound after a retry; treated as deleted", err.api)
            return {}

    # -- eventual consistency -------------------------------------------------------------------------------

    def wait_until(
        self,
        action: str,
        params: Mapping[str, Any],
        predicate: Callable[[Mapping[str, Any]], bool] = lambda _body: True,
        *,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Call a read until ``predicate(body)`` holds, NotFound meaning "not yet"; returns the body.

        E.g. ``cloud.resourcemanager.wait_until("GetResourceGroup", {"ResourceGroupId": rg},
        field_in("ResourceGroup.Status", "OK"))``. Raises ConsistencyTimeout past ``timeout``.
        """
        return consistency.wait_until(
            lambda: self.call(action, params),
            predicate,
            timeout=self.consistency_timeout if timeout is None else timeout,
            what=f"{self.api_name(action)} {_describe(params)}",
            clock=self._clock,
            sleep=self._sleep,
        )

    def __repr__(self) -> str:
        return f"ProductClient({self.product.code} {self.product.version}, {self.transport!r})"


class Cloud:
    """All products behind one :class:`CloudConfig`: ``cloud.ram``, ``.resourcemanager``, ``.ecr``, ``.vpc``, ``.sts``.

    Product clients (each with one tea client) are created on first use and reused; the Cloud is thread-safe.
    Credentials that call STS (AssumeRole, AssumeRoleWithOIDC) are bound to this Cloud's STS endpoint
    (:meth:`sts_target`), so they work against the emulator too.
    """

    def __init__(
        self,
        config: CloudConfig | None = None,
        *,
        transport_factory: TransportFactory | None = None,
        retrier: Retrier | None = None,
    ) -> None:
        self.config = config or CloudConfig.from_env()
        self._override = self.config.override_endpoint()
        self._transport_factory = transport_factory or self.tea_transport
        self.retrier = retrier or Retrier(
            RetryPolicy(
                max_attempts=self.config.max_attempts,
                max_total_seconds=self.config.max_retry_seconds,
                base_delay=self.config.retry_base_delay,
                max_delay=self.config.retry_max_delay,
            )
        )
        self.credentials = self.config.credentials.bind(self.sts_target())
        self._clients: dict[str, ProductClient] = {}
        self._lock = threading.Lock()

    # -- products -------------------------------------------------------------------------------------------

    @property
    def ram(self) -> ProductClient:
        """RAM 2015-05-01 (users, groups, roles, policies, attachments at account scope)."""
        return self.client(RAM.code)

    @property
    def resourcemanager(self) -> ProductClient:
        """ResourceManager 2020-03-31 (resource groups, attachments at resource-group scope)."""
        return self.client(RESOURCE_MANAGER.code)

    @property
    def ecr(self) -> ProductClient:
        """ExpressConnectRouter 2023-09-01 (cross-account grants; form-body requests)."""
        return self.client(ECR.code)

    @property
    def vpc(self) -> ProductClient:
        """VPC 2016-04-28."""
        return self.client(VPC.code)

    @property
    def sts(self) -> ProductClient:
        """STS 2015-04-01 (AssumeRole, GetCallerIdentity)."""
        return self.client(STS.code)

    def client(self, product_code: str) -> ProductClient:
        """The (cached) client of a product by code: ram, resourcemanager, expressconnectrouter, vpc, sts."""
        product = PRODUCTS.get(product_code)
        if product is None:
            raise ValueError(f"unknown product {product_code!r} (known: {', '.join(sorted(PRODUCTS))})")
        with self._lock:
            existing = self._clients.get(product.code)
            if existing is None:
                existing = self._new_client(product, self.credentials)
                self._clients[product.code] = existing
            return existing

    def endpoint_for(self, product: Product) -> tuple[str, str]:
        """(host, protocol) calls to ``product`` go to."""
        if self._override is not None:
            return self._override
        return product.endpoint(
            self.config.region, regional_sts=self.config.regional_sts
        ), self.config.protocol or "https"

    def sts_target(self) -> StsTarget:
        """Where the credential library's STS calls go: the override endpoint as a URL (``http://`` for the
        emulator), the regional STS endpoint when ``regional_sts``, else the library's default."""
        if self._override is not None:
            host, protocol = self._override
            endpoint: str | None = f"{protocol}://{host}"
        elif self.config.regional_sts:
            endpoint = STS.endpoint(self.config.region, regional_sts=True)
        else:
            endpoint = None
        return StsTarget(
            endpoint,
            connect_timeout_ms=max(1, int(self.config.connect_timeout * 1000)),
            read_timeout_ms=max(1, int(self.config.read_timeout * 1000)),
        )

    # -- identities -----------------------------------------------------------------------------------------

    def assume_role(
        self,
        role_arn: str,
        session_name: str = "alicloud-gov",
        *,
        external_id: str | None = None,
        duration_seconds: int = 3600,
        policy: str | None = None,
    ) -> Cloud:
        """A Cloud acting as a RAM role (possibly in another account), assumed with this Cloud's credentials.

        Its credentials are refreshed before they expire. Shares this Cloud's settings and retry policy.
        """
        creds = AssumeRoleCredentials(
            self.credentials, role_arn, session_name, external_id, duration_seconds, policy=policy
        )
        config = dataclasses.replace(self.config, credentials=creds)
        return Cloud(config, transport_factory=self._transport_factory_arg(), retrier=self.retrier)

    def caller_identity(self) -> dict[str, Any]:
        """STS GetCallerIdentity: ``AccountId``, ``Arn``, ``IdentityType``, ``PrincipalId``, ``UserId``."""
        return self.sts.call("GetCallerIdentity")

    # -- internals ------------------------------------------------------------------------------------------

    def _transport_factory_arg(self) -> TransportFactory | None:
        return None if self._transport_factory == self.tea_transport else self._transport_factory

    def _new_client(self, product: Product, credentials: CredentialsProvider) -> ProductClient:
        return ProductClient(
            product,
            self._transport_factory(product, credentials),
            self.retrier,
            consistency_timeout=self.config.consistency_timeout,
        )

    def tea_transport(self, product: Product, credentials: CredentialsProvider) -> Transport:
        """The real transport for ``product`` signed with ``credentials`` (wrap it in a custom factory)."""
        host, protocol = self.endpoint_for(product)
        return TeaTransport(
            product,
            host=host,
            protocol=protocol,
            region=self.config.region,
            credentials=credentials,
            connect_timeout=self.config.connect_timeout,
            read_timeout=self.config.read_timeout,
        )

    def __repr__(self) -> str:
        where = f"{self._override[1]}://{self._override[0]}" if self._override else f"region {self.config.region}"
        return f"Cloud({where}, credentials={self.credentials!r})"


def _int_or_none(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _describe(params: Mapping[str, Any]) -> str:
    """Identifying parameters for messages (names and ids only, never documents or secrets)."""
    keys = [k for k in params if k.endswith(("Name", "Id")) and isinstance(params[k], str)]
    return ", ".join(f"{k}={params[k]}" for k in keys) or ""
