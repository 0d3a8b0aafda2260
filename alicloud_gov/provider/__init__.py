"""alicloud_gov.provider."""
