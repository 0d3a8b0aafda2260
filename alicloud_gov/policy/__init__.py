"""alicloud_gov.policy."""
