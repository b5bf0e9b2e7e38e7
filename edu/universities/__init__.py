"""Universities that send interns, each with its coordinators."""
