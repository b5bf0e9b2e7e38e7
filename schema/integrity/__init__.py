"""The satisfaction survey, its index and the division's reports."""
