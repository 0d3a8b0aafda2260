"""policy.escalation: sensitive grants and escalation paths, one test per kind of step, judged by the evaluator."""

from __future__ import annotations

from typing import Any

from alicloud_gov.policy.escalation import FULL_ADMINISTRATOR, escalation_path, sensitive_grants
from alicloud_gov.policy.evaluate import Evaluator
from alicloud_gov.policy.stack import ACCOUNT_SCOPE, Attachment, Principal, StackModel

ACME = "1000000000000001"
DEV = Principal.user("dev", ACME)
TRUST_ACME = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{ACME}:root"]}}],
}


def allow(actions: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]}


def stack(dev_policy: dict[str, Any] | None = None, **extra: Any) -> StackModel:
    """Account ACME with user dev (custom policy 'dev' when given), user boss with a custom policy 'boss' (oss:*)
    and role ops with 'ops' (oss:*), both more than dev holds."""
    model = StackModel(ACME, users={"dev", "boss"}, roles={"ops": TRUST_ACME})
    model.policies = {"boss": allow("oss:*"), "ops": allow("oss:*")}
    model.attachments = [Attachment("user", "boss", "boss", "Custom"), Attachment("role", "ops", "ops", "Custom")]
    if dev_policy is not None:
        model.policies["dev"] = dev_policy
        model.attachments.append(Attachment("user", "dev", "dev", "Custom"))
    for key, value in extra.items():
        setattr(model, key, value)
    return model


def path_of(model: StackModel, principal: Principal = DEV) -> str | None:
    found = escalation_path(Evaluator([model]), principal)
    return found.describe() if found else None


def test_attaching_a_policy_to_itself() -> None:
    text = path_of(stack(allow("ram:AttachPolicyToUser", f"acs:ram:*:{ACME}:user/dev")))
    assert text is not None and "attaches any policy to itself" in text and "ram:AttachPolicyToUser" in text


def test_attaching_a_policy_to_its_group() -> None:
    model = stack(allow("ram:AttachPolicyToGroup", f"acs:ram:*:{ACME}:group/devs"))
    model.groups, model.memberships = {"devs"}, {("dev", "devs")}
    text = path_of(model)
    assert text is not None and "its group devs" in text


def test_rewriting_a_custom_policy_it_holds() -> None:
    text = path_of(stack(allow("ram:CreatePolicyVersion", f"acs:ram:*:{ACME}:policy/dev")))
    assert text is not None and "rewrites custom policy dev" in text


def test_adding_itself_to_a_stronger_group() -> None:
    model = stack(allow("ram:AddUserToGroup", "*"))
    model.groups = {"storage"}
    model.policies["storage"] = allow("oss:*")
    model.attachments.append(Attachment("group", "storage", "storage", "Custom"))
    text = path_of(model)
    assert text is not None and "adds itself to group storage" in text and "oss:*" in text


def test_minting_an_access_key_for_a_stronger_user() -> None:
    text = path_of(stack(allow("ram:CreateAccessKey", f"acs:ram:*:{ACME}:user/boss")))
    assert text is not None and "signs in as user:boss" in text and "oss:* on *" in text


def test_rewriting_a_trust_policy_then_assuming_the_role() -> None:
    role = f"acs:ram:*:{ACME}:role/ops"
    model = stack(allow(["ram:UpdateRole", "sts:AssumeRole"], role))
    model.roles["ops"] = {"Version": "1", "Statement": []}  # trusts nobody yet
    text = path_of(model)
    assert text is not None and "rewrites the trust policy of role:ops" in text and "ram:UpdateRole" in text


def test_assuming_a_role_is_delegation_unless_it_leads_to_identity_power() -> None:
    assert path_of(stack(allow("sts:AssumeRole"))) is None  # ops holds oss:*, more than dev, as designed
    model = stack(allow("sts:AssumeRole"))
    model.policies["ops"] = allow("ram:*")
    text = path_of(model)
    assert text is not None and "may assume role:ops" in text and "every RAM action" in text


def test_a_chain_of_two_steps_names_both() -> None:
    model = stack(allow("sts:AssumeRole"))
    model.policies["ops"] = allow("ram:CreateLoginProfile", f"acs:ram:*:{ACME}:user/boss")
    model.policies["boss"] = allow("ecs:*")
    text = path_of(model)
    assert text is not None and "(1) user:dev" in text and "may assume role:ops" in text
    assert "(2) role:ops" in text and "signs in as user:boss" in text and "ecs:* on *" in text


def test_a_deny_closes_the_step_and_a_full_administrator_has_no_path() -> None:
    policy = allow("ram:CreateAccessKey", "*")
    policy["Statement"].append({"Effect": "Deny", "Action": "ram:CreateAccessKey", "Resource": "*"})
    assert path_of(stack(policy)) is None
    assert path_of(stack(allow("*"))) is None
    assert path_of(stack(allow("ram:CreateAccessKey", f"acs:ram:*:{ACME}:user/dev"))) is None  # only itself


def test_sensitive_grants_count_groups_and_resource_group_scope() -> None:
    model = stack(groups={"admins"}, memberships={("dev", "admins")})
    model.policies["everything"] = allow("*")
    model.attachments.append(Attachment("group", "admins", "everything", "Custom"))
    [grant] = sensitive_grants(Evaluator([model]), DEV)
    assert grant.power == FULL_ADMINISTRATOR and "group:admins" in grant.origin
    scoped = stack(resource_groups={"rg-aaa": "net"})
    scoped.policies["everything"] = allow("*")
    scoped.attachments.append(Attachment("user", "dev", "everything", "Custom", "rg-aaa"))
    [grant] = sensitive_grants(Evaluator([scoped]), DEV)
    assert grant.scope == "rg-aaa" and "in resource group rg-aaa" in grant.describe()


def test_two_evaluators_in_use_keep_their_own_answers() -> None:
    admin, plain = Evaluator([stack(allow("*"))]), Evaluator([stack(allow("oss:GetObject"))])
    for _ in range(2):  # alternating must not let one evaluator's remembered answers stand for the other's
        assert [grant.power for grant in sensitive_grants(admin, DEV)] == [FULL_ADMINISTRATOR]
        assert sensitive_grants(plain, DEV) == []


def test_identity_administration_is_reported_at_account_scope() -> None:
    [grant] = sensitive_grants(Evaluator([stack(allow("ram:CreateUser"))]), DEV)
    assert grant.scope == ACCOUNT_SCOPE and "in resource group" not in grant.describe()
    assert "ram:CreateUser" in grant.power


FROM_THE_OFFICE = {"IpAddress": {"acs:SourceIp": ["192.0.2.0/24"]}}


def test_an_administrator_grant_under_a_condition_is_still_sensitive() -> None:
    """`*` on `*` from one network is full administration for every request from there. Before, the probe's empty
    request context did not meet the condition and no sensitive grant was reported."""
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    document["Statement"][0]["Condition"] = FROM_THE_OFFICE
    (grant,) = sensitive_grants(Evaluator([stack(document)]), DEV)
    assert grant.power == FULL_ADMINISTRATOR and grant.conditional
    assert "only for requests that meet its conditions" in grant.describe()


def test_a_conditional_deny_does_not_hide_an_administrator() -> None:
    """A Deny that holds only for some requests (here: those with no source IP) leaves the others allowed.
    Before, the probe's empty context met the Null condition and the Deny hid the administrator."""
    document = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Null": {"acs:SourceIp": "true"}}},
        ],
    }
    (grant,) = sensitive_grants(Evaluator([stack(document)]), DEV)
    assert grant.power == FULL_ADMINISTRATOR and not grant.conditional


def test_a_condition_that_can_never_hold_grants_nothing_sensitive() -> None:
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    document["Statement"][0]["Condition"] = {"NoSuchOperator": {"acs:SourceIp": "192.0.2.1"}}
    assert sensitive_grants(Evaluator([stack(document)]), DEV) == []


def test_an_escalation_step_under_a_condition_counts() -> None:
    statement = {"Effect": "Allow", "Action": "ram:AttachPolicyToUser", "Resource": f"acs:ram:*:{ACME}:user/dev"}
    text = path_of(stack({"Version": "1", "Statement": [{**statement, "Condition": FROM_THE_OFFICE}]}))
    assert text is not None and "attaches any policy to itself" in text


def test_assuming_a_role_whose_trust_has_a_condition_is_a_step() -> None:
    """A trust policy that requires MFA still lets the caller in on the requests that carry it: the step counts.
    Before, the trust side was judged against the probe's empty request only, so no path was found."""
    model = stack(allow("sts:AssumeRole"))
    model.policies["ops"] = allow("ram:*")
    statement = dict(TRUST_ACME["Statement"][0], Condition={"Bool": {"acs:MFAPresent": "true"}})
    model.roles["ops"] = {"Version": "1", "Statement": [statement]}
    text = path_of(model)
    assert text is not None and "may assume role:ops" in text and "every RAM action" in text
