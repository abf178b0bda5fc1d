"""The unit-aware calculator: the source of truth for every number the app shows."""
