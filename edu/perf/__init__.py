"""Speed where crowds come: the data version, bounded response caches, the token cache."""
