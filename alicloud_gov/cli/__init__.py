"""alicloud_gov.cli."""
