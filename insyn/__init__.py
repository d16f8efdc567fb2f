"""Insyn: follow-up of welfare providers for Swedish municipalities."""
