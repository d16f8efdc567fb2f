"""Models for questionnaires (filled in by its issue)."""
