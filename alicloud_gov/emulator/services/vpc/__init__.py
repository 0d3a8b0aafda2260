"""VPC 2016-04-28: backend (VPCs, VBRs), responses, errors."""
