"""alicloud_gov.adopt: an existing account (or another tool's state) read into a program and import ids.

Modules: writer (declarations -> ``__main__.py``, ``Pulumi.yaml``, ``import.json``), account (a live account
read into declarations, for ``alicloud-gov adopt``).
"""
