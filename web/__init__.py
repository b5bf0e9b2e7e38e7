"""The site for people: pages over the same services as the GraphQL API (see ARCHITECTURE)."""
