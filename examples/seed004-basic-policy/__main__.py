"""Seed 004 (resource permissions): the ARN format and the seed's basic policy.

An ARN is ``acs:<service-name>:<region>:<account-id>:<resource-relative-id>``; ``*`` stands for any region or
account, and an empty region for services without regions (OSS). The seed's policy has two statements:
view all ECS instances in one region (``ecs:Describe*`` on ``acs:ecs:cn-hangzhou:*:*``), and read the objects
of the bucket ``mybucket`` (``oss:ListObjects``, ``oss:GetObject``) only from given source addresses. The
seed's addresses were lost in its text; ``sourceIps`` (stack config, comma-separated) sets them and defaults
to two documentation ranges.
"""

import pulumi

import alicloud_gov.resources as gov

config = pulumi.Config()
region = config.get("ecsRegion") or "cn-hangzhou"
bucket = config.get("bucket") or "mybucket"
source_ips = [ip.strip() for ip in (config.get("sourceIps") or "203.0.113.0/24,198.51.100.7").split(",")]

basic = gov.RamPolicy(
    "basic-policy",
    name="EcsDescribeOssBucketRead",
    description=f"Describe ECS in {region}; read OSS bucket {bucket} from {', '.join(source_ips)}",
    document={
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "ecs:Describe*",
                "Resource": f"acs:ecs:{region}:*:*",
            },
            {
                "Effect": "Allow",
                "Action": ["oss:ListObjects", "oss:GetObject"],
                "Resource": [f"acs:oss:*:*:{bucket}", f"acs:oss:*:*:{bucket}/*"],
                "Condition": {"IpAddress": {"acs:SourceIp": source_ips}},
            },
        ],
    },
)

# "The primary account must first create an authorization policy. Then ... attach the policy to the RAM user."
reader = gov.RamUser("reader", name="bucket-reader", display_name="ECS viewer and bucket reader")
gov.PolicyAttachment(
    "reader-basic-policy",
    principal_type="user",
    principal_name=reader.name,
    policy_name=basic.name,
    policy_type="Custom",
)

pulumi.export("policyName", basic.name)
pulumi.export("reader", reader.principal_name)
