"""A session's roster in the console: one list at a time, sorted and paged by the database."""
