"""A program whose findings sit on known lines: each declaring line ends with a ``# declares: NAME`` marker.

tests/unit/test_sarif_locations.py finds the markers to know the lines, and runs a copy shifted down to show
that fingerprints do not depend on them; tests/e2e/test_sarif_validator.py validates its SARIF.
"""

import json

import alicloud_gov as gov
from alicloud_gov.components import ResourceGroupAccess

EVERYTHING = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}

gov.RamPolicy("everything", name="Everything", document=json.dumps(EVERYTHING))  # declares: everything
group = gov.ResourceGroup("netops", name="netops-prod", display_name="Network operations")
ResourceGroupAccess(  # declares: netops-access
    "netops-access",
    resource_group_id=group.resource_group_id,
    principal_type="user",
    principal_name="alice",
    system_policies=["AliyunExpressConnectFullAccess"],
)
