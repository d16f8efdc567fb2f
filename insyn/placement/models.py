"""Models for placement (filled in by its issue)."""
