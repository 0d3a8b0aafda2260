"""alicloud_gov.policy.catalog."""
