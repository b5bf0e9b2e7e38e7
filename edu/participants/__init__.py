"""Participants of voter education: contact, profile and consent."""
