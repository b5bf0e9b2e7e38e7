"""The public transparency page of the service standards and the satisfaction index."""
