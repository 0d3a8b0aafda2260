"""STS 2015-04-01: backend (temporary credentials), responses, errors."""
