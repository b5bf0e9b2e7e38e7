"""Voter-education sessions: planning, the status workflow and facilitators."""
