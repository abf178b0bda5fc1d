"""quiz: a terminal interview-practice engine for AI/ML engineers."""

__version__ = "0.1.0"
