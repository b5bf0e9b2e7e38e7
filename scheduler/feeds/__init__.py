"""iCalendar feeds: building, caching and serving them."""
