"""Evidence for assessors: the audit chain checked, anchored and exported."""
