"""Decks of flash cards made from the bank, and their export to Anki."""
