"""API tokens: the administrator's list and revocation, a participant's rotation."""
