"""Program-side resources of the ``alicloud-gov`` package: what a Pulumi program instantiates.

Each class registers a custom resource of type ``alicloud-gov:index:<Class>`` that the
``pulumi-resource-alicloud-gov`` plugin creates, reads, updates and deletes. Arguments are
given as an ``...Args`` object or as keyword arguments; ``name`` defaults to the resource
name. Outputs are attributes in snake case (``role.arn``, ``user.principal_name``).

Example::

    import alicloud_gov.resources as gov

    acme = gov.Provider("acme", region="cn-hangzhou")
    ops = gov.RamUser("ops", display_name="Ops", opts=pulumi.ResourceOptions(provider=acme))
    policy = gov.RamPolicy("vpc-read", document={"Version": "1", "Statement": [...]})
    gov.PolicyAttachment("ops-vpc-read", principal_type="user", principal_name=ops.name,
                         policy_name=policy.name, policy_type="Custom")
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, overload

import pulumi

from alicloud_gov.spec.arns import provider_account
from alicloud_gov.spec.schema import CONFIG_FIELDS, RESOURCES
from alicloud_gov.spec.tokens import PACKAGE, type_token
from alicloud_gov.spec.trust import build_trust_policy

_WIRE_NAMES = sorted(
    {item.name for spec in RESOURCES.values() for item in (*spec.inputs, *spec.outputs)}
    | {item.name for item in CONFIG_FIELDS}
    | {"roleArn", "sessionName", "externalId", "durationSeconds", "oidcProviderArn", "oidcTokenFile"}
)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_TO_WIRE = {_snake(name): name for name in _WIRE_NAMES}
_FROM_WIRE = {name: _snake(name) for name in _WIRE_NAMES}

JsonDocument = Mapping[str, Any] | str
"""A policy document: a dict or JSON text."""


def _args_dict(args: Any) -> dict[str, Any]:
    return {item.name: getattr(args, item.name) for item in dataclasses.fields(args)}


def _resolve(args_type: type, args: Any, kwargs: dict[str, Any], resource_name: str) -> Any:
    """The Args object from either an Args instance or keyword arguments (not both)."""
    if args is not None and kwargs:
        raise TypeError(f"{args_type.__name__} for '{resource_name}': pass an Args object or keywords, not both")
    if args is None:
        try:
            args = args_type(**kwargs)
        except TypeError as err:
            raise TypeError(f"{args_type.__name__} for '{resource_name}': {err}") from None
    if not isinstance(args, args_type):
        raise TypeError(f"'{resource_name}': expected {args_type.__name__}, got {type(args).__name__}")
    return args


_Self = TypeVar("_Self", bound="_GovResource")


class _GovResource(pulumi.CustomResource):
    """Shared plumbing: snake-case Python names on the program side, camelCase on the wire."""

    TYPE: ClassVar[str]
    OUTPUTS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, resource_name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None) -> None:
        all_props = {**dict.fromkeys(self.OUTPUTS), **props}
        super().__init__(type_token(self.TYPE), resource_name, all_props, opts)

    @classmethod
    def get(
        cls: type[_Self], resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> _Self:
        """Read an existing entity by its id (the id ``pulumi import`` takes) without managing it.

        The provider's Read fetches it on every run; its inputs and outputs are attributes as on a declared
        resource (``gov.RamUser.get("dave", id="netops-dave").user_id``). Nothing is created, changed or deleted.

        :param resource_name: The Pulumi name of the read resource (unique among the program's resources).
        :param id: The entity's id, in the resource type's import id format.
        :param opts: Pulumi resource options (``provider=`` picks the account).
        """
        spec = RESOURCES[type_token(cls.TYPE)]
        state = {_FROM_WIRE[item.name]: None for item in spec.inputs}
        resource = cls.__new__(cls)
        read = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        _GovResource.__init__(resource, resource_name, state, read)
        return resource

    def translate_input_property(self, prop: str) -> str:
        """Python name -> wire name."""
        return _TO_WIRE.get(prop, prop)

    def translate_output_property(self, prop: str) -> str:
        """Wire name -> Python name."""
        return _FROM_WIRE.get(prop, prop)


# -- provider ------------------------------------------------------------------------------------------------


@dataclass
class AssumeRoleArgs:
    """A role the provider assumes before every call (e.g. to manage a partner account)."""

    role_arn: pulumi.Input[str]
    session_name: pulumi.Input[str] | None = None
    external_id: pulumi.Input[str] | None = None
    duration_seconds: pulumi.Input[int] | None = None


@dataclass
class AssumeRoleWithOidcArgs:
    """A role the provider assumes with an OIDC token from a file, no AccessKey (as a CI job logs in); a missing
    field is read from ``ALIBABA_CLOUD_ROLE_ARN``, ``ALIBABA_CLOUD_OIDC_PROVIDER_ARN``,
    ``ALIBABA_CLOUD_OIDC_TOKEN_FILE``, ``ALIBABA_CLOUD_ROLE_SESSION_NAME``."""

    role_arn: pulumi.Input[str] | None = None
    oidc_provider_arn: pulumi.Input[str] | None = None
    oidc_token_file: pulumi.Input[str] | None = None
    session_name: pulumi.Input[str] | None = None
    duration_seconds: pulumi.Input[int] | None = None


@dataclass
class ProviderArgs:
    """Settings of one provider instance: one account and its credentials.

    ``endpoint`` sends every call to one host, e.g. ``127.0.0.1:8080`` for the local emulator.
    ``account_id`` is the UID the credentials must belong to (checked before the first change; offline checks
    use it to tell the accounts of a multi-account program apart).
    The AccessKey secret and security token are stored as Pulumi secrets.
    """

    region: pulumi.Input[str] | None = None
    access_key_id: pulumi.Input[str] | None = None
    access_key_secret: pulumi.Input[str] | None = None
    security_token: pulumi.Input[str] | None = None
    profile: pulumi.Input[str] | None = None
    assume_role: AssumeRoleArgs | None = None
    endpoint: pulumi.Input[str] | None = None
    protocol: pulumi.Input[str] | None = None
    max_retries: pulumi.Input[int] | None = None
    account_id: pulumi.Input[str] | None = None
    assume_role_with_oidc: AssumeRoleWithOidcArgs | None = None
    skip_region_validation: pulumi.Input[bool] | None = None


class Provider(pulumi.ProviderResource):
    """An explicit ``alicloud-gov`` provider instance; declare one per account and pass it in ResourceOptions."""

    @overload
    def __init__(self, resource_name: str, args: ProviderArgs, opts: pulumi.ResourceOptions | None = None) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        region: pulumi.Input[str] | None = None,
        access_key_id: pulumi.Input[str] | None = None,
        access_key_secret: pulumi.Input[str] | None = None,
        security_token: pulumi.Input[str] | None = None,
        profile: pulumi.Input[str] | None = None,
        assume_role: AssumeRoleArgs | None = None,
        endpoint: pulumi.Input[str] | None = None,
        protocol: pulumi.Input[str] | None = None,
        max_retries: pulumi.Input[int] | None = None,
        account_id: pulumi.Input[str] | None = None,
        assume_role_with_oidc: AssumeRoleWithOidcArgs | None = None,
        skip_region_validation: pulumi.Input[bool] | None = None,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: ProviderArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the Provider: keyword arguments, or one ``ProviderArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name.
        :param args: All arguments as one :class:`ProviderArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param region: The region, e.g. cn-hangzhou (or ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION); checked against
            the known regions.
        :param access_key_id: AccessKey id (or ALIBABA_CLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY).
        :param access_key_secret: AccessKey secret (or ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALICLOUD_SECRET_KEY).
        :param security_token: STS security token for temporary credentials.
        :param profile: A profile of the Alibaba Cloud CLI configuration to take credentials from.
        :param assume_role: A role to assume before every call (an :class:`AssumeRoleArgs`).
        :param endpoint: Override every product's endpoint, e.g. 127.0.0.1:8080 for the local emulator.
        :param protocol: http or https (default https; http when endpoint starts with http://).
        :param max_retries: Retries of a throttled or failed call (default 7).
        :param account_id: The UID these credentials must belong to: checked before the first change, and used by
            offline checks to tell the accounts of a multi-account program apart.
        :param assume_role_with_oidc: Log in without an AccessKey: {roleArn, oidcProviderArn, oidcTokenFile,
            sessionName, durationSeconds}, missing keys read from ALIBABA_CLOUD_ROLE_ARN,
            ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE, ALIBABA_CLOUD_ROLE_SESSION_NAME.
        :param skip_region_validation: Accept a region that is not in the known list (or
            ALICLOUD_SKIP_REGION_VALIDATION).
        """
        resolved = _resolve(ProviderArgs, args, kwargs, resource_name)
        props = _args_dict(resolved)
        for secret in ("access_key_secret", "security_token"):
            if props[secret] is not None:
                props[secret] = pulumi.Output.secret(props[secret])
        for nested in ("assume_role", "assume_role_with_oidc"):
            value = getattr(resolved, nested)
            if value is not None:
                props[nested] = {
                    _TO_WIRE.get(key, key): item for key, item in _args_dict(value).items() if item is not None
                }
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(additional_secret_outputs=["accessKeySecret", "securityToken"])
        )
        super().__init__(PACKAGE, resource_name, props, opts)
        assumed = getattr(resolved.assume_role, "role_arn", None)
        self.account_id_at_preview: str | None = provider_account(
            {"accountId": resolved.account_id, "assumeRole": {"roleArn": assumed}}
        )
        """The account this provider stands for when the program gives it as plain text (``account_id`` or the
        role ARN of ``assume_role``); None when known only after apply. Components check their arguments
        against it at preview."""

    def translate_input_property(self, prop: str) -> str:
        """Python name -> wire name."""
        return _TO_WIRE.get(prop, prop)

    def translate_output_property(self, prop: str) -> str:
        """Wire name -> Python name."""
        return _FROM_WIRE.get(prop, prop)


# -- resource groups ---------------------------------------------------------------------------------------------


@dataclass
class ResourceGroupArgs:
    """A resource group: ``name`` (2-50, letter first; a new name replaces it), ``display_name`` (in place)."""

    name: pulumi.Input[str] | None = None
    display_name: pulumi.Input[str] | None = None


class ResourceGroup(_GovResource):
    """A resource group. Import id: the rg id. Outputs: ``resource_group_id``, ``status``, ``account_id``."""

    TYPE = "ResourceGroup"
    OUTPUTS = ("resource_group_id", "status", "account_id")
    name: pulumi.Output[str]
    display_name: pulumi.Output[str | None]
    resource_group_id: pulumi.Output[str]
    status: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(
        self, resource_name: str, args: ResourceGroupArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        display_name: pulumi.Input[str] | None = None,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: ResourceGroupArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the ResourceGroup: keyword arguments, or one ``ResourceGroupArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name (and its ``name`` when none is given).
        :param args: All arguments as one :class:`ResourceGroupArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param name: Unique name: 2-50 characters, must start with a letter and contain only letters, digits and
            '-'. Defaults to the resource name.
        :param display_name: Display name, 1-50 characters (defaults to the name); updated in place.
        """
        props = _args_dict(_resolve(ResourceGroupArgs, args, kwargs, resource_name))
        props["name"] = props["name"] or resource_name
        super().__init__(resource_name, props, opts)


@dataclass
class ResourceGroupMoveArgs:
    """Places an existing resource (``service``/``resource_type``/``resource_id`` in ``region_id``) in a group."""

    resource_group_id: pulumi.Input[str]
    resource_id: pulumi.Input[str]
    resource_type: pulumi.Input[str]
    service: pulumi.Input[str]
    region_id: pulumi.Input[str]


class ResourceGroupMove(_GovResource):
    """Moves a resource into a group; deleting it moves the resource back. Import id:
    ``<service>:<region>:<resource type>:<resource id>``."""

    TYPE = "ResourceGroupMove"
    OUTPUTS = ("previous_resource_group_id", "account_id")
    resource_group_id: pulumi.Output[str]
    previous_resource_group_id: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(
        self, resource_name: str, args: ResourceGroupMoveArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        resource_group_id: pulumi.Input[str],
        resource_id: pulumi.Input[str],
        resource_type: pulumi.Input[str],
        service: pulumi.Input[str],
        region_id: pulumi.Input[str],
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: ResourceGroupMoveArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the ResourceGroupMove: keyword arguments, or one ``ResourceGroupMoveArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name.
        :param args: All arguments as one :class:`ResourceGroupMoveArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param resource_group_id: The destination resource group; updated in place.
        :param resource_id: The resource's id, e.g. vpc-....
        :param resource_type: The resource type, e.g. vpc.
        :param service: The service code, e.g. vpc.
        :param region_id: The region of the resource.
        """
        super().__init__(resource_name, _args_dict(_resolve(ResourceGroupMoveArgs, args, kwargs, resource_name)), opts)


# -- RAM principals ------------------------------------------------------------------------------------------------


@dataclass
class RamUserArgs:
    """A RAM user: ``name`` (renamed in place), display name, email, phone, comments (all in place)."""

    name: pulumi.Input[str] | None = None
    display_name: pulumi.Input[str] | None = None
    email: pulumi.Input[str] | None = None
    mobile_phone: pulumi.Input[str] | None = None
    comments: pulumi.Input[str] | None = None
    force: pulumi.Input[bool] | None = None


class RamUser(_GovResource):
    """A RAM user. Import id: the user name. Outputs: ``user_id``, ``principal_name``, ``account_id``."""

    TYPE = "RamUser"
    OUTPUTS = ("user_id", "principal_name", "account_id")
    name: pulumi.Output[str]
    user_id: pulumi.Output[str]
    principal_name: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(self, resource_name: str, args: RamUserArgs, opts: pulumi.ResourceOptions | None = None) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        display_name: pulumi.Input[str] | None = None,
        email: pulumi.Input[str] | None = None,
        mobile_phone: pulumi.Input[str] | None = None,
        comments: pulumi.Input[str] | None = None,
        force: pulumi.Input[bool] | None = None,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: RamUserArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the RamUser: keyword arguments, or one ``RamUserArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name (and its ``name`` when none is given).
        :param args: All arguments as one :class:`RamUserArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param name: Logon name: 1-64 characters, may contain only letters, digits, '.', '_' and '-'; renamed in
            place. Defaults to the resource name.
        :param display_name: Display name, 1-128 characters; updated in place.
        :param email: Email address; updated in place.
        :param mobile_phone: Mobile phone, e.g. 86-18600008888; updated in place.
        :param comments: Free text, up to 128 characters; updated in place.
        :param force: Delete the user even when objects this stack does not manage still use it: its AccessKeys,
            attached policies, group memberships, login profile and MFA device are removed first. Without it
            such a delete fails naming each of them. Takes effect once recorded by an up.
        """
        props = _args_dict(_resolve(RamUserArgs, args, kwargs, resource_name))
        props["name"] = props["name"] or resource_name
        super().__init__(resource_name, props, opts)


@dataclass
class RamGroupArgs:
    """A RAM user group: ``name`` (renamed in place) and ``comments``."""

    name: pulumi.Input[str] | None = None
    comments: pulumi.Input[str] | None = None
    force: pulumi.Input[bool] | None = None


class RamGroup(_GovResource):
    """A RAM user group. Import id: the group name. Outputs: ``group_id``, ``principal_name``, ``account_id``."""

    TYPE = "RamGroup"
    OUTPUTS = ("group_id", "principal_name", "account_id")
    name: pulumi.Output[str]
    group_id: pulumi.Output[str]
    principal_name: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(self, resource_name: str, args: RamGroupArgs, opts: pulumi.ResourceOptions | None = None) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        comments: pulumi.Input[str] | None = None,
        force: pulumi.Input[bool] | None = None,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: RamGroupArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the RamGroup: keyword arguments, or one ``RamGroupArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name (and its ``name`` when none is given).
        :param args: All arguments as one :class:`RamGroupArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param name: Group name: 1-64 characters, may contain only letters, digits, '.', '_' and '-'; renamed in
            place. Defaults to the resource name.
        :param comments: Free text, up to 128 characters; updated in place.
        :param force: Delete the group even when objects this stack does not manage still use it: its members
            and attached policies are removed first. Without it such a delete fails naming each of them. Takes
            effect once recorded by an up.
        """
        props = _args_dict(_resolve(RamGroupArgs, args, kwargs, resource_name))
        props["name"] = props["name"] or resource_name
        super().__init__(resource_name, props, opts)


@dataclass
class RamAccessKeyArgs:
    """An AccessKey pair of ``user_name`` (replaces); ``status`` updates in place; a new ``rotation`` rotates it."""

    user_name: pulumi.Input[str]
    status: pulumi.Input[str] | None = None
    rotation: pulumi.Input[str] | None = None


class RamAccessKey(_GovResource):
    """A RAM user's AccessKey pair. Import id: ``<user>:<AccessKey id>`` (an imported key has no secret: RAM
    returns it from the create only). Outputs: ``access_key_id``, ``access_key_secret`` (a secret),
    ``create_date``, ``account_id``. Rotate by replacement: change ``rotation`` or ``pulumi up --replace``."""

    TYPE = "RamAccessKey"
    OUTPUTS = ("access_key_id", "access_key_secret", "create_date", "account_id")
    user_name: pulumi.Output[str]
    status: pulumi.Output[str]
    access_key_id: pulumi.Output[str]
    access_key_secret: pulumi.Output[str]
    create_date: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(
        self, resource_name: str, args: RamAccessKeyArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        user_name: pulumi.Input[str],
        status: pulumi.Input[str] | None = None,
        rotation: pulumi.Input[str] | None = None,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: RamAccessKeyArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the RamAccessKey: keyword arguments, or one ``RamAccessKeyArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name.
        :param args: All arguments as one :class:`RamAccessKeyArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param user_name: The RAM user the key belongs to: 1-64 characters, may contain only letters, digits,
            '.', '_' and '-'; a change replaces the key.
        :param status: Active (the key signs requests) or Inactive (refused); updated in place.
        :param rotation: Any text; a new value replaces the key with a new pair (rotation). Kept in the stack
            only.
        """
        super().__init__(resource_name, _args_dict(_resolve(RamAccessKeyArgs, args, kwargs, resource_name)), opts)


@dataclass
class RamGroupMembershipArgs:
    """``user_name`` is a member of ``group_name`` (either change replaces the membership)."""

    group_name: pulumi.Input[str]
    user_name: pulumi.Input[str]


class RamGroupMembership(_GovResource):
    """One user's membership of one group. Import id: ``<group>:<user>``."""

    TYPE = "RamGroupMembership"
    OUTPUTS = ("account_id",)
    group_name: pulumi.Output[str]
    user_name: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(
        self, resource_name: str, args: RamGroupMembershipArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        group_name: pulumi.Input[str],
        user_name: pulumi.Input[str],
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: RamGroupMembershipArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the RamGroupMembership: keyword arguments, or one ``RamGroupMembershipArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name.
        :param args: All arguments as one :class:`RamGroupMembershipArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param group_name: The group.
        :param user_name: The user.
        """
        super().__init__(resource_name, _args_dict(_resolve(RamGroupMembershipArgs, args, kwargs, resource_name)), opts)


@dataclass
class RamRoleArgs:
    """A RAM role. Give the trust policy as ``assume_role_policy_document`` (dict or JSON text) or through
    ``trusted_accounts`` (UIDs or RAM principal ARNs), ``trusted_services`` (e.g. ``ecs.aliyuncs.com``) and
    ``trusted_federated_providers`` (SAML provider ARNs). The name replaces; everything else updates in place."""

    name: pulumi.Input[str] | None = None
    assume_role_policy_document: pulumi.Input[JsonDocument] | None = None
    trusted_accounts: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    trusted_services: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    trusted_federated_providers: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    description: pulumi.Input[str] | None = None
    max_session_duration: pulumi.Input[int] | None = None
    force: pulumi.Input[bool] | None = None


def trust_policy(
    *,
    accounts: Sequence[str] = (),
    services: Sequence[str] = (),
    federated_providers: Sequence[str] = (),
) -> dict[str, Any]:
    """A trust policy document for ``RamRoleArgs.assume_role_policy_document``.

    ``accounts``: account UIDs (their root and every RAM identity they authorise) or RAM principal ARNs;
    ``services``: e.g. ``ecs.aliyuncs.com``; ``federated_providers``: ``acs:ram::<uid>:saml-provider/<name>``.
    Plain values only: for values that are Outputs, use ``trusted_accounts`` and friends on the role.
    """
    return build_trust_policy(accounts, services, federated_providers)


class RamRole(_GovResource):
    """A RAM role. Import id: the role name. Outputs: ``role_id``, ``arn``, ``principal_name``, ``account_id``."""

    TYPE = "RamRole"
    OUTPUTS = ("role_id", "arn", "principal_name", "account_id")
    name: pulumi.Output[str]
    assume_role_policy_document: pulumi.Output[Any]
    role_id: pulumi.Output[str]
    arn: pulumi.Output[str]
    principal_name: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(self, resource_name: str, args: RamRoleArgs, opts: pulumi.ResourceOptions | None = None) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        assume_role_policy_document: pulumi.Input[JsonDocument] | None = None,
        trusted_accounts: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        trusted_services: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        trusted_federated_providers: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        description: pulumi.Input[str] | None = None,
        max_session_duration: pulumi.Input[int] | None = None,
        force: pulumi.Input[bool] | None = None,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: RamRoleArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the RamRole: keyword arguments, or one ``RamRoleArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name (and its ``name`` when none is given).
        :param args: All arguments as one :class:`RamRoleArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param name: Role name: 1-64 characters, may contain only letters, digits, '.' and '-' (no underscore); a
            new name replaces the role. Defaults to the resource name.
        :param assume_role_policy_document: The trust policy (dict or JSON text); updated in place.
        :param trusted_accounts: Account UIDs (or RAM principal ARNs) whose identities may assume the role.
        :param trusted_services: Cloud services that may assume the role, e.g. ecs.aliyuncs.com.
        :param trusted_federated_providers: Identity provider ARNs, acs:ram::<uid>:saml-provider/<name>, whose users
            may assume the role.
        :param description: Description, up to 1024 characters; updated in place.
        :param max_session_duration: Longest STS session in seconds, 3600-43200; updated in place.
        :param force: Delete the role even when objects this stack does not manage still use it: its attached
            policies are removed first. Without it such a delete fails naming each of them. Takes effect once
            recorded by an up.
        """
        props = _args_dict(_resolve(RamRoleArgs, args, kwargs, resource_name))
        props["name"] = props["name"] or resource_name
        super().__init__(resource_name, props, opts)


@dataclass
class RamPolicyArgs:
    """A custom policy: ``document`` (dict or JSON text; a change adds a new default version), ``description``."""

    document: pulumi.Input[JsonDocument]
    name: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    force: pulumi.Input[bool] | None = None


class RamPolicy(_GovResource):
    """A custom RAM policy. Import id: the policy name.
    Outputs: ``policy_type``, ``default_version``, ``account_id``."""

    TYPE = "RamPolicy"
    OUTPUTS = ("policy_type", "default_version", "account_id")
    name: pulumi.Output[str]
    document: pulumi.Output[Any]
    policy_type: pulumi.Output[str]
    default_version: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(self, resource_name: str, args: RamPolicyArgs, opts: pulumi.ResourceOptions | None = None) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        document: pulumi.Input[JsonDocument],
        name: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        force: pulumi.Input[bool] | None = None,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: RamPolicyArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the RamPolicy: keyword arguments, or one ``RamPolicyArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name (and its ``name`` when none is given).
        :param args: All arguments as one :class:`RamPolicyArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param document: The policy document (dict or JSON text), up to 6144 characters.
        :param name: Policy name: 1-128 characters, may contain only letters, digits and '-'; a new name replaces
            the policy. Defaults to the resource name.
        :param description: Description, up to 1024 characters; updated in place.
        :param force: Delete the policy even when objects this stack does not manage still use it: its
            attachments to users, groups and roles and its non-default versions are removed first. Without it
            such a delete fails naming each of them. Takes effect once recorded by an up.
        """
        props = _args_dict(_resolve(RamPolicyArgs, args, kwargs, resource_name))
        props["name"] = props["name"] or resource_name
        super().__init__(resource_name, props, opts)


@dataclass
class PolicyAttachmentArgs:
    """Grants ``policy_name`` (``policy_type`` System or Custom, default Custom) to a principal
    (``principal_type`` user, group or role; ``principal_name`` its name). Without ``resource_group_id`` the
    grant covers the whole account (RAM AttachPolicyTo*); with it, only that resource group (ResourceManager
    AttachPolicy). Any change replaces the attachment."""

    principal_type: pulumi.Input[str]
    principal_name: pulumi.Input[str]
    policy_name: pulumi.Input[str]
    policy_type: pulumi.Input[str] | None = None
    resource_group_id: pulumi.Input[str] | None = None


class PolicyAttachment(_GovResource):
    """A policy attachment. Import id:
    ``<account|rg id>:<user|group|role>:<principal name>:<System|Custom>:<policy name>``. Output: ``scope``."""

    TYPE = "PolicyAttachment"
    OUTPUTS = ("scope", "account_id")
    scope: pulumi.Output[str]
    account_id: pulumi.Output[str]

    @overload
    def __init__(
        self, resource_name: str, args: PolicyAttachmentArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        principal_type: pulumi.Input[str],
        principal_name: pulumi.Input[str],
        policy_name: pulumi.Input[str],
        policy_type: pulumi.Input[str] | None = None,
        resource_group_id: pulumi.Input[str] | None = None,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: PolicyAttachmentArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the PolicyAttachment: keyword arguments, or one ``PolicyAttachmentArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name.
        :param args: All arguments as one :class:`PolicyAttachmentArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param principal_type: user, group or role.
        :param principal_name: The user, group or role name (not the principal's full name).
        :param policy_name: The policy name (matched case-insensitively, as RAM does).
        :param policy_type: System or Custom.
        :param resource_group_id: Scope the grant to this resource group; absent means the whole account.
        """
        super().__init__(resource_name, _args_dict(_resolve(PolicyAttachmentArgs, args, kwargs, resource_name)), opts)


# -- Express Connect Router ----------------------------------------------------------------------------------------


@dataclass
class EcrGrantArgs:
    """The instance owner grants its VPC or VBR (``instance_type``) to ECR ``ecr_id`` of account ``ecr_owner_uid``."""

    ecr_id: pulumi.Input[str]
    ecr_owner_uid: pulumi.Input[str]
    instance_id: pulumi.Input[str]
    instance_type: pulumi.Input[str]
    instance_region_id: pulumi.Input[str]


class EcrGrant(_GovResource):
    """The VPC or VBR owner's side of a cross-account ECR link; use the instance owner's provider.
    Import id: ``<ecr id>:<ecr owner uid>:<VPC|VBR>:<region>:<instance id>``."""

    TYPE = "EcrGrant"
    OUTPUTS = ("status", "instance_owner_uid")
    status: pulumi.Output[str]
    instance_owner_uid: pulumi.Output[str]

    @overload
    def __init__(self, resource_name: str, args: EcrGrantArgs, opts: pulumi.ResourceOptions | None = None) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        ecr_id: pulumi.Input[str],
        ecr_owner_uid: pulumi.Input[str],
        instance_id: pulumi.Input[str],
        instance_type: pulumi.Input[str],
        instance_region_id: pulumi.Input[str],
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: EcrGrantArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the EcrGrant: keyword arguments, or one ``EcrGrantArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name.
        :param args: All arguments as one :class:`EcrGrantArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param ecr_id: The ECR id (ecr-...).
        :param ecr_owner_uid: The UID of the account that owns the ECR.
        :param instance_id: The VPC or VBR id.
        :param instance_type: VPC or VBR.
        :param instance_region_id: The region of the VPC or VBR.
        """
        super().__init__(resource_name, _args_dict(_resolve(EcrGrantArgs, args, kwargs, resource_name)), opts)


@dataclass
class EcrAssociationArgs:
    """The ECR owner associates a granted VPC or VBR of account ``instance_owner_uid`` with ECR ``ecr_id``."""

    ecr_id: pulumi.Input[str]
    instance_id: pulumi.Input[str]
    instance_type: pulumi.Input[str]
    instance_region_id: pulumi.Input[str]
    instance_owner_uid: pulumi.Input[str]


class EcrAssociation(_GovResource):
    """The ECR owner's side of a cross-account link; use the ECR owner's provider and depend on the EcrGrant.
    Import id: ``<ecr id>:<VPC|VBR>:<region>:<instance id>``."""

    TYPE = "EcrAssociation"
    OUTPUTS = ("association_id", "status")
    association_id: pulumi.Output[str]
    status: pulumi.Output[str]

    @overload
    def __init__(
        self, resource_name: str, args: EcrAssociationArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        ecr_id: pulumi.Input[str],
        instance_id: pulumi.Input[str],
        instance_type: pulumi.Input[str],
        instance_region_id: pulumi.Input[str],
        instance_owner_uid: pulumi.Input[str],
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: EcrAssociationArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the EcrAssociation: keyword arguments, or one ``EcrAssociationArgs`` as ``args``.

        :param resource_name: The resource's Pulumi name.
        :param args: All arguments as one :class:`EcrAssociationArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param ecr_id: The ECR id (ecr-...).
        :param instance_id: The VPC or VBR id.
        :param instance_type: VPC or VBR.
        :param instance_region_id: The region of the VPC or VBR.
        :param instance_owner_uid: The UID of the account that owns the VPC or VBR.
        """
        super().__init__(resource_name, _args_dict(_resolve(EcrAssociationArgs, args, kwargs, resource_name)), opts)


__all__ = [
    "AssumeRoleArgs",
    "EcrAssociation",
    "EcrAssociationArgs",
    "EcrGrant",
    "EcrGrantArgs",
    "PolicyAttachment",
    "PolicyAttachmentArgs",
    "Provider",
    "ProviderArgs",
    "RamAccessKey",
    "RamAccessKeyArgs",
    "RamGroup",
    "RamGroupArgs",
    "RamGroupMembership",
    "RamGroupMembershipArgs",
    "RamPolicy",
    "RamPolicyArgs",
    "RamRole",
    "RamRoleArgs",
    "RamUser",
    "RamUserArgs",
    "ResourceGroup",
    "ResourceGroupArgs",
    "ResourceGroupMove",
    "ResourceGroupMoveArgs",
    "trust_policy",
]
"""The public names of the resources (``alicloud_gov`` exports them, lazily at run time)."""
