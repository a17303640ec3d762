"""pydantic models at every boundary: API bodies, queue messages, table items."""
