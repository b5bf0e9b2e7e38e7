"""Composing and delivering the outbox's notices (edu.notifications)."""
