"""The ``alicloud-gov`` Pulumi resource provider (plugin side).

Modules: ``schema`` (resource types as data, the package schema), ``values`` (property values <-> plain
Python), ``config`` (provider configuration), ``validate`` and ``documents`` (offline input and policy
checks), ``handlers/`` (create, read, update, delete per resource type over :mod:`alicloud_gov.cloud`),
``provider`` (the Provider the engine talks to) and ``server`` (the ``pulumi-resource-alicloud-gov``
executable). Programs run offline under mocks live in :mod:`alicloud_gov.program`.
"""
