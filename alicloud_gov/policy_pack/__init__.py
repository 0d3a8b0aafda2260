"""CrossGuard: the same checks inside ``pulumi preview --policy-pack DIR``.

``alicloud-gov policy-pack DIR`` writes a pack folder whose ``__main__.py`` calls
:func:`alicloud_gov.policy_pack.pack.serve`; see :mod:`alicloud_gov.policy_pack.pack`.
"""
