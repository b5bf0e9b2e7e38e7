"""Report downloads and pages for staff."""
