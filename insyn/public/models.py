"""Models for public (filled in by its issue)."""
