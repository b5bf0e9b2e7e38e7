"""The administrators' pages: users, universities, offices' certificate settings, the audit log."""
