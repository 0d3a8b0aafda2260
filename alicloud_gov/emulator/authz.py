"""Authorisation of incoming calls against the caller's RAM policies, decided by the shared evaluator.

Roots are always allowed in their own account. A RAM user or an assumed-role session is allowed
only when :func:`alicloud_gov.policy.evaluate` says so for the handler's RAM action on every
target resource, given the account's state as a :class:`~alicloud_gov.policy.stack.StackModel`
built from the store:

- account-scope attachments (store kind ``ram_attachment``), for a user also its groups';
- resource-group-scope attachments (store kind ``rg_attachment``), which apply to resources in
  that group (``RequestContext.authorisation_targets``: each resource in its group) and only
  for actions that support resource-group authorisation;
- for a role session created with an inline ``Policy``, that session policy limits the role.

Request context keys supplied: ``acs:CurrentTime``, ``acs:SecureTransport`` (false: the emulator
serves plain HTTP), ``acs:SourceIp``. A denial is a 403 NoPermission with AccessDeniedDetail.

Names: RAM ARNs match in any case (:func:`alicloud_gov.policy.matching.folds_case`), so a Deny on
``user/boss`` also refuses a request naming ``BOSS``, the same entity in the store.

Locking: the store lock serialises every request, so no policy is evaluated under it. The server
calls :meth:`Authorizer.authorize` before the handler's transaction: the StackModel is read in one
short :meth:`~alicloud_gov.emulator.store.Store.reading` block (and cached per store generation), and
the evaluation runs unlocked. For ``sts:AssumeRole`` the trust-policy decision is made here too and
handed to the handler. The state can change between this decision and the handler's transaction (a
policy detached in between); the call is then judged on the state it was authorised against, as in
the real cloud, where RAM changes take effect after a short propagation delay. Evaluators are shared
between request threads; their caches only memoise, so a race at worst computes an entry twice.

Grant delay (``FaultConfig.grant_delay_ms``, off by default): the stack is read through
:meth:`~alicloud_gov.emulator.store.Store.settled_view`, which hides attachments (both scopes), group
memberships and policy versions younger than the delay; a custom policy whose default version is that new
grants nothing until it settles. Revocations take effect at once. Cached stacks are reused only once every
write they saw has settled.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Mapping
from typing import Any

from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.registry import RequestContext
from alicloud_gov.emulator.services.ram.backend import (
    KIND_ATTACHMENT,
    KIND_MEMBERSHIP,
    KIND_POLICY_VERSION,
    RamBackend,
)
from alicloud_gov.emulator.services.resourcemanager.backend import KIND_RG_ATTACHMENT, ResourceManagerBackend
from alicloud_gov.emulator.services.sts.backend import StsBackend
from alicloud_gov.emulator.store import Store, StoreView
from alicloud_gov.policy.evaluate import ASSUME_ROLE_ACTION, Decision, Evaluator
from alicloud_gov.policy.stack import (
    ACCOUNT_SCOPE,
    Attachment,
    Principal,
    StackModel,
)
from alicloud_gov.spec.arns import ArnError, parse_role_arn
from alicloud_gov.spec.principals import RM_PRINCIPAL_TYPES, PrincipalNameError, parse_rm_principal_name

_ASSUME_ROLE_DECISION = "assume_role_decision"
"""RequestContext.extras key: the AssumeRole decision made before the handler's transaction."""


def _json_document(text: object) -> dict[str, Any]:
    if isinstance(text, Mapping):
        return dict(text)
    try:
        document = json.loads(str(text))
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


GRANT_KINDS = frozenset({KIND_ATTACHMENT, KIND_MEMBERSHIP, KIND_POLICY_VERSION, KIND_RG_ATTACHMENT})
"""The store kinds whose new entities take effect only after the grant delay."""


def build_stack(store: Store | StoreView, account_id: str, alias: str) -> StackModel:
    """The account's current RAM and resource-group state as a StackModel for the evaluator."""
    stack = StackModel(account_id=account_id, alias=alias)
    ram = RamBackend(store, account_id, alias)
    groups = ResourceManagerBackend(store, account_id, alias)
    stack.users = {str(user["UserName"]) for user in ram.users()}
    stack.groups = {str(group["GroupName"]) for group in ram.groups()}
    stack.memberships = {(str(item["UserName"]), str(item["GroupName"])) for item in ram.memberships()}
    stack.roles = {str(role["RoleName"]): _json_document(role["AssumeRolePolicyDocument"]) for role in ram.roles()}
    for policy in ram.custom_policies():
        document = ram.default_document(policy)
        stack.policies[str(policy["PolicyName"])] = _json_document(document) if document is not None else {}
    for item in ram.attachments():
        stack.attachments.append(
            Attachment(
                principal_type=str(item["PrincipalType"]).lower(),  # type: ignore[arg-type]
                principal_name=str(item["PrincipalName"]),
                policy_name=str(item["PolicyName"]),
                policy_type=item["PolicyType"],
                scope=ACCOUNT_SCOPE,
            )
        )
    for item in groups.rg_attachments():
        try:
            kind, name, principal_alias = parse_rm_principal_name(str(item["PrincipalName"]))
        except PrincipalNameError:
            continue
        if principal_alias not in (alias, account_id) or RM_PRINCIPAL_TYPES[kind] != str(item["PrincipalType"]):
            continue
        name = _canonical(stack, kind, name)
        scope = str(item["ResourceGroupId"])
        stack.attachments.append(
            Attachment(
                principal_type=kind,
                principal_name=name,
                policy_name=str(item["PolicyName"]),
                policy_type=item["PolicyType"],
                scope=ACCOUNT_SCOPE if scope == account_id else scope,
            )
        )
    for group in groups.all_groups():
        stack.resource_groups[str(group.get("Id"))] = str(group.get("Name", ""))
    for placement in groups.placements():
        stack.resource_placement[placement.arn] = placement.resource_group_id
    return stack


def _canonical(stack: StackModel, kind: str, name: str) -> str:
    """The stored spelling of a principal named case-insensitively."""
    names = stack.users if kind == "user" else stack.groups if kind == "group" else set(stack.roles)
    return next((declared for declared in names if declared.lower() == name.lower()), name)


def _principal(context: RequestContext) -> Principal:
    caller = context.caller
    if caller.kind == "root":
        return Principal.root(caller.account_id)
    if caller.kind == "user":
        return Principal.user(caller.name, caller.account_id)
    return Principal.role(caller.name, caller.account_id)


def request_context(context: RequestContext) -> dict[str, object]:
    """The global condition keys of a request."""
    return {
        "acs:CurrentTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(context.received)),
        "acs:SecureTransport": "false",
        "acs:SourceIp": str(context.extras.get("source_ip", "127.0.0.1")),
    }


def _policy_type_of(decision: Decision) -> str:
    for statement in decision.deciding:
        if statement.policy_type == "Session":
            return "AssumeRolePolicy"
        if statement.policy_type == "Trust":
            return "TrustPolicy"
        if statement.scope != ACCOUNT_SCOPE:
            return "ResourceGroupLevelIdentityBasedPolicy"
    return "AccountLevelIdentityBasedPolicy"


def no_permission(context: RequestContext, action: str, decision: Decision, resources: list[str]) -> ApiError:
    """The 403 NoPermission error with AccessDeniedDetail for a denied call."""
    caller = context.caller
    diagnostic = json.dumps(
        {"AuthAction": action, "AuthPrincipal": caller.arn, "Resources": resources, "Reason": decision.reason},
        separators=(",", ":"),
    )
    detail = {
        "PolicyType": _policy_type_of(decision),
        "AuthPrincipalOwnerId": caller.account_id,
        "EncodedDiagnosticMessage": base64.b64encode(diagnostic.encode("utf-8")).decode("ascii"),
        "AuthPrincipalType": caller.auth_principal_type,
        "AuthPrincipalDisplayName": caller.display_name,
        "NoPermissionType": decision.effect,
        "AuthAction": action,
    }
    return GatewayErrors.NO_PERMISSION(action=action, extra={"AccessDeniedDetail": detail})


class Authorizer:
    """Checks each call's RAM action against the caller's policies (switchable off)."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._lock = threading.Lock()
        self._stacks: dict[str, tuple[int, bool, StackModel]] = {}
        self._evaluators: dict[tuple[str, ...], tuple[int, bool, Evaluator]] = {}

    def stack(self, store: Store, account_id: str, alias: str) -> StackModel:
        """The account's StackModel, rebuilt (in one short locked read) only when the store changed or a grant
        it hid has since settled."""
        with self._lock:
            cached = self._stacks.get(account_id)
        if cached is not None and cached[0] == store.generation and cached[1]:
            return cached[2]
        with store.reading():
            generation = store.generation
            settled = store.settled(store.clock.now())
            stack = build_stack(store.settled_view(GRANT_KINDS), account_id, alias)
        with self._lock:
            self._stacks[account_id] = (generation, settled, stack)
        return stack

    def _evaluator(self, context: RequestContext, *accounts: str) -> Evaluator:
        """An evaluator over these accounts' stacks, reused until the store changes (or its grants settle)."""
        store = context.store.store
        key = tuple(dict.fromkeys(accounts))
        generation = store.generation
        settled = store.settled(store.clock.now())
        with self._lock:
            cached = self._evaluators.get(key)
        if cached is not None and cached[0] == generation and cached[1]:
            return cached[2]
        evaluator = Evaluator([self.stack(store, uid, context.accounts[uid].alias) for uid in key])
        with self._lock:
            self._evaluators[key] = (generation, settled, evaluator)
        return evaluator

    def authorize(self, context: RequestContext) -> None:
        """Return when the call is allowed; raise NoPermission (403) otherwise. Call it outside the store lock."""
        if not self.enabled or not context.spec.authorize or context.caller.kind == "root":
            return
        for target in context.authorisation_targets():  # every resource the call names, each in its group
            self.check(context, context.spec.ram_action, [target.arn], target.resource_group)
        if context.spec.ram_action.lower() == ASSUME_ROLE_ACTION:
            self._prepare_assume_role(context)

    def check(self, context: RequestContext, action: str, resources: list[str], resource_group: str | None) -> None:
        """Raise NoPermission unless the caller may perform ``action`` on every resource."""
        if not self.enabled or context.caller.kind == "root":
            return
        evaluator = self._evaluator(context, context.caller.account_id)
        principal = _principal(context)
        session_policy = self._session_policy(context)
        condition_context = request_context(context)
        for resource in resources:
            decision = evaluator.evaluate(
                principal, action, resource, condition_context, resource_group, session_policy=session_policy
            )
            if not decision.allowed:
                raise no_permission(context, action, decision, resources)

    def assume_role_decision(
        self, context: RequestContext, role_account: str, role_arn: str, external_id: str | None
    ) -> Decision:
        """Whether the caller may assume the role: its sts:AssumeRole permission AND the role's trust policy.

        Returns the decision :meth:`authorize` made before the handler's transaction when it was for
        this role and ExternalId; evaluates now otherwise.
        """
        prepared = context.extras.get(_ASSUME_ROLE_DECISION)
        if prepared is not None and prepared[0] == _assume_role_key(role_arn, external_id):
            return prepared[1]
        return self._decide_assume_role(context, role_account, role_arn, external_id)

    def _prepare_assume_role(self, context: RequestContext) -> None:
        """Decide an AssumeRole request's trust side now, so the handler does not evaluate under the lock."""
        role_arn = context.params.get_str("RoleArn") or ""
        key = _assume_role_key(role_arn, context.params.get_str("ExternalId"))
        if key is None or key[0] not in context.accounts:
            return  # the handler rejects the ARN
        decision = self._decide_assume_role(context, key[0], role_arn, key[2])
        context.extras[_ASSUME_ROLE_DECISION] = (key, decision)

    def _decide_assume_role(
        self, context: RequestContext, role_account: str, role_arn: str, external_id: str | None
    ) -> Decision:
        evaluator = self._evaluator(context, context.caller.account_id, role_account)
        condition_context = request_context(context)
        if external_id is not None:
            condition_context["sts:ExternalId"] = external_id
        return evaluator.may_assume_role(_principal(context), role_arn, condition_context)

    def federated_assume_role_decision(
        self,
        context: RequestContext,
        role_account: str,
        role_arn: str,
        provider_arn: str,
        claims: Mapping[str, object],
    ) -> Decision:
        """Whether the role's trust policy lets a user of identity provider ``provider_arn`` assume it
        (AssumeRoleWithOIDC): ``Principal: {"Federated": [...]}``, the token's claims (``oidc:iss``, ``oidc:aud``,
        ``oidc:sub``) as condition keys; no caller permission is involved. Evaluated in the handler."""
        evaluator = self._evaluator(context, role_account)
        condition_context = {**request_context(context), **claims}
        federated = Principal("federated", provider_arn, role_account)
        return evaluator.may_assume_role(federated, role_arn, condition_context)

    @staticmethod
    def _session_policy(context: RequestContext) -> str | None:
        if context.caller.kind != "role":
            return None
        return StsBackend(context.store, context.caller.account_id).session_policy(context.caller.access_key_id)


def _assume_role_key(role_arn: str, external_id: str | None) -> tuple[str, str, str | None] | None:
    """(account, lower-cased role name, ExternalId) naming one AssumeRole decision; None for a malformed ARN."""
    try:
        account, name = parse_role_arn(role_arn)
    except ArnError:
        return None
    return account, name.lower(), external_id
