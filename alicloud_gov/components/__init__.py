"""alicloud_gov.components."""
