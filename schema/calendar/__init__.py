"""GraphQL of calendar feeds: subscribe links, rotating and revoking the personal URL."""
