"""The outbox as staff see it: notices per session and per person, and resending."""
