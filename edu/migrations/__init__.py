"""Alembic migrations; `edu db upgrade` runs them."""
