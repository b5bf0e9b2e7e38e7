"""Notices to people: an outbox written with the change that causes them."""
