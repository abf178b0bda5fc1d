"""Numeric problem templates, seeded instances and the unit-aware answer checker."""
