"""Check-in at the door: today's sessions and the one-field check-in page."""
