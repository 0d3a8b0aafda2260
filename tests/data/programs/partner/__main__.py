"""A small program for the mocked-run tests: a role trusted by a partner, the partner's assume-role policy."""

import json

import pulumi

import alicloud_gov as gov

config = pulumi.Config()
partner = gov.Provider("partner", endpoint="127.0.0.1:1", access_key_id="k", access_key_secret="s")
role = gov.RamRole(
    "ops", trusted_accounts=[config.require("partnerAccount")], description=config.require_secret("token")
)
gov.RamPolicy(
    "assume-ops",
    document=role.arn.apply(
        lambda arn: json.dumps(
            {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn}]}
        )
    ),
    opts=pulumi.ResourceOptions(provider=partner),
)
pulumi.export("roleArn", role.arn)
