"""alicloud_gov.policy_pack."""
