"""Backups of the database and the data folder, and restoring them."""
