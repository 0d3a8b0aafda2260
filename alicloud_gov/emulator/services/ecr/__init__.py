"""ExpressConnectRouter 2023-09-01: backend (ECRs, grants, associations, child VBRs), responses, errors."""
