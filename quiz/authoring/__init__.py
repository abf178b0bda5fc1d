"""Authoring: the checks that need the problem and grading layers (template compilation at load
time, lint), kept above them so that `quiz.bank` only reads and validates YAML."""
