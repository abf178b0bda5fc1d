"""Spaced repetition on top of the fsrs library: settings, card states, ratings, UTC handling."""
