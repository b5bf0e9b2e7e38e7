"""The satisfaction survey form of the public site."""
