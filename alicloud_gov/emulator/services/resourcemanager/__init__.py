"""ResourceManager 2020-03-31: backend (groups, placements, group-scope attachments), responses, errors."""
