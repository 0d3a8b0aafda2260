"""Per-resource handlers: create, read, update and delete of each resource type over the cloud layer."""

from __future__ import annotations

from alicloud_gov.provider.handlers.base import Handler, PartialCreate, ResourceFailure, Session
from alicloud_gov.provider.handlers.ecr import EcrAssociationHandler, EcrGrantHandler
from alicloud_gov.provider.handlers.ram import (
    PolicyAttachmentHandler,
    RamAccessKeyHandler,
    RamGroupHandler,
    RamGroupMembershipHandler,
    RamPolicyHandler,
    RamRoleHandler,
    RamUserHandler,
)
from alicloud_gov.provider.handlers.resourcemanager import ResourceGroupHandler, ResourceGroupMoveHandler

HANDLERS: dict[str, Handler] = {
    handler.spec.token: handler
    for handler in (
        ResourceGroupHandler(),
        RamUserHandler(),
        RamAccessKeyHandler(),
        RamGroupHandler(),
        RamGroupMembershipHandler(),
        RamRoleHandler(),
        RamPolicyHandler(),
        PolicyAttachmentHandler(),
        ResourceGroupMoveHandler(),
        EcrGrantHandler(),
        EcrAssociationHandler(),
    )
}
"""The handler of every resource type, by type token."""

__all__ = ["HANDLERS", "Handler", "PartialCreate", "ResourceFailure", "Session"]
