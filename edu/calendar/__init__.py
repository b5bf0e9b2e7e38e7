"""Calendar feeds: who may open which feed, and what it shows."""
