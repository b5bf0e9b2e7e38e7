"""The deployment's stored settings: what every process must agree on (its public URL)."""
