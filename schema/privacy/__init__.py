"""Personal data rights over GraphQL: staff on a request, the person with their own token."""
