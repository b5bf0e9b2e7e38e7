"""Who runs a session: officers assign facilitators and take them off."""
