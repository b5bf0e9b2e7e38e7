"""Idempotency keys: a retried mutation answers its first result and writes nothing."""
