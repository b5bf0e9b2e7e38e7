"""The second sign-in step, enrolling in two-factor sign-in, and "my account"."""
