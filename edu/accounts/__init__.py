"""Staff accounts for people: usernames, passwords, sign-in limits and browser sessions."""
