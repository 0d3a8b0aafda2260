"""alicloud_gov.cloud."""
