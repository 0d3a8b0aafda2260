"""Facts every layer shares, with no behaviour of their own: the bottom of the package.

- :mod:`~alicloud_gov.spec.tokens`: the package name and the Pulumi type tokens.
- :mod:`~alicloud_gov.spec.names`: name rules and limits per entity (RAM, ResourceManager, STS, ECR), the
  account UID rule, each with the Alibaba Cloud document it comes from.
- :mod:`~alicloud_gov.spec.arns`: RAM ARNs, built and parsed.
- :mod:`~alicloud_gov.spec.principals`: principal types (user, group, role) in RAM's and ResourceManager's
  spellings, and ResourceManager principal names (``alice@acme.onaliyun.com``).
- :mod:`~alicloud_gov.spec.schema`: the resource types of the package (inputs, outputs, ids).
- :mod:`~alicloud_gov.spec.trust`: trust policies built from trusted accounts, services and providers.

Nothing here imports another module of the package, so every layer may import it.
"""
