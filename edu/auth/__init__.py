"""Who is asking: staff and participant tokens, roles and scopes."""
