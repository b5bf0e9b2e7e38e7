"""Requests for a voter-education session: the public form and the console's list."""
