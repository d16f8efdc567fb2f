"""Models for ratings (filled in by its issue)."""
