"""Registrations, the waitlist, attendance and check-in."""
