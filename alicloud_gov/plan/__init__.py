"""alicloud_gov.plan."""
