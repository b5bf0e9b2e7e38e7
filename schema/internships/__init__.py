"""GraphQL for university internships."""
