"""alicloud_gov.cloud — the one way the project talks to Alibaba Cloud (or the local emulator).

::

    from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials, errors

    cloud = Cloud(CloudConfig(region="cn-hangzhou", endpoint="127.0.0.1:8080",
                              credentials=StaticCredentials("LTAI...", "secret")))
    body = cloud.ram.call("CreateUser", {"UserName": "alice"})
    for user in cloud.ram.paginate("ListUsers", items="Users.User"):
        ...
    try:
        cloud.ram.call("GetUser", {"UserName": "nobody"})
    except errors.NotFound:
        ...

Modules: config (CloudConfig), credentials (sources over alibabacloud-credentials: keys, env, CLI profile,
AssumeRole, OIDC, ECS RAM role), products (versions, endpoints),
transport (tea-openapi call_api), client (ProductClient, Cloud), retry, errors, pagination, consistency,
deadline (an operation's customTimeouts, obeyed by retries and waits).
"""

from alicloud_gov.cloud import deadline, errors
from alicloud_gov.cloud.client import Cloud, ProductClient
from alicloud_gov.cloud.config import CloudConfig
from alicloud_gov.cloud.consistency import field_in, wait_until, wait_until_gone
from alicloud_gov.cloud.credentials import (
    AssumeRoleCredentials,
    Credential,
    CredentialsProvider,
    DefaultCredentials,
    EcsRamRoleCredentials,
    OidcCredentials,
    ProfileCredentials,
    StaticCredentials,
    UriCredentials,
)
from alicloud_gov.cloud.errors import (
    AccessDenied,
    AlreadyExists,
    CloudConnectionError,
    CloudError,
    Conflict,
    ConsistencyTimeout,
    CredentialsError,
    InvalidInput,
    NotFound,
    ServerError,
    Throttled,
)
from alicloud_gov.cloud.retry import Retrier, RetryPolicy

__all__ = [
    "AccessDenied",
    "AlreadyExists",
    "AssumeRoleCredentials",
    "Cloud",
    "CloudConfig",
    "CloudConnectionError",
    "CloudError",
    "Conflict",
    "ConsistencyTimeout",
    "Credential",
    "CredentialsError",
    "CredentialsProvider",
    "DefaultCredentials",
    "EcsRamRoleCredentials",
    "InvalidInput",
    "NotFound",
    "OidcCredentials",
    "ProductClient",
    "ProfileCredentials",
    "Retrier",
    "RetryPolicy",
    "ServerError",
    "StaticCredentials",
    "Throttled",
    "UriCredentials",
    "deadline",
    "errors",
    "field_in",
    "wait_until",
    "wait_until_gone",
]
