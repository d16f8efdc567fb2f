"""Models for followup (filled in by its issue)."""
