"""Rubric scoring of free-text answers: concepts, evidence spans, negation, misconceptions."""
