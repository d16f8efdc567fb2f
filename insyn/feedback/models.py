"""Models for feedback (filled in by its issue)."""
