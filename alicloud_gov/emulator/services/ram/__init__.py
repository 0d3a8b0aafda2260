"""RAM 2015-05-01: backend (users, groups, roles, policies, attachments, AccessKeys), responses, errors."""
