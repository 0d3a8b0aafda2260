"""alicloud_gov.emulator."""
